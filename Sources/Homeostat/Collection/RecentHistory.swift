import DequeModule
import HomeostatCore

/// The agent's short in-memory history: per series, the last `capacity` (time, value) points.
///
/// Stored per series rather than per snapshot, so a series costs 16 bytes a point however many
/// labels it has (300 points × 200 series ≈ 1 MB). A series not updated for `capacity` cycles is
/// dropped, so vanished devices and processes do not accumulate.
public struct RecentHistory: Sendable {
    public struct Point: Sendable, Equatable {
        public var time: Double
        public var value: Double
    }
    private struct Entry: Sendable {
        var unit: String
        var points: Deque<Point>
        var lastCycle: Int

        mutating func push(_ point: Point, capacity: Int, cycle: Int) {
            if points.count >= capacity { points.removeFirst() }
            points.append(point)
            lastCycle = cycle
        }
    }
    /// Points kept per series.
    public let capacity: Int
    private var series: [SeriesKey: Entry] = [:]
    private var cycle = 0

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Adds one snapshot's samples.
    /// - Complexity: O(n) in the number of samples, plus O(s) every `capacity` cycles to drop stale series.
    public mutating func append(_ snapshot: Snapshot) {
        cycle += 1
        for sample in snapshot.samples {
            let point = Point(time: snapshot.timestamp, value: sample.value)
            if let index = series.index(forKey: sample.series) {
                series.values[index].push(point, capacity: capacity, cycle: cycle)
            } else {
                var points = Deque<Point>(minimumCapacity: min(capacity, 16))
                points.append(point)
                series[sample.series] = Entry(unit: sample.unit, points: points, lastCycle: cycle)
            }
        }
        if cycle % capacity == 0 {
            let oldest = cycle - capacity
            series = series.filter { $0.value.lastCycle > oldest }
        }
    }

    /// Points of every series whose name is `name` (or starts with `name` followed by `.` when
    /// `prefix` is true) and that carry all `labels`, newer than `since` (Unix seconds).
    public func points(
        named name: String, prefix: Bool = false, labels: [Label] = [], since: Double = -.infinity
    ) -> [(series: SeriesKey, unit: String, points: [Point])] {
        series.compactMap { key, entry in
            let nameMatches = key.name == name || (prefix && key.name.hasPrefix(name + "."))
            guard nameMatches, labels.allSatisfy({ key[label: $0.name] == $0.value }) else { return nil }
            return (key, entry.unit, entry.points.filter { $0.time > since })
        }
        .sorted { $0.series < $1.series }
    }

    /// Every series summarized over its points newer than `since` (Unix seconds): window mean and
    /// latest value, for ``USEMethod``. Series without such points are left out.
    /// - Parameters:
    ///   - seconds: the window's length, reported in the result.
    ///   - end: the window's end (Unix seconds), reported in the result.
    /// - Complexity: O(s · w) for s series and w points in the window.
    public func window(since: Double, seconds: Double, end: Double) -> WindowedMetrics {
        var window = WindowedMetrics(seconds: seconds, end: end)
        for (key, entry) in series {
            let recent = entry.points.reversed().prefix { $0.time > since }
            guard !recent.isEmpty else { continue }
            window.add(key, unit: entry.unit, samples: recent.reversed().map(\.value))
        }
        return window
    }

    /// Number of series held.
    public var seriesCount: Int { series.count }
}
