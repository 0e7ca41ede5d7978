/// A query time, duration or step could not be parsed. Names the input, the specific problem when there is
/// one, and every accepted form.
///
/// `invalid time "yesterday"; expected Unix seconds (1795557245, 1795557245.5), RFC 3339 (…) or …`
public struct QueryTimeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A point in time: `--start`, `--end`, `start=`, `end=`.
        case time
        /// A length of time, such as the offset in `now-1h`.
        case duration
        /// A query resolution (`--step`): a duration greater than zero.
        case step
    }

    public var kind: Kind
    /// The text as given.
    public var input: String
    /// The specific problem (`month 13 is out of range 01–12`), or nil when the text has none of the forms.
    public var reason: String?

    public init(_ kind: Kind, input: String, reason: String? = nil) {
        self.kind = kind
        self.input = input
        self.reason = reason
    }

    /// The forms `kind` accepts, with examples.
    public var acceptedForms: String {
        switch kind {
        case .time:
            return "Unix seconds (1795557245, 1795557245.5), RFC 3339 (2026-11-24T21:54:05Z, "
                + "2026-11-24T22:54:05.250+01:00) or a time relative to now (now, now-1h, -30m; "
                + "units ms, s, m, h, d, w)"
        case .duration, .step:
            return "seconds (15, 0.5) or numbers with units from largest to smallest (15s, 1m, 1h30m; "
                + "units ms, s, m, h, d, w)"
        }
    }

    public var description: String {
        var text = "invalid \(kind.rawValue) \"\(input)\""
        if let reason { text += ": \(reason)" }
        return text + "; expected " + acceptedForms
    }
}
