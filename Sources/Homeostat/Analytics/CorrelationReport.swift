/// The answer of ``PerformanceAnalytics/findCorrelations(selectors:period:step:maxLag:topK:correction:now:)``,
/// the JSON of `GET /api/v1/analytics/correlations` and `homeostat correlate --json`.
public struct CorrelationReport: Sendable, Codable, Equatable {
    public struct SeriesName: Sendable, Codable, Equatable, Hashable {
        public var name: String
        public var labels: [String: String]
    }

    public struct Pair: Sendable, Codable, Equatable {
        public var a: SeriesName
        public var b: SeriesName
        /// Pearson's r at the best lag, with its 95 % Fisher-z interval when n > 3.
        public var r: Double
        public var rLow: Double?
        public var rHigh: Double?
        /// Spearman's ρ at the same lag; nil when undefined.
        public var rho: Double?
        /// Seconds b follows a (negative: b leads).
        public var lagSeconds: Double
        /// Complete pairs at that lag.
        public var n: Int
        /// p at the chosen lag; the same Bonferroni-corrected for the lags tried; then adjusted for the pairs.
        public var pValue: Double
        public var lagAdjustedPValue: Double
        public var adjustedPValue: Double

        enum CodingKeys: String, CodingKey {
            case a, b, r, rho, n
            case rLow = "r_low"
            case rHigh = "r_high"
            case lagSeconds = "lag_seconds"
            case pValue = "p_value"
            case lagAdjustedPValue = "lag_adjusted_p_value"
            case adjustedPValue = "adjusted_p_value"
        }
    }

    /// A series or pair with no correlation, and why (`constant`, `too_few_values`, or a pair's reason).
    public struct Undefined: Sendable, Codable, Equatable {
        public var series: SeriesName
        public var other: SeriesName?
        public var reason: String
    }

    public var start: Double
    public var end: Double
    public var periodSeconds: Double
    public var stepSeconds: Double
    public var maxLagSeconds: Double
    public var tier: String
    /// `bh` or `bonferroni`.
    public var correction: String
    /// Series that matched the selectors and had data.
    public var seriesCount: Int
    /// Pairs whose correlation was computed: the m of the correction.
    public var testedPairs: Int
    public var pairs: [Pair]
    public var undefined: [Undefined]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case start, end, tier, correction, pairs, undefined, warnings
        case periodSeconds = "period_seconds"
        case stepSeconds = "step_seconds"
        case maxLagSeconds = "max_lag_seconds"
        case seriesCount = "series_count"
        case testedPairs = "tested_pairs"
    }
}
