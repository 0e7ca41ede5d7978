import HomeostatCore

/// A query of metric memory: which series, which time range, and how to fold it.
///
/// `homeostat query SELECTOR --start T --end T [--step S] [--agg FN] [--tier T]` and
/// `GET /api/v1/query?series=&start=&end=&step=&agg=&tier=` build one of these.
///
/// | step | agg | answer |
/// |---|---|---|
/// | – | – | raw tier: every sample; rollup tier: each bucket's average at its start |
/// | – | FN | one point: FN over the whole range, at `start` |
/// | S | – | `avg` per step window |
/// | S | FN | FN per step window |
///
/// Step windows start at multiples of the step since the Unix epoch, so the first one may begin
/// before `start` (and include the samples there).
public struct MetricQuery: Sendable, Equatable {
    public var selector: SeriesSelector
    /// Unix milliseconds, inclusive.
    public var start: Int64
    /// Unix milliseconds, inclusive.
    public var end: Int64
    /// Window width in milliseconds, nil for none.
    public var step: Int64?
    public var aggregation: QueryAggregation?
    /// The tier to read; nil lets the engine pick the finest one whose retention covers `start`.
    public var tier: MemoryTier?

    public init(
        selector: SeriesSelector, start: Int64, end: Int64, step: Int64? = nil, aggregation: QueryAggregation? = nil,
        tier: MemoryTier? = nil
    ) {
        self.selector = selector
        self.start = start
        self.end = end
        self.step = step
        self.aggregation = aggregation
        self.tier = tier
    }
}

/// A query could not be answered; the description says why and what to change.
public struct QueryError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The range or step does not make sense (start after end).
        case invalidRange
        /// The answer would hold more points per series than ``MetricQueryEngine/maximumPointsPerSeries``.
        case tooManyPoints
        /// The store could not be read.
        case store
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
