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
