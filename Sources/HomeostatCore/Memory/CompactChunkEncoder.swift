/// Encodes a whole chunk's samples in the compact chunk format (version 2), choosing per chunk how
/// to store the values: Gorilla's XOR coding, or, when every value is a decimal with few digits,
/// scaled integers with delta or delta-of-delta coding (the ALP idea: Afroozeh and Boncz, SIGMOD
/// 2024). Lossless for every `Double`: the decimal mode is only chosen when each value comes back
/// bit for bit (``DecimalScaling``), and NaNs, -0.0 and infinities always take the XOR mode.
///
/// ## Format
/// - Byte 0: `0x00`. A version-1 chunk (``ChunkEncoder/bytes``) starts with its LEB128 sample
///   count, and the only one starting with `0x00` is the empty chunk, exactly `[0x00]`; so a chunk
///   longer than one byte that starts with `0x00` is in this format.
/// - Byte 1, the chunk's mode: bit 7 set when the timestamps are regular (every delta-of-delta is
///   0), bits 6…2 the decimal exponent `e` (0…18), bits 1…0 the value mode: 0 XOR, 1 decimal
///   delta, 2 decimal delta-of-delta.
/// - The sample count as an unsigned LEB128 varint, then a bit stream, most significant bit first,
///   zero-padded to a whole byte:
///   - Sample 0: the zigzag-encoded timestamp as a variable-width field (a 6-bit width, then that
///     many bits; width 63 stands for 64 bits): 48 bits for a time in this century. The value as
///     64 bits (XOR mode) or, in a decimal mode, the zigzag-encoded scaled integer `n₀ = v₀ × 10^e`
///     as a variable-width field.
///   - Decimal modes with two samples or more: the residuals' common divisor `k` (`0` for 1, else
///     `1` and `k` as a variable-width field), the long residual width `W` (6 bits) and, when `W`
///     is not 0, the short one `w` (6 bits). The residual of sample `i` is `(nᵢ − nᵢ₋₁) / k`
///     (delta mode) or `((nᵢ − nᵢ₋₁) − (nᵢ₋₁ − nᵢ₋₂)) / k` (delta-of-delta mode, with `n₋₁ = n₀`).
///   - Sample 1 onwards: the timestamp as in version 1 (sample 1: 6-bit width − 1 and the delta;
///     later samples: the delta-of-delta bucket), except that regular timestamps cost no bits after
///     sample 1. Then the value: XOR mode as in version 1 (``XORValueEncoder``); decimal modes with
///     `W = 0` nothing, otherwise `0` for a zero residual, `10` + `w` bits or `11` + `W` bits of the
///     zigzag-encoded residual. `w` is chosen to minimise the chunk's size.
///
/// A decimal value is decoded as `Double(n) / 10^e`, a correctly rounded division.
///
/// ## Size
/// A constant gauge at a regular interval costs its header (about 14 bytes) and nothing per
/// sample; a CPU share rounded to 4 decimals costs about 2 + 9 bits per changing sample.
public enum CompactChunkEncoder {
    /// The value modes of byte 1's low two bits.
    enum ValueMode: UInt8 {
        case xor = 0
        case decimalDelta = 1
        case decimalDeltaOfDelta = 2
    }

    /// The first byte of every non-empty chunk in this format.
    static let marker: UInt8 = 0x00

    /// The most samples a chunk in this format holds: 2^20, about 12 days at 1 s. A constant chunk
    /// spends no bits per sample, so without a bound a damaged count could make a decoder produce
    /// samples without end.
    public static let maximumCount = 1 << 20

