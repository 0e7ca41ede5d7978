/// An append-only stream of bits, most significant bit first, the encoding side of `BitReader`.
///
/// Bits collect in a 64-bit register and move to `words` one whole word at a time, so a write is a
/// mask, one or two shifts and an OR, and the array is touched (bounds, uniqueness and capacity
/// checks) once per 64 bits rather than once per byte or per bit. Words rather than bytes also let
/// `BitReader` fetch any field of up to 64 bits with at most two loads.
public struct BitWriter: Sendable, Equatable {
    /// Full 64-bit words, first bit in the most significant position of `words[0]`.
    public private(set) var words: [UInt64] = []
    /// Bits not yet in `words`, left-aligned: the next bit goes to position `63 - pendingCount`.
    private var pending: UInt64 = 0
    /// How many bits of `pending` are used, 0..<64.
    private var pendingCount = 0

    public init() {}

    /// Creates a writer with room for `bits` bits before it reallocates.
    public init(reservingBits bits: Int) {
        words.reserveCapacity((bits + 63) / 64)
    }

    /// The bits written since the last full word, left-aligned, the unused low bits zero.
    var pendingBits: UInt64 { pending }

    /// How many bits have been written.
    public var bitCount: Int { words.count &* 64 &+ pendingCount }

    /// Appends the low `count` bits of `value`, most significant first; the bits above are ignored.
    /// - Precondition: `count` is in 1...64.
    /// - Complexity: amortized O(1).
    public mutating func write(_ value: UInt64, bits count: Int) {
        precondition(count >= 1 && count <= 64, "BitWriter.write: bit count \(count) outside 1...64")
        let masked = value & (UInt64.max &>> (64 &- count))
        let free = 64 &- pendingCount
        if count < free {
            pending |= masked &<< (free &- count)
            pendingCount &+= count
        } else {
            // Fill the register, flush it, and keep the rest (shifting by 64 is avoided: &<< masks).
            let rest = count &- free
            pending |= masked &>> rest
            words.append(pending)
            pending = rest == 0 ? 0 : masked &<< (64 &- rest)
            pendingCount = rest
        }
    }

    /// Appends one bit.
    /// - Complexity: amortized O(1).
    public mutating func write(bit: Bool) {
        if bit { pending |= 1 &<< (63 &- pendingCount) }
        pendingCount &+= 1
        if pendingCount == 64 {
            words.append(pending)
            pending = 0
            pendingCount = 0
        }
    }

    /// The bits as bytes, most significant first; the last byte is padded with zero bits.
    /// - Complexity: O(`bitCount`).
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        appendBytes(to: &result)
        return result
    }

    /// Appends `bytes` to `output` without an intermediate array.
    /// - Complexity: O(`bitCount`).
    public func appendBytes(to output: inout [UInt8]) {
        output.reserveCapacity(output.count + (bitCount + 7) / 8)
        for word in words {
            var shift = 56
            while shift >= 0 {
                output.append(UInt8(truncatingIfNeeded: word &>> UInt64(shift)))
                shift -= 8
            }
        }
        var shift = 56
        for _ in 0..<(pendingCount + 7) / 8 {
            output.append(UInt8(truncatingIfNeeded: pending &>> UInt64(shift)))
            shift -= 8
        }
    }

    /// `count` as an unsigned LEB128 varint (7 bits per byte, low group first, high bit set on all
    /// but the last), then the bit stream padded to a whole byte: the framing of chunks and rollup
    /// blocks.
    /// - Complexity: O(`bitCount`).
    public func bytes(countHeader count: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(10 + (bitCount + 7) / 8)
        var remaining = UInt64(count)
        while remaining >= 0x80 {
            result.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining &>>= 7
        }
        result.append(UInt8(remaining))
        appendBytes(to: &result)
        return result
    }
}

extension BitWriter {
    /// A timestamp delta-of-delta in the Gorilla paper's buckets: `0`; `10`+7 bits for −63…64;
    /// `110`+9 bits for −255…256; `1110`+12 bits for −2047…2048; else `1111`+64 bits. Each bucket's
    /// prefix and payload go out in one write. Shared by ``ChunkEncoder`` and ``CompactChunkEncoder``.
    public mutating func writeDeltaOfDelta(_ dod: Int64) {
        let raw = UInt64(bitPattern: dod)
        if dod == 0 {
            write(bit: false)
        } else if dod >= -63 && dod <= 64 {
            write(0b10 &<< 7 | raw & 0x7F, bits: 9)
        } else if dod >= -255 && dod <= 256 {
            write(0b110 &<< 9 | raw & 0x1FF, bits: 12)
        } else if dod >= -2047 && dod <= 2048 {
            write(0b1110 &<< 12 | raw & 0xFFF, bits: 16)
        } else {
            write(0b1111, bits: 4)
            write(raw, bits: 64)
        }
    }
}
