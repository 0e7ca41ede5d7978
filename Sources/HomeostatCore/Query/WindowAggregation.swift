/// Folds a series' samples or rollups into one point per step window (``QueryWindows``): the pure core
/// of a range query. Windows without data give no point.
///
/// `avg`, `min`, `max`, `sum`, `count` and `last` fold raw samples into a ``Rollup`` per window and
/// rollups by ``Rollup/merge(_:)``, so both paths give bit-for-bit the same numbers over bucket-aligned
/// windows (the exact sum makes `avg` and `sum` independent of order).
public enum WindowAggregation {
    /// Points from raw samples in time order. For `rate`, samples before `windows.start` may be passed:
    /// the last one within a step before a window is that window's baseline; other aggregations ignore
    /// samples outside the windows.
    /// - Complexity: O(n) for n samples; O(n log n) for `quantile`.
    public static func points(
        samples: some Collection<ChunkDecoder.Sample>, windows: QueryWindows, aggregation: QueryAggregation
    ) -> [QueryPoint] {
        switch aggregation {
        case .rate:
            return rate(samples, windows: windows)
        case .quantile(let q):
            return quantiles(samples.lazy.map { ($0.timestamp, $0.value) }, windows: windows, q: q)
        default:
            var folder = RollupFolder(windows: windows, aggregation: aggregation)
            for sample in samples {
                guard let index = windows.index(of: sample.timestamp) else { continue }
                folder.add(index, timestamp: sample.timestamp, value: sample.value)
            }
            return folder.finish()
        }
    }

    /// Points from rollups in time order; a rollup belongs to the window holding its start.
    /// `rate` uses each rollup's last sample, `quantile` each rollup's average (approximations).
    /// - Complexity: O(r) for r rollups; O(r log r) for `quantile`.
    public static func points(rollups: [Rollup], windows: QueryWindows, aggregation: QueryAggregation) -> [QueryPoint] {
        switch aggregation {
        case .rate:
            let lastSamples = rollups.lazy.filter { $0.count > 0 && $0.lastTimestamp != .min }
                .map { (timestamp: $0.lastTimestamp, value: $0.last) }
            return rate(Array(lastSamples), windows: windows)
        case .quantile(let q):
            return quantiles(
                rollups.lazy.filter { $0.count > 0 }.map { ($0.start, $0.average) }, windows: windows, q: q)
        default:
            var folder = RollupFolder(windows: windows, aggregation: aggregation)
            for rollup in rollups where rollup.count > 0 {
                guard let index = windows.index(of: rollup.start) else { continue }
                folder.merge(index, rollup)
            }
            return folder.finish()
        }
    }

    /// The q-quantile of sorted values, linear between closest ranks (rank q·(n−1)); nil when empty.
    public static func quantile(_ q: Double, sorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = q * Double(values.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = Swift.min(lower + 1, values.count - 1)
        let fraction = rank - Double(lower)
        if fraction == 0 { return values[lower] }
        return values[lower] + (values[upper] - values[lower]) * fraction
    }

    /// The value an exact aggregation reports for a folded window.
    static func value(of rollup: Rollup, _ aggregation: QueryAggregation) -> Double {
        switch aggregation {
        case .average: rollup.average
        case .minimum: rollup.min
        case .maximum: rollup.max
        case .sum: rollup.sum.value
        case .count: Double(rollup.count)
        case .last: rollup.last
        case .rate, .quantile: .nan
        }
    }

    private static func quantiles(
        _ values: some Sequence<(Int64, Double)>, windows: QueryWindows, q: Double
    ) -> [QueryPoint] {
        var points: [QueryPoint] = []
        var current: Int?
        var bucket: [Double] = []
        func emit() {
            guard let index = current else { return }
            bucket.sort()
            if let value = quantile(q, sorted: bucket) {
                points.append(QueryPoint(timestamp: windows.windowStart(index), value: value))
            }
            bucket.removeAll(keepingCapacity: true)
        }
        for (timestamp, value) in values {
            guard let index = windows.index(of: timestamp), !value.isNaN else { continue }
            if index != current {
                emit()
                current = index
            }
            bucket.append(value)
        }
        emit()
        return points
    }

    private static func rate(_ samples: some Collection<ChunkDecoder.Sample>, windows: QueryWindows) -> [QueryPoint] {
        var points: [QueryPoint] = []
        var previous: ChunkDecoder.Sample?
        var current: Int?
        var increase = 0.0
        var firstTime: Int64 = 0
        var lastTime: Int64 = 0
        func emit() {
            guard let index = current, lastTime > firstTime else { return }
            let seconds = Double(lastTime - firstTime) / 1000
            points.append(QueryPoint(timestamp: windows.windowStart(index), value: increase / seconds))
        }
        for sample in samples where !sample.value.isNaN {
            defer { previous = sample }
            guard let index = windows.index(of: sample.timestamp) else { continue }
            if index != current {
                emit()
                current = index
                increase = 0
                firstTime = sample.timestamp
                lastTime = sample.timestamp
                // The baseline: the sample just before, if it lies within one step before the window.
                if let previous, previous.timestamp >= windows.windowStart(index) &- windows.step {
                    firstTime = previous.timestamp
                    increase += sample.value >= previous.value ? sample.value - previous.value : sample.value
                }
                continue
            }
            if let previous {
                increase += sample.value >= previous.value ? sample.value - previous.value : sample.value
            }
            lastTime = sample.timestamp
        }
        emit()
        return points
    }
}

/// Per-window rollups for the exact aggregations, emitted in window order.
///
/// A window that receives a single rollup (a bucket-sized step, the common case) reports from that
/// rollup directly; merging starts only when a second one arrives, so the per-bucket path copies
/// no sums.
private struct RollupFolder {
    let windows: QueryWindows
    let aggregation: QueryAggregation
    private var current = Rollup(start: 0)
    private var currentIndex = -1
    private var points: [QueryPoint] = []

    init(windows: QueryWindows, aggregation: QueryAggregation) {
        self.windows = windows
        self.aggregation = aggregation
    }

    /// Adds a raw sample to window `index`; inputs come in time order, so a new index closes the last.
    mutating func add(_ index: Int, timestamp: Int64, value: Double) {
        if index != currentIndex {
            close()
            currentIndex = index
            current = Rollup(start: windows.windowStart(index))
        }
        current.add(timestamp: timestamp, value: value)
    }

    /// Merges a rollup into window `index`.
    mutating func merge(_ index: Int, _ rollup: Rollup) {
        if index != currentIndex {
            close()
            currentIndex = index
            current = rollup
            return
        }
        current.merge(rollup)
    }

    /// The points, closing the last window.
    mutating func finish() -> [QueryPoint] {
        close()
        return points
    }

    private mutating func close() {
        guard currentIndex >= 0, current.count > 0 else { return }
        points.append(
            QueryPoint(
                timestamp: windows.windowStart(currentIndex), value: WindowAggregation.value(of: current, aggregation)))
    }
}
