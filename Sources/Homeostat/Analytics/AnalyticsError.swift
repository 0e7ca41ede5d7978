/// An analysis could not run; names the parameter at fault when there is one.
///
/// `period: invalid duration "soon": expected a duration (1h, 24h, 7d, 1h30m) or N_unit (30_days, …)`
public struct AnalyticsError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A parameter is out of range (`period`, `step`, `max_lag`, `top`, `series`); HTTP 400.
        case invalidParameter
        /// Reading the metric memory failed; HTTP 500.
        case store
        /// Nothing collected yet to analyze; HTTP 503, retry after a collection interval.
        case noData
    }

    public var kind: Kind
    /// The parameter at fault, nil for store failures.
    public var parameter: String?
    public var message: String

    public init(_ kind: Kind, parameter: String? = nil, _ message: String) {
        self.kind = kind
        self.parameter = parameter
        self.message = message
    }

    public var description: String { parameter.map { "\($0): \(message)" } ?? message }

    init(_ error: QueryError, parameter: String) {
        self.init(
            error.kind == .store ? .store : .invalidParameter, parameter: error.kind == .store ? nil : parameter,
            error.message)
    }
}