    /// The chunk's bytes in this format.
    /// - Parameters:
    ///   - timestamps: Unix milliseconds, strictly increasing.
    ///   - values: as many values as timestamps.
    /// - Returns: `[0x00]` for no samples (the empty chunk, as in version 1).
    /// - Complexity: O(n) for n samples.
    public static func encode(timestamps: [Int64], values: [Double]) -> [UInt8] {
        precondition(timestamps.count == values.count, "CompactChunkEncoder: timestamps and values differ in count")
        precondition(
            timestamps.count <= maximumCount, "CompactChunkEncoder: \(timestamps.count) samples exceed \(maximumCount)")
        let count = timestamps.count
        guard count > 0 else { return [0x00] }
        let regular = hasRegularTimestamps(timestamps)
        // The decimal mode when it is possible and no larger: XOR coding takes at least 64 bits for
        // the first value and 1 for each later one.
        let decimal = DecimalPlan(values: values).flatMap {
            $0.valueBits < 64 &+ count || $0.valueBits <= xorValueBits(values) ? $0 : nil
        }
        let mode = decimal?.mode ?? .xor
        // Room for the whole stream in one allocation: timestamps take at most a few bits each when
        // irregular, XOR values up to 77.
        let valueBits = decimal?.valueBits ?? 64 + count * 40
        var writer = BitWriter(reservingBits: 128 + (regular ? 0 : count * 2) + valueBits)
        let modeByte = (regular ? 0x80 : 0) | UInt8(decimal?.exponent ?? 0) << 2 | mode.rawValue
        writeVariableWidth(zigzag(timestamps[0]), to: &writer)
        if let decimal {
            decimal.write(timestamps: timestamps, regular: regular, to: &writer)
        } else {
            writeXORValues(values, timestamps: timestamps, regular: regular, to: &writer)
        }
        var result: [UInt8] = [marker, modeByte]
        result.reserveCapacity(12 + (writer.bitCount + 7) / 8)
        var remaining = UInt64(count)
        while remaining >= 0x80 {
            result.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining &>>= 7
        }
        result.append(UInt8(remaining))
        writer.appendBytes(to: &result)
        return result
    }

    /// `value` as a 6-bit width, then that many bits: width 0 has no bits, and 63 stands for 64 bits
    /// (a width of 63 or 64 both take the 64-bit field).
    @inline(__always)
    static func writeVariableWidth(_ value: UInt64, to writer: inout BitWriter) {
        let width = 64 &- value.leadingZeroBitCount
        if width >= 63 {
            writer.write(63, bits: 6)
            writer.write(value, bits: 64)
        } else {
            writer.write(UInt64(width), bits: 6)
            if width > 0 { writer.write(value, bits: width) }
        }
    }

    /// Whether every delta-of-delta (from sample 2 on) is zero.
    private static func hasRegularTimestamps(_ timestamps: [Int64]) -> Bool {
        guard timestamps.count > 2 else { return true }
        let delta = timestamps[1] &- timestamps[0]
        for index in 2..<timestamps.count where timestamps[index] &- timestamps[index &- 1] != delta {
            return false
        }
        return true
    }

    /// Sample `index`'s timestamp field (index ≥ 1), as version 1 writes it, or nothing after sample 1
    /// of a regular chunk.
    @inline(__always)
    static func writeTimestamp(_ timestamps: [Int64], at index: Int, regular: Bool, to writer: inout BitWriter) {
        let delta = UInt64(bitPattern: timestamps[index]) &- UInt64(bitPattern: timestamps[index &- 1])
        if index == 1 {
            let width = 64 &- delta.leadingZeroBitCount
            writer.write(UInt64(width &- 1), bits: 6)
            writer.write(delta, bits: width)
            return
        }
        guard !regular else { return }
        let previous = UInt64(bitPattern: timestamps[index &- 1]) &- UInt64(bitPattern: timestamps[index &- 2])
        writer.writeDeltaOfDelta(Int64(bitPattern: delta &- previous))
    }

    private static func writeXORValues(
        _ values: [Double], timestamps: [Int64], regular: Bool, to writer: inout BitWriter
    ) {
        writer.write(values[0].bitPattern, bits: 64)
        var coder = XORValueEncoder()
        var previous = values[0].bitPattern
        for index in 1..<values.count {
            writeTimestamp(timestamps, at: index, regular: regular, to: &writer)
            let bits = values[index].bitPattern
            coder.write(xor: bits ^ previous, to: &writer)
            previous = bits
        }
    }

