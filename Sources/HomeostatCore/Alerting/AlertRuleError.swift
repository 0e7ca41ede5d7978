/// A rule is invalid: which rule, which field, what was expected and what was found.
///
/// `description` reads `alert rule "high_cpu": threshold: expected a finite number, got nan`;
/// ``AlertRuleParser`` reports the same problems with the key path and line (``AlertRuleIssue``).
public struct AlertRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var rule: String
    /// The field as written in YAML/JSON: `threshold`, `clear_threshold`, `actions.webhook`.
    public var field: String
    public var expected: String
    public var got: String

    public init(rule: String, field: String, expected: String, got: String) {
        self.rule = rule
        self.field = field
        self.expected = expected
        self.got = got
    }

    public var description: String { "alert rule \"\(rule)\": \(field): expected \(expected), got \(got)" }
}
