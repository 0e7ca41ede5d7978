/// Compresses one series' rollups of one resolution into a `RollupBlock`, appending one rollup at a
/// time in increasing order of start; the format is described on `RollupBlock`.
public struct RollupBlockEncoder: Sendable {
    /// The bucket width, milliseconds (60,000 for 1-minute rollups).
    public let resolution: Int64
    private var writer: BitWriter
    /// How many rollups have been appended.
    public private(set) var count = 0
    /// The first rollup's start, Unix milliseconds; nil while the block is empty.
    public private(set) var firstStart: Int64?
    private var previousStart: Int64 = 0
    private var previousCount = 0
    private var previousOffset: UInt64 = 0
    /// The previous sum, whose partials are the references of the next sum's.
    private var previousSum = ExactSum()
    /// The previous sum's value when it was not finite, else 0.
    private var previousSpecial: UInt64 = 0
    private var previousHasSpecial = false
    private var previousShape = RollupBlock.ValueShape.general
    private var previousLast: UInt64 = 0
    private var previousMin: UInt64 = 0
    private var previousMax: UInt64 = 0
    /// Windows of the sum's largest partial, second largest, and all smaller ones.
    private var partialWindows = [XORValueEncoder](repeating: XORValueEncoder(), count: 3)
    private var specialWindow = XORValueEncoder()
    private var lastWindow = XORValueEncoder()
    private var minWindow = XORValueEncoder()
    private var maxWindow = XORValueEncoder()

    /// Creates an empty block for rollups `resolution` milliseconds wide, with room for about
    /// `rollups` rollups at 64 bits each before the stream grows.
    /// - Precondition: `resolution` > 0.
    public init(resolution: Int64, reservingRollups rollups: Int = 0) {
        precondition(resolution > 0, "a rollup resolution must be positive")
        self.resolution = resolution
        writer = BitWriter(reservingBits: 64 + max(0, rollups) * 64)
    }

    /// The last rollup's start, Unix milliseconds; nil while the block is empty.
    public var lastStart: Int64? { count == 0 ? nil : previousStart }

    /// The size of the bit stream so far, without the count header and padding.
    public var bitCount: Int { writer.bitCount }

    /// Appends a rollup.
    /// - Throws: `RollupBlockError.outOfOrder` for a start not after the last one; the block is then
    ///   unchanged.
    /// - Complexity: O(p) for the p partials of its sum (1–3 for real data).
    public mutating func append(_ rollup: Rollup) throws(RollupBlockError) {
        if count == 0 {
            writer.write(UInt64(bitPattern: rollup.start), bits: 64)
            firstStart = rollup.start
        } else {
            guard rollup.start > previousStart else {
                throw .outOfOrder(previous: previousStart, got: rollup.start)
            }
            writeGap(UInt64(bitPattern: rollup.start) &- UInt64(bitPattern: previousStart))
        }
        previousStart = rollup.start
        writeCount(rollup.count)
        writeLastTimestamp(rollup.lastTimestamp, start: rollup.start)
        writeSum(rollup.sum)
        writeValues(rollup)
        count &+= 1
    }

    private mutating func writeGap(_ gap: UInt64) {
        let step = UInt64(resolution)
        if gap == step {
            writer.write(bit: false)
        } else if gap % step == 0 {
            writer.write(0b10, bits: 2)
            writeWidthPrefixed(gap / step)
        } else {
            writer.write(0b11, bits: 2)
            writer.write(gap, bits: 64)
        }
    }

    private mutating func writeCount(_ rollupCount: Int) {
        if rollupCount == previousCount {
            writer.write(bit: false)
        } else {
            writer.write(bit: true)
            writeWidthPrefixed(UInt64(bitPattern: Int64(rollupCount)))
            previousCount = rollupCount
        }
    }

    /// Each bucket's prefix and payload go out in one write.
    private mutating func writeLastTimestamp(_ lastTimestamp: Int64, start: Int64) {
        let offset = UInt64(bitPattern: lastTimestamp) &- UInt64(bitPattern: start)
        let raw = offset &- previousOffset
        let delta = Int64(bitPattern: raw)
        previousOffset = offset
        if delta == 0 {
            writer.write(bit: false)
        } else if delta >= -63 && delta <= 64 {
            writer.write(0b10 &<< 7 | raw & 0x7F, bits: 9)
        } else if delta >= -32_767 && delta <= 32_768 {
            writer.write(0b110 &<< 16 | raw & 0xFFFF, bits: 19)
        } else if delta >= -2_147_483_647 && delta <= 2_147_483_648 {
            writer.write(0b1110 &<< 32 | raw & 0xFFFF_FFFF, bits: 36)
        } else {
            writer.write(0b1111, bits: 4)
            writer.write(raw, bits: 64)
        }
    }

    private mutating func writeSum(_ sum: ExactSum) {
        // Partials are read in place (`ExactSum.partials` would build an array per rollup).
        let value = sum.value
        let hasSpecial = !value.isFinite
        let special = hasSpecial ? value.bitPattern : 0
        let n = sum.partialCount
        let previousN = previousSum.partialCount
        if n == previousN && hasSpecial == previousHasSpecial {
            writer.write(bit: false)
        } else {
            writer.write(bit: true)
            writeWidthPrefixed(UInt64(n))
            writer.write(bit: hasSpecial)
        }
        for rank in 0..<n {
            let reference = rank < previousN ? previousSum.partial(at: previousN &- 1 &- rank).bitPattern : 0
            let bits = sum.partial(at: n &- 1 &- rank).bitPattern
            partialWindows[min(rank, 2)].write(xor: bits ^ reference, to: &writer)
        }
        if hasSpecial {
            specialWindow.write(xor: special ^ previousSpecial, to: &writer)
        }
        previousSum = sum
        previousSpecial = special
        previousHasSpecial = hasSpecial
    }

    private mutating func writeValues(_ rollup: Rollup) {
        let last = rollup.last.bitPattern
        let min = rollup.min.bitPattern
        let max = rollup.max.bitPattern
        let shape = RollupBlock.ValueShape(min: min, max: max, last: last)
        if shape == previousShape {
            writer.write(bit: false)
        } else {
            writer.write(0b100 | shape.rawValue, bits: 3)
            previousShape = shape
        }
        lastWindow.write(xor: last ^ previousLast, to: &writer)
        if shape.storesMin { minWindow.write(xor: min ^ previousMin, to: &writer) }
        if shape.storesMax { maxWindow.write(xor: max ^ previousMax, to: &writer) }
        previousLast = last
        previousMin = min
        previousMax = max
    }

    /// 6 bits of width - 1, then `value` in that width (at least 1 bit).
    private mutating func writeWidthPrefixed(_ value: UInt64) {
        let width = Swift.max(1, 64 &- value.leadingZeroBitCount)
        writer.write(UInt64(width &- 1), bits: 6)
        writer.write(value, bits: width)
    }

    /// The block as bytes: the LEB128 rollup count, then the bit stream padded to a whole byte.
    /// - Complexity: O(`bitCount`).
    public var bytes: [UInt8] {
        writer.bytes(countHeader: count)
    }

    /// The block sealed as an immutable value with its bytes, start range and checksum.
    /// - Complexity: O(`bitCount`).
    public var block: RollupBlock {
        let range = firstStart.map { $0...previousStart }
        return RollupBlock(bytes: bytes, count: count, resolution: resolution, startRange: range)
    }
}
