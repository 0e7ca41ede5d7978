/// Which series a query reads: a metric name and label matchers, written PromQL-style.
///
/// ```
/// system.cpu.utilization{cpu="total",state!="idle"}
/// {__name__=~"system\\.disk\\..*"}
/// process.cpu.utilization{process.executable.name=~"ngin.*"}
/// system.memory.usage
/// ```
///
/// Metric and label names follow OpenTelemetry conventions, `[A-Za-z_][A-Za-z0-9_.]*`. Label values are
/// double- or single-quoted with the escapes `\"`, `\'`, `\\`, `\n`, `\r`, `\t`. Regular expressions are
/// anchored at both ends, as in PromQL. A label a series does not have counts as the empty string. A
/// selector needs a metric name or at least one matcher that does not match the empty string, so that it
/// can never select every series by accident.
///
/// Matchers are kept in a canonical order (label, operator, value), so equal selectors compare and hash
/// equal and `description` is stable: parsing it gives the same selector back.
public struct SeriesSelector: Hashable, Sendable, CustomStringConvertible {
    /// The metric name the series must have exactly, if the selector names one (written before the braces
    /// or as `__name__="…"`).
    public let name: String?
    /// The other matchers in canonical order; a `__name__` matcher here applies to the metric name.
    public let matchers: [LabelMatcher]

    /// A selector for metric `name` with optional further matchers; always valid.
    ///
    /// - Complexity: O(m log m) for m matchers.
    public init(name: String, matchers: [LabelMatcher] = []) {
        self.init(validatedName: name, matchers: matchers)
    }

    /// Parses PromQL-style selector text.
    ///
    /// - Throws: `SelectorError` with the 1-based column, what was expected there and what was found.
    /// - Complexity: O(n) for n characters, plus compiling each regular expression.
    public init(parsing text: String) throws(SelectorError) {
        var parser = SelectorParser(text)
        self = try parser.parse()
    }

    init(validatedName name: String?, matchers: [LabelMatcher]) {
        self.name = name
        self.matchers = matchers.sorted { lhs, rhs in
            (lhs.label, lhs.op, lhs.value) < (rhs.label, rhs.op, rhs.value)
        }
    }

    /// Whether the series `key` is selected. A label the series lacks matches as the empty string.
    ///
    /// - Complexity: O(m · k) for m matchers and k labels on the key, plus regex matching.
    public func matches(_ key: SeriesKey) -> Bool {
        if let name, key.name != name { return false }
        for matcher in matchers {
            let value = matcher.label == Self.nameLabel ? key.name : (key[label: matcher.label] ?? "")
            if !matcher.matches(value) { return false }
        }
        return true
    }

    /// The canonical text: `name{label="value",…}`, `name` alone without matchers, and the name as a
    /// leading `__name__` matcher when it is not a valid bare name or other `__name__` matchers follow.
    ///
    /// - Complexity: O(total length of names and values).
    public var description: String {
        var prefix = ""
        var parts = matchers.map(\.description)
        if let name {
            // A bare name followed by a `__name__` matcher would not parse back (the name would be given twice).
            if Self.isValidName(name), !matchers.contains(where: { $0.label == Self.nameLabel }) {
                prefix = name
            } else {
                parts.insert("\(Self.nameLabel)=\(LabelMatcher.quoted(name))", at: 0)
            }
        }
        if parts.isEmpty { return prefix }
        return prefix + "{" + parts.joined(separator: ",") + "}"
    }

    /// The pseudo-label that stands for the metric name in matchers.
    public static let nameLabel = "__name__"

    /// Whether `text` is a valid metric or label name: `[A-Za-z_][A-Za-z0-9_.]*`.
    ///
    /// - Complexity: O(n).
    public static func isValidName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isNameStart(first) else { return false }
        return text.unicodeScalars.allSatisfy(isNameContinuation)
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "_": return true
        default: return false
        }
    }

    static func isNameContinuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "_", "0"..."9", ".": return true
        default: return false
        }
    }
}
