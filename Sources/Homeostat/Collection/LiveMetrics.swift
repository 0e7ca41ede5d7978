import HomeostatCore
import Synchronization

/// The latest snapshot and the recent history, shared between the collector (one writer) and the
/// HTTP handlers and library callers (many readers). Readers hold the lock only to copy out.
public final class LiveMetrics: Sendable {
    private struct State: Sendable {
        var latest: Snapshot?
        var history: RecentHistory
        var cycles = 0
        var skippedTicks = 0
    }
    private let state: Mutex<State>

    /// - Parameter historyCapacity: points kept per series (history seconds ÷ collection interval).
    public init(historyCapacity: Int) {
        state = Mutex(State(history: RecentHistory(capacity: historyCapacity)))
    }

    /// Publishes a new snapshot. - Complexity: O(n) in its samples.
    public func publish(_ snapshot: Snapshot, skippedTicks: Int = 0) {
        state.withLock { s in
            s.latest = snapshot
            s.history.append(snapshot)
            s.cycles += 1
            s.skippedTicks += skippedTicks
        }
    }

    /// The most recent snapshot, nil before the first collection.
    public var latest: Snapshot? { state.withLock { $0.latest } }

    /// Collections done, and scheduled ticks skipped because a collection overran its interval.
    public var counts: (cycles: Int, skippedTicks: Int) { state.withLock { ($0.cycles, $0.skippedTicks) } }

    /// The last `seconds` of history before the latest snapshot (itself included), summarized per
    /// series; nil before the first collection. See ``RecentHistory/window(since:seconds:end:)``.
    public func window(seconds: Double) -> WindowedMetrics? {
        state.withLock { s in
            s.latest.map { s.history.window(since: $0.timestamp - seconds, seconds: seconds, end: $0.timestamp) }
        }
    }

    /// See ``RecentHistory/points(named:prefix:labels:since:)``.
    public func history(named name: String, prefix: Bool = false, labels: [Label] = [], since: Double = -.infinity)
        -> [(series: SeriesKey, unit: String, points: [RecentHistory.Point])]
    {
        state.withLock { $0.history.points(named: name, prefix: prefix, labels: labels, since: since) }
    }
}
