/// Compresses one series' samples into a Gorilla chunk (Pelkonen et al., "Gorilla: A Fast, Scalable,
/// In-Memory Time Series Database", VLDB 2015, section 4.1), appending one sample at a time.
///
/// Timestamps are `Int64` milliseconds since the Unix epoch (negative before 1970), strictly
/// increasing within a chunk. Values are `Double`s kept as raw bit patterns, so NaN payloads, -0.0,
/// ±infinity and subnormals come back bit for bit.
///
/// ## Format
/// A chunk's bytes are the sample count as an unsigned LEB128 varint (one byte below 128 samples,
/// two below 16,384), then a bit stream, most significant bit first, zero-padded to a whole byte:
///
/// - Sample 0: the timestamp's 64 bits (two's complement), then the value's 64 bits.
/// - Sample 1: the delta from sample 0 (> 0, as an unsigned 64-bit number) as 6 bits holding its
///   bit width minus one, then the delta in that many bits: a 1,000 ms delta costs 16 bits.
///   (The paper stores 14 bits relative to a 2 h block header; chunks here have no block header and
///   may span any range, so the width is part of the field.)
/// - Sample 2 onwards: delta-of-delta `dod` (computed modulo 2^64, so any `Int64` gap round-trips) as
///   `0` when `dod` is 0; `10` + 7 bits for -63...64; `110` + 9 bits for -255...256; `1110` + 12 bits
///   for -2047...2048; else `1111` + 64 bits. (The paper's last bucket has 32 bits; 64 covers any
///   pair of `Int64` timestamps.)
/// - Values after sample 0: the XOR with the previous value's bits, as `0` when it is zero; `10` +
///   the XOR's bits inside the previous window when its leading and trailing zeros are at least the
///   window's; otherwise `11` + 5 bits of leading zeros (counts of 32 or more stored as 31, as the
///   paper and Prometheus do) + 6 bits of meaningful-bit count (64 stored as 0) + the meaningful
///   bits, which become the new window.
///
/// ## Size
/// Sample 0 costs 128 bits. With a regular interval each later timestamp costs 1 bit; a repeated
/// value costs 1 bit, so a constant gauge scraped every second costs 2 bits per sample. A value
/// whose change fits the previous window costs 2 + window bits (a small integer counter step,
/// typically 10–20 bits); a new window costs 13 + meaningful bits (a noisy ratio, up to 77 bits).
public struct ChunkEncoder: Sendable {
    private var writer: BitWriter
    /// How many samples have been appended.
    public private(set) var count = 0
    /// The first sample's timestamp, Unix milliseconds; nil while the chunk is empty.
    public private(set) var firstTimestamp: Int64?
    private var previousTimestamp: Int64 = 0
    private var lastDelta: UInt64 = 0
    private var lastValueBits: UInt64 = 0
    /// The leading and trailing zero counts of the current XOR window; a leading count of 64 means
    /// no window yet, which no XOR can fit (leading counts are clamped to 31).
    private var windowLeading = 64
    private var windowTrailing = 0
    /// The samples as given, for ``chunk`` to re-encode whole at sealing time without decoding the
    /// stream (16 bytes per sample while the chunk is open).
    private var timestamps: [Int64] = []
    private var values: [Double] = []

    /// Creates an empty chunk with room for about `samples` samples at 16 bits each, a typical size
    /// for a changing gauge; the stream grows past that as needed.
    public init(reservingSamples samples: Int = 0) {
        writer = BitWriter(reservingBits: 128 + samples * 16)
        timestamps.reserveCapacity(samples)
        values.reserveCapacity(samples)
    }

    /// The last sample's timestamp, Unix milliseconds; nil while the chunk is empty.
    public var lastTimestamp: Int64? { count == 0 ? nil : previousTimestamp }

    /// The size of the bit stream so far, without the count header and padding.
    public var bitCount: Int { writer.bitCount }

    /// Appends a sample.
    /// - Parameters:
    ///   - timestamp: milliseconds since the Unix epoch; must be later than the last sample's.
    ///   - value: stored as its exact bit pattern.
    /// - Throws: `ChunkError.outOfOrder` for a timestamp earlier than the last one,
    ///   `ChunkError.duplicate` for an equal one; the chunk is then unchanged.
    /// - Complexity: amortized O(1).
    public mutating func append(timestamp: Int64, value: Double) throws(ChunkError) {
        let bits = value.bitPattern
        if count == 0 {
            writer.write(UInt64(bitPattern: timestamp), bits: 64)
            writer.write(bits, bits: 64)
            firstTimestamp = timestamp
        } else {
            guard timestamp > previousTimestamp else {
                if timestamp == previousTimestamp { throw .duplicate(timestamp: timestamp) }
                throw .outOfOrder(previous: previousTimestamp, got: timestamp)
            }
            let delta = UInt64(bitPattern: timestamp) &- UInt64(bitPattern: previousTimestamp)
            if count == 1 {
                writeFirstDelta(delta)
            } else {
                writer.writeDeltaOfDelta(Int64(bitPattern: delta &- lastDelta))
            }
            lastDelta = delta
            writeValue(xor: bits ^ lastValueBits)
        }
        previousTimestamp = timestamp
        lastValueBits = bits
        count &+= 1
        timestamps.append(timestamp)
        values.append(value)
    }

    private mutating func writeFirstDelta(_ delta: UInt64) {
        let width = 64 &- delta.leadingZeroBitCount
        writer.write(UInt64(width &- 1), bits: 6)
        writer.write(delta, bits: width)
    }

    private mutating func writeValue(xor: UInt64) {
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

    /// The chunk as bytes: the LEB128 sample count, then the bit stream padded to a whole byte.
    /// - Complexity: O(`bitCount`).
    public var bytes: [UInt8] {
        writer.bytes(countHeader: count)
    }

    /// The chunk sealed as an immutable value with its bytes, time range and checksum, in the compact
    /// format (version 2, ``CompactChunkEncoder``), with the value mode that suits the whole chunk.
    /// - Precondition: at most ``CompactChunkEncoder/maximumCount`` (2^20) samples.
    /// - Complexity: O(n) for n samples.
    public var chunk: Chunk {
        let range = firstTimestamp.map { $0...previousTimestamp }
        return Chunk(bytes: compactBytes, count: count, timeRange: range)
    }

    /// The samples in the compact format (``CompactChunkEncoder``); `[0x00]` while the chunk is empty.
    /// - Complexity: O(n) for n samples.
    public var compactBytes: [UInt8] {
        CompactChunkEncoder.encode(timestamps: timestamps, values: values)
    }
}
