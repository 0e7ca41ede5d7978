/// How a rule reduces a series over its window before comparing.
public enum AlertWindowAggregation: String, Sendable, Hashable, Codable, CaseIterable {
    case avg, min, max
}

/// An optional evaluation window: the rule compares the aggregate of the samples of the last
/// `seconds` instead of the latest sample alone.
public struct AlertWindow: Sendable, Hashable, Codable {
    /// Seconds of samples aggregated; greater than 0.
    public var seconds: Double
    public var aggregation: AlertWindowAggregation

    public init(seconds: Double, aggregation: AlertWindowAggregation = .avg) {
        self.seconds = seconds
        self.aggregation = aggregation
    }
}
