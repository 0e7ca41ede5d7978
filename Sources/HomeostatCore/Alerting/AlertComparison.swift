/// How a rule compares a series' value with its threshold: `>`, `>=`, `<`, `<=`.
public enum AlertComparison: String, Sendable, Hashable, Codable, CaseIterable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="

    /// Whether `value` is on the alerting side of `threshold`. NaN is never.
    ///
    /// - Complexity: O(1).
    @inlinable
    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .greater: return value > threshold
        case .greaterOrEqual: return value >= threshold
        case .less: return value < threshold
        case .lessOrEqual: return value <= threshold
        }
    }

    /// Whether the alert fires on high values (`>`, `>=`).
    public var firesHigh: Bool { self == .greater || self == .greaterOrEqual }
}

/// How urgent an alert is; receivers route on it.
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case info, warning, critical
}

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
