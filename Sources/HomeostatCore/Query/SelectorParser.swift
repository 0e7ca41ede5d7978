/// Recursive-descent parser for `SeriesSelector` text; see `SeriesSelector` for the grammar.
///
/// Works on the text's characters so that error columns are what a person counts on screen.
struct SelectorParser {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        characters = Array(text)
    }

    /// - Complexity: O(n) for n characters, plus compiling each regular expression.
    mutating func parse() throws(SelectorError) -> SeriesSelector {
        skipWhitespace()
        var name: String?
        if let first = current, isNameStart(first) {
            name = readName()
            skipWhitespace()
        }
        var matchers: [LabelMatcher] = []
        if current == "{" {
            index += 1
            matchers = try parseMatchers(givenName: name)
            skipWhitespace()
        } else if name == nil {
            throw failure(expected: "a metric name or '{'")
        }
        if current != nil {
            throw failure(expected: matchers.isEmpty && name != nil ? "'{' or end of input" : "end of input")
        }
        if name == nil,
            let index = matchers.firstIndex(where: { $0.label == SeriesSelector.nameLabel && $0.op == .equal })
        {
            name = matchers.remove(at: index).value
        }
        if name == nil, matchers.allSatisfy(\.matchesEmpty) {
            throw SelectorError(
                .matchesEverything, column: 1,
                expected: "a metric name or a matcher that does not match the empty string",
                got: matchers.isEmpty ? "no matchers" : "only matchers that match the empty string")
        }
        return SeriesSelector(validatedName: name, matchers: matchers)
    }

    /// Parses `label op "value", …}` after the opening brace, consuming the closing brace.
    private mutating func parseMatchers(givenName: String?) throws(SelectorError) -> [LabelMatcher] {
        var matchers: [LabelMatcher] = []
        skipWhitespace()
        while current != "}" {
            guard let first = current, isNameStart(first) else {
                throw failure(expected: matchers.isEmpty ? "a label name or '}'" : "a label name")
            }
            let labelColumn = index + 1
            let label = readName()
            if let givenName, label == SeriesSelector.nameLabel {
                throw SelectorError(
                    .duplicateName, column: labelColumn,
                    expected: "no '__name__' matcher, since the metric name '\(givenName)' is given",
                    got: "'__name__'")
            }
            skipWhitespace()
            let op = try parseOperator()
            skipWhitespace()
            let valueColumn = index + 1
            let (value, literal) = try parseString()
            do {
                matchers.append(try LabelMatcher(label, op, value))
            } catch {
                throw SelectorError(
                    .invalidRegex, column: valueColumn, expected: "a valid regular expression", got: literal,
                    detail: "\(error)")
            }
            skipWhitespace()
            if current == "," {
                index += 1
                skipWhitespace()
            } else if current != "}" {
                throw failure(expected: "',' or '}' after a label matcher")
            }
        }
        index += 1
        return matchers
    }

    private mutating func parseOperator() throws(SelectorError) -> LabelMatcher.Operator {
        let expected = "a matcher operator ('=', '!=', '=~' or '!~')"
        switch current {
        case "=":
            index += 1
            if current == "~" {
                index += 1
                return .matchesRegex
            }
            return .equal
        case "!":
            index += 1
            switch current {
            case "=":
                index += 1
                return .notEqual
            case "~":
                index += 1
                return .doesNotMatchRegex
            default:
                throw failure(expected: "'=' or '~' after '!'")
            }
        default:
            throw failure(expected: expected)
        }
    }

    /// Reads a quoted string; returns the unescaped value and the literal as written (for messages).
    private mutating func parseString() throws(SelectorError) -> (value: String, literal: String) {
        guard let quote = current, quote == "\"" || quote == "'" else {
            throw failure(expected: "'\"' to start a label value")
        }
        let start = index
        index += 1
        var value = ""
        while let character = current {
            index += 1
            if character == quote {
                return (value, String(characters[start..<index]))
            }
            guard character == "\\" else {
                value.append(character)
                continue
            }
            switch current {
            case "\"": value.append("\"")
            case "'": value.append("'")
            case "\\": value.append("\\")
            case "n": value.append("\n")
            case "r": value.append("\r")
            case "t": value.append("\t")
            default:
                throw failure(expected: #"an escape sequence (\", \', \\, \n, \r or \t)"#)
            }
            index += 1
        }
        throw failure(expected: "\(describe(quote)) to close the label value opened at column \(start + 1)")
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }

    private mutating func readName() -> String {
        let start = index
        index += 1
        while let character = current, isNameContinuation(character) { index += 1 }
        return String(characters[start..<index])
    }

    private mutating func skipWhitespace() {
        while let character = current, character.isWhitespace { index += 1 }
    }

    private func isNameStart(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && SeriesSelector.isNameStart(character.unicodeScalars.first!)
    }

    private func isNameContinuation(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && SeriesSelector.isNameContinuation(character.unicodeScalars.first!)
    }

    /// A syntax error at the current position.
    private func failure(expected: String) -> SelectorError {
        SelectorError(.syntax, column: index + 1, expected: expected, got: current.map(describe) ?? "end of input")
    }

    private func describe(_ character: Character) -> String {
        switch character {
        case "\n": return #"'\n'"#
        case "\r": return #"'\r'"#
        case "\t": return #"'\t'"#
        default: return "'\(character)'"
        }
    }
}
