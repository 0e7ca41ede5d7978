/// The step windows of a range query: window k covers `[start + k·step, start + (k+1)·step)`, cut at
/// `end`, and its point is reported at the window's start. All times are Unix milliseconds.
///
/// On a rollup tier a bucket belongs to the window holding its start, so windows are exact when `start`
/// and `step` are multiples of the tier's resolution.
public struct QueryWindows: Sendable, Equatable {
    public let start: Int64
    /// Inclusive.
    public let end: Int64
    /// > 0.
    public let step: Int64

    /// - Precondition: `start <= end`, `step > 0`.
    public init(start: Int64, end: Int64, step: Int64) {
        precondition(start <= end && step > 0, "windows need start <= end and a positive step")
        self.start = start
        self.end = end
        self.step = step
    }

    /// How many windows there are: ⌊(end − start) / step⌋ + 1 (saturating).
    public var count: Int {
        let span = end.subtractingReportingOverflow(start)
        guard !span.overflow else { return Int.max }
        return Int(span.partialValue / step) + 1
    }

    /// The window holding `timestamp`, nil outside `[start, end]`. - Complexity: O(1).
    @inline(__always)
    public func index(of timestamp: Int64) -> Int? {
        guard timestamp >= start && timestamp <= end else { return nil }
        return Int((timestamp &- start) / step)
    }

    /// Start of window `index`.
    public func windowStart(_ index: Int) -> Int64 { start &+ Int64(index) &* step }
}

/// One result point: Unix milliseconds and a value (NaN and ±inf possible).
public struct QueryPoint: Sendable, Equatable {
    public var timestamp: Int64
    public var value: Double

    public init(timestamp: Int64, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }

    /// Bitwise equality, so NaN results compare in tests.
    public func isIdentical(to other: QueryPoint) -> Bool {
        timestamp == other.timestamp && value.bitPattern == other.value.bitPattern
    }
}
