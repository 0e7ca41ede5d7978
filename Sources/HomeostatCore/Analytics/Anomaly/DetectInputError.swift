/// A line of `homeostat detect` input that is not what the CSV format requires; names the line, what
/// was expected and what was there.
///
/// `line 7: value: expected a number (or NaN, or empty for a missing sample), got "abc"`
public struct DetectInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number in the input.
    public var line: Int
    /// The field at fault (`timestamp`, `value`), or nil for the header or the line as a whole.
    public var field: String?
    public var expected: String
    /// The offending text (shortened to 80 characters), or `end of input`.
    public var got: String

    public init(line: Int, field: String? = nil, expected: String, got: String) {
        self.line = line
        self.field = field
        self.expected = expected
        self.got = got
    }

    public var description: String {
        "line \(line): " + (field.map { "\($0): " } ?? "") + "expected \(expected), got \(got)"
    }

    /// Quotes `text` for `got`, shortened to 80 characters.
    static func quoted(_ text: Substring) -> String {
        let shown = text.count > 80 ? text.prefix(77) + "..." : text
        return "\"\(shown)\""
    }
}