    /// The bits XOR coding spends on the values (64 for the first), without writing them.
    private static func xorValueBits(_ values: [Double]) -> Int {
        var total = 64
        var windowLeading = 64
        var windowTrailing = 0
        var previous = values[0].bitPattern
        for value in values.dropFirst() {
            let xor = value.bitPattern ^ previous
            previous = value.bitPattern
            if xor == 0 {
                total &+= 1
                continue
            }
            let leading = min(xor.leadingZeroBitCount, 31)
            let trailing = xor.trailingZeroBitCount
            if leading >= windowLeading && trailing >= windowTrailing {
                total &+= 66 &- windowLeading &- windowTrailing
            } else {
                total &+= 77 &- leading &- trailing
                windowLeading = leading
                windowTrailing = trailing
            }
        }
        return total
    }
}

/// Zigzag coding: small magnitudes of either sign become small unsigned numbers (0, -1, 1, -2 → 0, 1, 2, 3).
@inline(__always)
func zigzag(_ value: Int64) -> UInt64 {
    UInt64(bitPattern: (value &<< 1) ^ (value &>> 63))
}

/// The inverse of `zigzag`.
@inline(__always)
func unzigzag(_ value: UInt64) -> Int64 {
    Int64(bitPattern: value &>> 1) ^ -Int64(bitPattern: value & 1)
}

/// How `CompactChunkEncoder` stores a chunk whose values are all decimals at one exponent: the
/// scaled integers, the cheaper residual order, and that order's divisor and widths.
private struct DecimalPlan {
    let exponent: Int
    let integers: [Int64]
    let layout: ResidualLayout
    /// The bits the values take after the first sample's timestamp, headers included.
    let valueBits: Int

    var mode: CompactChunkEncoder.ValueMode { layout.deltaOfDelta ? .decimalDeltaOfDelta : .decimalDelta }

    /// Nil unless every value is exact at one exponent (``DecimalScaling``).
    /// - Complexity: O(n); a chunk with a non-decimal value is given up at that value.
    init?(values: [Double]) {
        var exponent = 0
        var integers: [Int64] = []
        integers.reserveCapacity(values.count)
        var raised = false
        for value in values {
            if let integer = DecimalScaling.scaled(value, exponent: exponent) {
                integers.append(integer)
                continue
            }
            guard let found = DecimalScaling.smallestExponent(of: value, from: exponent &+ 1) else { return nil }
            raised = raised || !integers.isEmpty
            exponent = found.exponent
            integers.append(found.integer)
        }
        if raised {
            // The earlier values were scaled at a smaller exponent. Exact there almost always means
            // exact at a larger one; check anyway.
            for index in values.indices {
                guard let integer = DecimalScaling.scaled(values[index], exponent: exponent) else { return nil }
                integers[index] = integer
            }
        }
        let byDelta = ResidualLayout(integers, deltaOfDelta: false)
        let byDeltaOfDelta = ResidualLayout(integers, deltaOfDelta: true)
        self.exponent = exponent
        self.integers = integers
        self.layout = byDeltaOfDelta.bits < byDelta.bits ? byDeltaOfDelta : byDelta
        self.valueBits = 6 &+ (64 &- zigzag(integers[0]).leadingZeroBitCount) &+ layout.bits
    }

    /// Writes sample 0's value, the residual header and every later sample (timestamp, then value).
    func write(timestamps: [Int64], regular: Bool, to writer: inout BitWriter) {
        CompactChunkEncoder.writeVariableWidth(zigzag(integers[0]), to: &writer)
        guard integers.count > 1 else { return }
        let divisor = layout.divisor
        if divisor == 1 {
            writer.write(bit: false)
        } else {
            writer.write(bit: true)
            CompactChunkEncoder.writeVariableWidth(UInt64(divisor), to: &writer)
        }
        let longWidth = layout.longWidth
        let shortWidth = layout.shortWidth
        writer.write(UInt64(longWidth), bits: 6)
        if longWidth > 0 { writer.write(UInt64(shortWidth), bits: 6) }
        for index in 1..<integers.count {
            CompactChunkEncoder.writeTimestamp(timestamps, at: index, regular: regular, to: &writer)
            guard longWidth > 0 else { continue }
            let residual = zigzag(
                ResidualLayout.divided(
                    ResidualLayout.residual(integers, at: index, deltaOfDelta: layout.deltaOfDelta), by: divisor))
            if residual == 0 {
                writer.write(bit: false)
            } else if 64 &- residual.leadingZeroBitCount <= shortWidth {
                writer.write(0b10 &<< UInt64(shortWidth) | residual, bits: shortWidth &+ 2)
            } else {
                writer.write(0b11 &<< UInt64(longWidth) | residual, bits: longWidth &+ 2)
            }
        }
    }
}

