/// A series selector could not be parsed: where, what was expected and what was found.
///
/// Rendered as `column 24: expected '"' to start a label value, got 'x'`; the column is 1-based and counts
/// characters of the selector text.
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The text does not follow the selector grammar.
        case syntax
        /// A `=~` or `!~` value is not a valid regular expression.
        case invalidRegex
        /// Every matcher matches the empty string and there is no metric name, so the selector would select
        /// every series (PromQL rejects this too).
        case matchesEverything
        /// The metric name is given twice: before the braces and as a `__name__` matcher.
        case duplicateName
    }

    public var kind: Kind
    /// 1-based character column in the selector text.
    public var column: Int
    public var expected: String
    public var got: String
    /// Extra explanation, such as the regex engine's message; rendered after `got` when present.
    public var detail: String?

    public init(_ kind: Kind, column: Int, expected: String, got: String, detail: String? = nil) {
        self.kind = kind
        self.column = column
        self.expected = expected
        self.got = got
        self.detail = detail
    }

    public var description: String {
        var text = "column \(column): expected \(expected), got \(got)"
        if let detail { text += " (\(detail))" }
        return text
    }
}
