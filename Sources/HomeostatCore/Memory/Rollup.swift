/// The exact aggregate of one series over one time bucket: count, sum, min, max and last.
///
/// Short-term memory holds 1-minute rollups, long-term memory 1-hour rollups merged from them.
/// Because the sum is an ``ExactSum``, merging rollups loses nothing: count, sum, average, min, max
/// and last over any bucket-aligned range equal, bit for bit, what the raw samples give.
///
/// NaN samples count in `count` and make `sum` NaN (as IEEE addition does); `min` and `max` skip
/// them (NaN only when every sample was NaN).
public struct Rollup: Sendable, Equatable {
    /// Start of the bucket, Unix milliseconds, a multiple of the resolution.
    public var start: Int64
    public var count: Int = 0
    public var sum = ExactSum()
    public var min = Double.nan
    public var max = Double.nan
    /// The latest sample's value and time (Unix milliseconds).
    public var last = Double.nan
    public var lastTimestamp = Int64.min

    public init(start: Int64) {
        self.start = start
    }

    /// `sum / count`, NaN for an empty bucket.
    public var average: Double { count == 0 ? .nan : sum.value / Double(count) }

    /// Adds one raw sample. - Complexity: O(1) amortized.
    public mutating func add(timestamp: Int64, value: Double) {
        count += 1
        sum.add(value)
        if !value.isNaN {
            if min.isNaN || value < min { min = value }
            if max.isNaN || value > max { max = value }
        }
        if timestamp >= lastTimestamp {
            last = value
            lastTimestamp = timestamp
        }
    }

    /// Folds in another rollup of the same series (a finer one, or an adjacent bucket).
    public mutating func merge(_ other: Rollup) {
        guard other.count > 0 else { return }
        count += other.count
        sum.merge(other.sum)
        if !other.min.isNaN && (min.isNaN || other.min < min) { min = other.min }
        if !other.max.isNaN && (max.isNaN || other.max > max) { max = other.max }
        if other.lastTimestamp >= lastTimestamp {
            last = other.last
            lastTimestamp = other.lastTimestamp
        }
    }
}

/// Consolidates one series, in time order, into rollups of a fixed resolution: raw samples into
/// 1-minute buckets, or 1-minute rollups into 1-hour buckets. A bucket is handed out when the first
/// input of a later bucket arrives, or by ``flush()``. Inputs must come in time order (the chunk
/// encoder already rejects out-of-order samples); an input for an earlier bucket than the open one
/// is refused: the `add` methods then return nil and change nothing, and ``refused`` counts it.
public struct RollupBuilder: Sendable {
    /// Bucket width in milliseconds: 60,000 for short-term, 3,600,000 for long-term memory.
    public let resolution: Int64
    private var open: Rollup?
    /// Inputs refused because they belonged to a bucket before the open one.
    public private(set) var refused = 0

    public init(resolution: Int64) {
        precondition(resolution > 0, "a rollup resolution must be positive")
        self.resolution = resolution
    }

    /// The bucket start of `timestamp`: floor division, also before 1970.
    public func bucket(of timestamp: Int64) -> Int64 {
        let remainder = timestamp % resolution
        return timestamp - (remainder < 0 ? remainder + resolution : remainder)
    }

    /// Adds a raw sample; returns the previous bucket when this sample starts a new one.
    public mutating func add(timestamp: Int64, value: Double) -> Rollup? {
        guard accepts(bucket(of: timestamp)) else { return nil }
        let completed = advance(to: bucket(of: timestamp))
        open!.add(timestamp: timestamp, value: value)
        return completed
    }

    /// Adds a finer rollup (its whole bucket must lie inside one of ours); returns the previous
    /// bucket when this one starts a new one.
    public mutating func add(_ rollup: Rollup) -> Rollup? {
        guard accepts(bucket(of: rollup.start)) else { return nil }
        let completed = advance(to: bucket(of: rollup.start))
        open!.merge(rollup)
        return completed
    }

    /// The bucket still receiving inputs, if any (a copy; it stays open).
    public var openBucket: Rollup? { open }

    /// Hands out the open bucket, if any.
    public mutating func flush() -> Rollup? {
        defer { open = nil }
        return open
    }

    private mutating func accepts(_ start: Int64) -> Bool {
        guard let openStart = open?.start, start < openStart else { return true }
        refused += 1
        return false
    }

    private mutating func advance(to start: Int64) -> Rollup? {
        if open?.start == start { return nil }
        let completed = open
        open = Rollup(start: start)
        return completed
    }
}
