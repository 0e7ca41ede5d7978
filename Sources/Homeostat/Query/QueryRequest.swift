import HomeostatCore

/// A query as text parameters (`series`, `start`, `end`, `step`, `agg`, `tier`), parsed and checked
/// once for the HTTP API and the CLI alike.
///
/// Without `start`, `end`, `step`, `agg` and `tier`, it asks for the latest value of each series.
/// Otherwise `end` defaults to now and `start` to one hour before `end`.
public struct QueryRequest: Sendable {
    public var selector: SeriesSelector
    /// The range query, nil for latest values.
    public var range: MetricQuery?

    /// The accepted parameter names.
    public static let parameterNames = ["series", "start", "end", "step", "agg", "tier"]

    /// - Parameters:
    ///   - parameter: the text of a parameter by name, nil when absent.
    ///   - now: Unix milliseconds, for relative times and defaults.
    /// - Throws: ``QueryRequestError`` naming the parameter, what it got and what it accepts.
    public init(parameter: (String) -> String?, now: Int64) throws(QueryRequestError) {
        guard let seriesText = parameter("series"), !seriesText.isEmpty else {
            throw QueryRequestError(
                parameter: "series", message: "missing; give a selector such as system.cpu.utilization{cpu=\"total\"}")
        }
        do {
            selector = try SeriesSelector(parsing: seriesText)
        } catch {
            throw QueryRequestError(parameter: "series", message: "\(seriesText): \(error)")
        }
        let isRange = ["start", "end", "step", "agg", "tier"].contains { parameter($0) != nil }
        guard isRange else { return }
        func time(_ name: String) throws(QueryRequestError) -> Int64? {
            guard let text = parameter(name) else { return nil }
            do { return try QueryTime.parse(text, now: now) } catch {
                throw QueryRequestError(parameter: name, message: error.description)
            }
        }
        let end = try time("end") ?? now
        let start = try time("start") ?? end &- 3_600_000
        var step: Int64?
        if let text = parameter("step") {
            do { step = try QueryTime.step(text) } catch {
                throw QueryRequestError(parameter: "step", message: error.description)
            }
        }
        var aggregation: QueryAggregation?
        if let text = parameter("agg") {
            do { aggregation = try QueryAggregation(parsing: text) } catch {
                throw QueryRequestError(parameter: "agg", message: error.description)
            }
        }
        var tier: MemoryTier?
        if let text = parameter("tier") {
            guard let parsed = MemoryTier(rawValue: text.lowercased()) else {
                throw QueryRequestError(
                    parameter: "tier", message: "invalid tier \"\(text)\"; expected raw, minute or hour")
            }
            tier = parsed
        }
        guard start <= end else {
            throw QueryRequestError(
                parameter: "start",
                message: "start (\(JSONText.seconds(start))) is after end (\(JSONText.seconds(end)))")
        }
        range = MetricQuery(
            selector: selector, start: start, end: end, step: step, aggregation: aggregation, tier: tier)
    }
}

/// A query parameter is missing or invalid: `step: invalid step "0s": must be greater than zero; …`.
public struct QueryRequestError: Error, Sendable, CustomStringConvertible {
    public var parameter: String
    public var message: String

    public init(parameter: String, message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { "\(parameter): \(message)" }
}