/// One residual order's cost: the residuals' greatest common divisor, and the short and long widths
/// that make the residuals, divided by it, smallest.
private struct ResidualLayout {
    let deltaOfDelta: Bool
    let divisor: Int64
    let longWidth: Int
    let shortWidth: Int
    /// Header (divisor, widths) and per-sample bits.
    let bits: Int

    /// Sample `index`'s residual (index ≥ 1): its delta, or its delta less the previous one (sample
    /// 1's previous delta counts as 0). Scaled integers are below 2^53, so nothing overflows.
    @inline(__always)
    static func residual(_ integers: [Int64], at index: Int, deltaOfDelta: Bool) -> Int64 {
        let delta = integers[index] &- integers[index &- 1]
        guard deltaOfDelta, index >= 2 else { return delta }
        return delta &- (integers[index &- 1] &- integers[index &- 2])
    }

    /// `residual / divisor`, without the division for the common divisor 1.
    @inline(__always)
    static func divided(_ residual: Int64, by divisor: Int64) -> Int64 {
        divisor == 1 ? residual : residual / divisor
    }

    /// - Complexity: O(n) in the integers, plus O(64) for the widths; no allocation.
    init(_ integers: [Int64], deltaOfDelta: Bool) {
        self.deltaOfDelta = deltaOfDelta
        var common: UInt64 = 0
        for index in 1..<integers.count {
            let residual = Self.residual(integers, at: index, deltaOfDelta: deltaOfDelta)
            if residual != 0 {
                common = greatestCommonDivisor(common, residual.magnitude)
                if common == 1 { break }
            }
        }
        // At most 2^55 (residuals of integers below 2^53), so it fits Int64.
        let divisor = common == 0 ? 1 : Int64(common)
        self.divisor = divisor
        let (longWidth, shortWidth, perSample) = withUnsafeTemporaryAllocation(of: Int.self, capacity: 65) {
            histogram in
            histogram.initialize(repeating: 0)
            for index in 1..<integers.count {
                let residual = zigzag(
                    Self.divided(Self.residual(integers, at: index, deltaOfDelta: deltaOfDelta), by: divisor))
                histogram[64 &- residual.leadingZeroBitCount] &+= 1
            }
            let longWidth = (0...64).last { histogram[$0] > 0 } ?? 0
            guard longWidth > 0 else { return (0, 0, 0) }
            // Every nonzero residual costs 2 + long bits, less what those fitting the short width save.
            let nonzero = integers.count &- 1 &- histogram[0]
            var best = (bits: Int.max, width: longWidth)
            var fitting = 0
            for width in 1...longWidth {
                fitting &+= histogram[width]
                let bits = fitting &* (2 &+ width) &+ (nonzero &- fitting) &* (2 &+ longWidth)
                if bits < best.bits { best = (bits, width) }
            }
            return (longWidth, best.width, histogram[0] &+ best.bits)
        }
        self.longWidth = longWidth
        self.shortWidth = shortWidth
        let header = (divisor == 1 ? 1 : 7 &+ (64 &- common.leadingZeroBitCount)) &+ (longWidth > 0 ? 12 : 6)
        // A single sample has no residual header; with long width 0 every residual costs nothing.
        self.bits = integers.count > 1 ? header &+ perSample : 0
    }
}

private func greatestCommonDivisor(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
