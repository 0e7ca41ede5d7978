/// Gorilla's XOR coding of a column of `Double`s (Pelkonen et al., VLDB 2015, section 4.1.2), the
/// scheme `ChunkEncoder` uses for sample values, as a window state that a codec keeps per column.
///
/// The caller XORs each value's bit pattern with a reference (usually the column's previous value)
/// and writes the XOR: `0` when it is zero; `10` + the XOR's bits inside the current window when its
/// leading and trailing zeros are at least the window's; otherwise `11` + 5 bits of leading zeros
/// (32 or more stored as 31) + 6 bits of meaningful-bit count (64 stored as 0) + the meaningful
/// bits, which become the new window. A repeated value costs 1 bit; a value differing in the same
/// low bits as the last change costs 2 + window bits; a new window 13 + meaningful bits.
struct XORValueEncoder: Sendable {
    /// The leading and trailing zero counts of the current window; a leading count of 64 means no
    /// window yet, which no XOR can fit (leading counts are clamped to 31).
    private var windowLeading = 64
    private var windowTrailing = 0

    /// Writes `xor`, the XOR of a value's bit pattern with its reference.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func write(xor: UInt64, to writer: inout BitWriter) {
        if xor == 0 {
            writer.write(bit: false)
            return
        }
        let leading = min(xor.leadingZeroBitCount, 31)
        let trailing = xor.trailingZeroBitCount
        if leading >= windowLeading && trailing >= windowTrailing {
            let meaningful = 64 &- windowLeading &- windowTrailing
            let payload = xor &>> UInt64(windowTrailing)
            if meaningful <= 62 {
                writer.write(0b10 &<< UInt64(meaningful) | payload, bits: meaningful &+ 2)
            } else {
                writer.write(0b10, bits: 2)
                writer.write(payload, bits: meaningful)
            }
        } else {
            let meaningful = 64 &- leading &- trailing
            let header = 0b11 &<< 11 | UInt64(leading) &<< 6 | UInt64(meaningful & 63)
            let payload = xor &>> UInt64(trailing)
            if meaningful <= 51 {
                writer.write(header &<< UInt64(meaningful) | payload, bits: meaningful &+ 13)
            } else {
                writer.write(header, bits: 13)
                writer.write(payload, bits: meaningful)
            }
            windowLeading = leading
            windowTrailing = trailing
        }
    }
}

/// Reads what `XORValueEncoder` writes, keeping the same window state.
struct XORValueDecoder: Sendable {
    private var windowLeading = 64
    private var windowTrailing = 0

    /// Reads one XOR (zero for a repeated value).
    /// - Throws: `.truncated` at the end of the stream; `.corrupt` for a window that does not fit 64
    ///   bits or is reused before one was set.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func read(from reader: inout LookaheadBitReader) throws(BitStreamFailure) -> UInt64 {
        switch try reader.readOnes(upTo: 2) {
        case 0:
            return 0
        case 1:
            guard windowLeading != 64 else {
                throw .corrupt(bitOffset: reader.bitOffset &- 2, reason: "a value reuses a window before any was set")
            }
        default:
            let offset = reader.bitOffset
            let header = try reader.read(bits: 11)
            let leading = Int(header &>> 6)
            let stored = Int(header & 63)
            let meaningful = stored == 0 ? 64 : stored
            guard leading &+ meaningful <= 64 else {
                throw .corrupt(
                    bitOffset: offset, reason: "\(leading) leading zeros and \(meaningful) meaningful bits exceed 64")
            }
            windowLeading = leading
            windowTrailing = 64 &- leading &- meaningful
        }
        return try reader.read(bits: 64 &- windowLeading &- windowTrailing) &<< UInt64(windowTrailing)
    }
}
