/// The input of a statistical routine cannot be used; the message says what was expected and what came.
///
/// `mismatched lengths: x has 10 values, y has 9; the series must be aligned`
public struct StatisticsError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Two inputs that must be aligned element by element have different lengths.
        case mismatchedLengths
        /// Fewer usable (finite, pairwise complete) points than the method needs.
        case tooFewPoints
        /// A parameter is out of its range (a confidence level outside (0, 1), a negative lag).
        case invalidParameter
        /// An input that must be finite (an x coordinate) is NaN or infinite.
        case nonFiniteInput
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    static func mismatched(_ first: String, _ firstCount: Int, _ second: String, _ secondCount: Int) -> Self {
        StatisticsError(
            .mismatchedLengths,
            "\(first) has \(firstCount) values, \(second) has \(secondCount); the series must be aligned")
    }

    static func tooFew(_ method: String, needed: Int, got: Int) -> Self {
        StatisticsError(
            .tooFewPoints, "\(method) needs at least \(needed) usable points, got \(got) (NaN values are skipped)")
    }
}
