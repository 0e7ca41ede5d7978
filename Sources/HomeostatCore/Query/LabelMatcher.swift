/// One condition of a series selector on one label: `cpu="total"`, `state!="idle"`, `device=~"sd.*"`.
///
/// A series without the label is treated as having it with the empty value, as in PromQL: `state!="idle"`
/// matches a series with no `state` label, `state=""` selects exactly those series.
public struct LabelMatcher: Hashable, Sendable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable, Comparable {
        /// `=`: the value equals.
        case equal = "="
        /// `!=`: the value differs.
        case notEqual = "!="
        /// `=~`: the whole value matches the regular expression.
        case matchesRegex = "=~"
        /// `!~`: the whole value does not match the regular expression.
        case doesNotMatchRegex = "!~"

        /// Canonical order: `=`, `!=`, `=~`, `!~`.
        public static func < (lhs: Operator, rhs: Operator) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The label name; `__name__` means the metric name.
    public let label: String
    public let op: Operator
    /// The value or regular expression as written, unescaped.
    public let value: String
    private let pattern: AnchoredPattern?

    /// An `=` or `!=` matcher, or a regex matcher whose pattern is compiled here.
    ///
    /// - Throws: the regex parser's error when `op` is a regex operator and `value` is not a valid pattern.
    /// - Complexity: O(v) for a value of length v, plus regex compilation.
    public init(_ label: String, _ op: Operator, _ value: String) throws {
        self.label = label
        self.op = op
        self.value = value
        switch op {
        case .equal, .notEqual:
            pattern = nil
        case .matchesRegex, .doesNotMatchRegex:
            pattern = try AnchoredPattern(value)
        }
    }

    /// Whether this matcher accepts `value` (pass `""` for a missing label).
    ///
    /// - Complexity: O(n) for `=` and `!=`; the regex engine's cost for `=~` and `!~`.
    public func matches(_ value: String) -> Bool {
        switch op {
        case .equal: return value == self.value
        case .notEqual: return value != self.value
        case .matchesRegex: return pattern!.matches(value)
        case .doesNotMatchRegex: return !pattern!.matches(value)
        }
    }

    /// Whether this matcher accepts the empty string, i.e. series that lack the label.
    public var matchesEmpty: Bool { matches("") }

    /// `label="value"` with the value escaped so that parsing it gives this matcher back.
    public var description: String {
        "\(label)\(op.rawValue)\(Self.quoted(value))"
    }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.label == rhs.label && lhs.op == rhs.op && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(label)
        hasher.combine(op)
        hasher.combine(value)
    }

    /// A double-quoted string literal with `\`, `"`, newline, carriage return and tab escaped.
    static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
