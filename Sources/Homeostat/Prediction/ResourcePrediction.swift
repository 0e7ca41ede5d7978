/// The answer of ``HomeostatEngine/predictResourceNeeds(timeHorizon:confidenceLevel:)``, of
/// `GET /api/v1/predict` and of `homeostat predict --json`: per resource, the model chosen by backtest,
/// its forecast over the horizon, and when a share with a capacity of 1 is forecast to reach it.
public struct ResourcePrediction: Codable, Sendable, Equatable {
    /// One resource's forecast, or why there is none.
    public struct Resource: Codable, Sendable, Equatable {
        /// `cpu`, `memory`, `filesystem /home`, `disk sda`, `network eth0 receive`.
        public var resource: String
        /// The series read, as a selector (CPU is 1 − the idle share of this series).
        public var series: String
        /// The values' unit: `1` for shares, `By/s` for network throughput.
        public var unit: String
        /// The level that counts as exhausted (1 for memory and filesystems), nil for none (a busy CPU
        /// saturates rather than runs out; disks and network have no known capacity).
        public var capacity: Double?
        /// Points of history on the regular grid.
        public var points: Int
        /// The grid step, in seconds (nil without history).
        public var stepSeconds: Double?
        /// The model chosen by rolling-origin backtests (`damped-holt`, `theta`, …).
        public var model: String?
        /// The chosen model's mean absolute scaled error in the backtests (below 1 beats the naive forecast).
        public var backtestMASE: Double?
        /// The last value of the history.
        public var current: Double?
        /// The forecast mean at the horizon.
        public var meanAtHorizon: Double?
        /// The largest forecast mean over the horizon.
        public var peakMean: Double?
        /// The interval's lower bound at the horizon, clipped to [0, capacity] like the other bounds.
        public var lowerAtHorizon: Double?
        /// The interval's upper bound at the horizon.
        public var upperAtHorizon: Double?
        /// The largest upper bound over the horizon.
        public var peakUpper: Double?
        /// Seconds after the last point at which the interval's upper bound first reaches the capacity;
        /// nil when it does not within the horizon or there is no capacity.
        public var exhaustionSeconds: Double?
        /// Seconds after the last point at which the forecast mean first reaches the capacity, or nil.
        public var meanExhaustionSeconds: Double?
        /// Why there is no forecast: `insufficient history (12 points, need 300)` (at least 30 points and
        /// a history as long as the horizon), or a forecasting error.
        public var problem: String?

        public init(resource: String, series: String, unit: String, capacity: Double?, points: Int) {
            self.resource = resource
            self.series = series
            self.unit = unit
            self.capacity = capacity
            self.points = points
        }

        enum CodingKeys: String, CodingKey {
            case resource, series, unit, capacity, points, model, current, problem
            case stepSeconds = "step_seconds"
            case backtestMASE = "backtest_mase"
            case meanAtHorizon = "mean_at_horizon"
            case peakMean = "peak_mean"
            case lowerAtHorizon = "lower_at_horizon"
            case upperAtHorizon = "upper_at_horizon"
            case peakUpper = "peak_upper"
            case exhaustionSeconds = "exhaustion_seconds"
            case meanExhaustionSeconds = "mean_exhaustion_seconds"
        }
    }

    /// Unix seconds of the prediction.
    public var generatedAt: Double
    /// The horizon, in seconds.
    public var horizonSeconds: Double
    /// The intervals' nominal coverage, in (0, 1).
    public var confidenceLevel: Double
    /// Resources in a fixed order: CPU, memory, filesystems, disks, network (each by label).
    public var resources: [Resource]
    /// Problems that did not stop the prediction, such as a skipped corrupted chunk.
    public var warnings: [String]

    public init(
        generatedAt: Double, horizonSeconds: Double, confidenceLevel: Double, resources: [Resource],
        warnings: [String]
    ) {
        self.generatedAt = generatedAt
        self.horizonSeconds = horizonSeconds
        self.confidenceLevel = confidenceLevel
        self.resources = resources
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case resources, warnings
        case generatedAt = "generated_at"
        case horizonSeconds = "horizon_seconds"
        case confidenceLevel = "confidence_level"
    }
}
