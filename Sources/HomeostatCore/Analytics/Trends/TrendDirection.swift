/// Which way of a metric is better, read from its name, its labels and its unit.
///
/// Rules, first match wins (tokens are the name's parts split at `.` and `_`, lower-cased):
///
/// | # | when | polarity | examples |
/// |---|---|---|---|
/// | 1 | a `state` or `kind` label is `idle`, `free` or `available` | higher is better | `system.cpu.utilization{state="idle"}`, `system.memory.usage{state="free"}` |
/// | 2 | a token is `error(s)`, `failure(s)`, `failed`, `dropped`, `rejected`, `timeout(s)`, `retransmits`, `throttled` | higher is worse | `system.network.errors`, `homeostat.memory.rejected` |
/// | 3 | a token is `available`, `free`, `idle`, `throughput`, `served`, `success`, `hit`, `hits`, `goodput` | higher is better | `system.linux.memory.available`, `homeostat.memory.hit_ratio` |
/// | 4 | a token is `latency`, `duration`, `time`, `wait`, `await`, `queue`, `backlog`, `pressure`, `stall`, `utilization`, `usage`, `load`, `saturation`, `faults`, `swap`, `paging` | higher is worse | `system.disk.average_wait`, `http.server.duration`, `system.pressure.stall` |
/// | 5 | the unit is a time (`s`, `ms`, `us`, `ns`, `min`, `h`) | higher is worse | an application timer |
/// | 6 | a token is `requests`, `request`, `ops`, `operations`, `transactions`, `queries`, `responses` | higher is better (work served) | `http.server.requests.rate` |
/// | 7 | otherwise | neutral | `system.network.io`, `system.cpu.logical.count` |
public enum MetricPolarity: String, Sendable, Codable, CaseIterable {
    /// Rising is a degradation (latency, errors, utilization, pressure, queues, waits).
    case higherIsWorse = "higher_is_worse"
    /// Rising is an improvement (throughput, requests served, free or available capacity).
    case higherIsBetter = "higher_is_better"
    /// No known better direction.
    case neutral

    private static let goodStates: Set<String> = ["idle", "free", "available"]
    private static let failureTokens: Set<String> = [
        "error", "errors", "failure", "failures", "failed", "dropped", "rejected", "timeout", "timeouts",
        "retransmits", "throttled",
    ]
    private static let betterTokens: Set<String> = [
        "available", "free", "idle", "throughput", "served", "success", "hit", "hits", "goodput",
    ]
    private static let worseTokens: Set<String> = [
        "latency", "duration", "time", "wait", "await", "queue", "backlog", "pressure", "stall", "utilization",
        "usage", "load", "saturation", "faults", "swap", "paging",
    ]
    private static let timeUnits: Set<String> = ["s", "ms", "us", "µs", "ns", "min", "h"]
    private static let workTokens: Set<String> = [
        "requests", "request", "ops", "operations", "transactions", "queries", "responses",
    ]

    /// The polarity of a series from its name, labels and (when known) UCUM unit; see the table above.
    /// - Complexity: O(length of the name + labels).
    public init(name: String, labels: [Label] = [], unit: String? = nil) {
        let tokens = Set(name.lowercased().split(whereSeparator: { $0 == "." || $0 == "_" }).map(String.init))
        let states = labels.filter { $0.name == "state" || $0.name == "kind" }.map { $0.value.lowercased() }
        if states.contains(where: Self.goodStates.contains) {
            self = .higherIsBetter
        } else if !tokens.isDisjoint(with: Self.failureTokens) {
            self = .higherIsWorse
        } else if !tokens.isDisjoint(with: Self.betterTokens) {
            self = .higherIsBetter
        } else if !tokens.isDisjoint(with: Self.worseTokens) {
            self = .higherIsWorse
        } else if let unit, Self.timeUnits.contains(unit) {
            self = .higherIsWorse
        } else if !tokens.isDisjoint(with: Self.workTokens) {
            self = .higherIsBetter
        } else {
            self = .neutral
        }
    }

    /// The polarity of a series key (name and labels) with an optional unit.
    public init(_ key: SeriesKey, unit: String? = nil) {
        self.init(name: key.name, labels: key.labels, unit: unit)
    }
}

/// What a trend means for the metric.
public enum TrendVerdict: String, Sendable, Codable, CaseIterable {
    /// A significant change in the worse direction.
    case degrading
    /// A significant change of a metric with no known better direction.
    case changing
    /// A significant change in the better direction.
    case improving
    /// No significant trend, or one too small to matter.
    case stable

    /// Sort order for reports: degrading first, then changing, improving, stable.
    public var urgency: Int {
        switch self {
        case .degrading: 0
        case .changing: 1
        case .improving: 2
        case .stable: 3
        }
    }
}

/// When a trend counts: significance (Mann–Kendall p < ``significanceLevel``) and a relative change over the
/// period of at least ``minimumRelativeChange``.
public struct TrendCriteria: Sendable, Equatable {
    /// The largest p-value that is significant: 0.05 by default.
    public var significanceLevel: Double
    /// The smallest |relative change| over the period that matters: 0.05 (5 %) by default.
    public var minimumRelativeChange: Double

    public init(significanceLevel: Double = 0.05, minimumRelativeChange: Double = 0.05) {
        self.significanceLevel = significanceLevel
        self.minimumRelativeChange = minimumRelativeChange
    }

    /// The verdict for a trend of `slope` (sign only) with p-value `pValue` and relative change
    /// `relativeChange` (nil when the baseline is zero: then significance alone decides).
    /// - Complexity: O(1).
    public func verdict(slope: Double, pValue: Double, relativeChange: Double?, polarity: MetricPolarity)
        -> TrendVerdict
    {
        guard pValue < significanceLevel, slope != 0 else { return .stable }
        if let relativeChange, abs(relativeChange) < minimumRelativeChange { return .stable }
        switch polarity {
        case .neutral: return .changing
        case .higherIsWorse: return slope > 0 ? .degrading : .improving
        case .higherIsBetter: return slope > 0 ? .improving : .degrading
        }
    }
}
