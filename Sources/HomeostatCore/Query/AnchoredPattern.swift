/// A regular expression matched against a whole label value, as PromQL anchors `=~` and `!~`:
/// `ngin.*` matches `nginx` but `ngin` does not.
///
/// The pattern is compiled once, at parse time. Patterns without regex metacharacters are compared as plain
/// strings, which is what most `=~"a|b"`-free selectors in practice need and is much cheaper.
/// `.` matches newlines too, as in Prometheus 3.
struct AnchoredPattern: Hashable, @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: every stored property is a `let`. `Regex` is a value type whose only
    // mutable state is the lazily lowered program inside its internal `Program` class; the standard library
    // publishes that with an atomic initialize-once (`_loweredProgramStorage`), so concurrent matches are
    // safe. We also force the lowering in `init` (the `matchesEmpty` probe), so the value is fully built
    // before it can be shared.
    private enum Compiled {
        case literal(String)
        case regex(Regex<AnyRegexOutput>)
    }

    /// The pattern as written in the selector (after unescaping the string literal).
    let pattern: String
    /// Whether the pattern matches the empty string (decides PromQL's "selects everything" rule).
    let matchesEmpty: Bool
    private let compiled: Compiled

    /// - Throws: the regex parser's error when `pattern` is not a valid regular expression.
    /// - Complexity: O(p) for a pattern of length p, plus the regex compiler's cost.
    init(_ pattern: String) throws {
        self.pattern = pattern
        if pattern.unicodeScalars.contains(where: { Self.metacharacters.contains($0) }) {
            let regex = try Regex<AnyRegexOutput>(pattern).dotMatchesNewlines()
            compiled = .regex(regex)
            matchesEmpty = (try? regex.wholeMatch(in: "")) != nil
        } else {
            compiled = .literal(pattern)
            matchesEmpty = pattern.isEmpty
        }
    }

    /// Whether the whole of `value` matches.
    ///
    /// - Complexity: O(n) for a literal pattern; the regex engine's cost otherwise (backtracking, so
    ///   pathological patterns can be super-linear).
    func matches(_ value: String) -> Bool {
        switch compiled {
        case .literal(let literal):
            return value == literal
        case .regex(let regex):
            return (try? regex.wholeMatch(in: value)) != nil
        }
    }

    static func == (lhs: AnchoredPattern, rhs: AnchoredPattern) -> Bool { lhs.pattern == rhs.pattern }

    func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    private static let metacharacters: Set<Unicode.Scalar> = [
        "\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$",
    ]
}
