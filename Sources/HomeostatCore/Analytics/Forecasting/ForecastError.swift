/// Why a series cannot be forecast as asked; names what was expected and what was there.
///
/// `too few points: holt-winters-additive (m=24) needs at least 48 values, got 30`
public struct ForecastError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for matching in `catch`.
    public enum Code: String, Sendable, Equatable {
        /// The series is shorter than the model needs.
        case tooFewPoints = "too few points"
        /// A value is NaN or infinite.
        case nonFiniteValue = "non-finite value"
        /// A multiplicative model was asked for a series with a value ≤ 0.
        case nonPositiveValue = "non-positive value"
        /// The horizon is 0, negative, or absurdly long.
        case invalidHorizon = "invalid horizon"
        /// The confidence level is not in (0, 1).
        case invalidConfidence = "invalid confidence level"
        /// The seasonal period is below 2.
        case invalidPeriod = "invalid period"
        /// Every candidate failed or blew up.
        case noUsableModel = "no usable model"
    }

    public var code: Code
    public var expected: String
    public var got: String

    public init(_ code: Code, expected: String, got: String) {
        self.code = code
        self.expected = expected
        self.got = got
    }

    public var description: String { "\(code.rawValue): expected \(expected), got \(got)" }
}
