import HomeostatCore

/// The answer of ``PerformanceAnalytics/analyzeTrends(period:selector:now:step:)``, the JSON of
/// `GET /api/v1/analytics/trends` and `homeostat trends --json`: per series, its trend and what it means.
///
/// Series are ordered degrading first, then changing, improving, stable, undefined; within a verdict by
/// p-value, then by selector text.
public struct TrendReport: Sendable, Codable, Equatable {
    public struct Series: Sendable, Codable, Equatable {
        public var name: String
        public var labels: [String: String]
        /// UCUM unit when the metric is in the sensors' catalog, else nil.
        public var unit: String?
        /// Windows with data.
        public var points: Int
        /// Theil–Sen slope in the metric's unit per hour; nil when undefined.
        public var slopePerHour: Double?
        /// Sen's 95 % interval for the slope, per hour.
        public var slopePerHourLow: Double?
        public var slopePerHourHigh: Double?
        /// Mann–Kendall two-sided p-value and Kendall's τ against time.
        public var pValue: Double?
        public var tau: Double?
        /// The fitted line at the first and the last window with data, in the metric's unit.
        public var fittedStart: Double?
        public var fittedEnd: Double?
        /// fittedEnd − fittedStart, relative to |fittedStart| (see ``TrendEstimate/relativeChange``).
        public var relativeChange: Double?
        public var polarity: MetricPolarity
        /// nil when undefined (see ``reason``).
        public var verdict: TrendVerdict?
        /// Why there is no trend (fewer than 3 windows with data).
        public var reason: String?
        /// 40 columns of window averages, for terminals.
        public var sparkline: String

        /// `name{label="value",…}`.
        public var selectorText: String {
            SeriesKey(name, labels.map { Label($0.key, $0.value) }).description
        }

        enum CodingKeys: String, CodingKey {
            case name, labels, unit, points, tau, polarity, verdict, reason, sparkline
            case slopePerHour = "slope_per_hour"
            case slopePerHourLow = "slope_per_hour_low"
            case slopePerHourHigh = "slope_per_hour_high"
            case pValue = "p_value"
            case fittedStart = "fitted_start"
            case fittedEnd = "fitted_end"
            case relativeChange = "relative_change"
        }
    }

    /// Unix seconds of the analysed range.
    public var start: Double
    public var end: Double
    public var periodSeconds: Double
    public var stepSeconds: Double
    public var tier: String
    /// The significance level and minimum relative change behind the verdicts.
    public var significanceLevel: Double
    public var minimumRelativeChange: Double
    public var series: [Series]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case start, end, tier, series, warnings
        case periodSeconds = "period_seconds"
        case stepSeconds = "step_seconds"
        case significanceLevel = "significance_level"
        case minimumRelativeChange = "minimum_relative_change"
    }
}
