/// Decompresses a chunk, one sample at a time, oldest first: the Gorilla stream of
/// ``ChunkEncoder/bytes`` (version 1) or the compact format of ``CompactChunkEncoder`` (version 2, which
/// ``ChunkEncoder/chunk`` writes), told apart by the first byte.
///
/// A truncated or damaged chunk never traps: decoding stops with a `ChunkError` naming the bit
/// offset, and every sample returned before that is one the encoder was given (for truncation; for
/// arbitrary corruption, only a checksum such as `Checksum.crc32c` can tell).
///
/// `IteratorProtocol.next()` cannot throw, so the decoder is not a `Sequence`; iterate with
/// `while let sample = try decoder.next() { … }`, or take everything with `decodeAll()`.
public struct ChunkDecoder: Sendable {
    /// A decoded sample: Unix milliseconds and the value with its exact bit pattern.
    public typealias Sample = (timestamp: Int64, value: Double)

    private var reader: BitReader
    /// The header's size in bits, added to the reader's offsets so that errors count from byte 0.
    private let headerBits: Int
    /// How many samples the chunk's header announces.
    public let count: Int
    /// How many samples `next()` has returned.
    public private(set) var decodedCount = 0
    private var failure: ChunkError?
    private var timestamp: Int64 = 0
    private var delta: UInt64 = 0
    private var valueBits: UInt64 = 0
    /// As in `ChunkEncoder`: a leading count of 64 means no window yet.
    private var windowLeading = 64
    private var windowTrailing = 0
    /// The decoder of a version-2 chunk; nil for version 1.
    private var compact: CompactChunkDecoder?

    /// Reads the header of the chunk in `bytes`.
    /// - Throws: `ChunkError.truncated` if the header is cut short, `.corrupt` if it is not a count.
    /// - Complexity: O(`bytes.count`): the bytes are copied into 64-bit words once.
    public init(bytes: [UInt8]) throws(ChunkError) {
        if bytes.count > 1 && bytes[0] == CompactChunkEncoder.marker {
            let compact = try CompactChunkDecoder(bytes: bytes)
            self.compact = compact
            self.count = compact.count
            self.headerBits = 0
            self.reader = BitReader(bytes: [])
            return
        }
        var count: UInt64 = 0
        var index = 0
        while true {
            guard index < bytes.count else {
                throw .truncated(bitOffset: bytes.count &* 8, sampleIndex: 0)
            }
            let byte = bytes[index]
            guard index < 9 || (index == 9 && byte <= 1) else {
                throw .corrupt(bitOffset: index &* 8, reason: "the sample count overflows 64 bits")
            }
            count |= UInt64(byte & 0x7F) &<< UInt64(7 &* index)
            index &+= 1
            if byte & 0x80 == 0 { break }
        }
        guard count <= UInt64(Int.max) else {
            throw .corrupt(bitOffset: 0, reason: "the sample count \(count) exceeds Int.max")
        }
        self.count = Int(count)
        self.headerBits = index &* 8
        self.reader = BitReader(bytes: bytes[index...])
    }

    /// Decodes the next sample, or returns nil after the last one.
    /// - Throws: `ChunkError.truncated` or `.corrupt`; once it has thrown, every later call throws
    ///   the same error.
    /// - Complexity: O(1).
    public mutating func next() throws(ChunkError) -> Sample? {
        if let failure { throw failure }
        guard decodedCount < count else { return nil }
        if compact != nil {
            do throws(BitStreamFailure) {
                // Optional chaining mutates the decoder in place, without copying it.
                guard let sample = try compact?.next() else { return nil }
                decodedCount &+= 1
                return sample
            } catch {
                let failure: ChunkError
                switch error {
                case .truncated(let bitOffset): failure = .truncated(bitOffset: bitOffset, sampleIndex: decodedCount)
                case .corrupt(let bitOffset, let reason): failure = .corrupt(bitOffset: bitOffset, reason: reason)
                }
                self.failure = failure
                throw failure
            }
        }
        do {
            try decodeSample()
        } catch {
            failure = error
            throw error
        }
        decodedCount &+= 1
        return (timestamp, Double(bitPattern: valueBits))
    }

    /// Decodes every sample that `next()` has not returned yet, leaving this decoder where it is:
    /// `try ChunkDecoder(bytes: bytes).decodeAll()` decodes a whole chunk.
    /// - Throws: as `next()`; the samples decoded before the error are not returned, so use `next()`
    ///   to salvage a truncated chunk's prefix.
    /// - Complexity: O(n) for n samples.
    public func decodeAll() throws(ChunkError) -> [Sample] {
        var decoder = self
        var samples: [Sample] = []
        // A corrupt header may claim any count: every sample after the first takes at least 2 bits.
        let remainingBits = compact?.remainingBits ?? reader.remainingBits
        // A version-2 chunk with regular timestamps and constant values spends no bits per sample.
        samples.reserveCapacity(min(count &- decodedCount, compact == nil ? remainingBits / 2 &+ 1 : 4_096))
        while let sample = try decoder.next() {
            samples.append(sample)
        }
        return samples
    }

    private mutating func decodeSample() throws(ChunkError) {
        switch decodedCount {
        case 0:
            timestamp = Int64(bitPattern: try read(64))
            valueBits = try read(64)
            return
        case 1:
            let width = Int(try read(6)) &+ 1
            delta = try read(width)
        default:
            delta &+= UInt64(bitPattern: try readDeltaOfDelta())
        }
        timestamp = Int64(bitPattern: UInt64(bitPattern: timestamp) &+ delta)
        valueBits ^= try readXor()
    }

    private mutating func readDeltaOfDelta() throws(ChunkError) -> Int64 {
        let width: Int
        switch try readOnes() {
        case 0: return 0
        case 1: width = 7
        case 2: width = 9
        case 3: width = 12
        default: return Int64(bitPattern: try read(64))
        }
        // Two's complement in `width` bits, with the bucket's range shifted up by one: -63...64 in 7 bits.
        let raw = Int64(try read(width))
        return raw > 1 &<< (width &- 1) ? raw &- 1 &<< width : raw
    }

    private mutating func readXor() throws(ChunkError) -> UInt64 {
        guard try readBit() else { return 0 }
        if try readBit() {
            let offset = headerBits &+ reader.position
            let leading = Int(try read(5))
            let stored = Int(try read(6))
            let meaningful = stored == 0 ? 64 : stored
            guard leading &+ meaningful <= 64 else {
                throw .corrupt(
                    bitOffset: offset, reason: "\(leading) leading zeros and \(meaningful) meaningful bits exceed 64")
            }
            windowLeading = leading
            windowTrailing = 64 &- leading &- meaningful
        } else if windowLeading == 64 {
            throw .corrupt(
                bitOffset: headerBits &+ reader.position &- 2, reason: "a value reuses a window before any was set")
        }
        let meaningful = 64 &- windowLeading &- windowTrailing
        return try read(meaningful) &<< UInt64(windowTrailing)
    }

    private mutating func read(_ bits: Int) throws(ChunkError) -> UInt64 {
        do throws(EndOfBitStream) {
            return try reader.read(bits: bits)
        } catch {
            throw .truncated(bitOffset: headerBits &+ error.bitOffset, sampleIndex: decodedCount)
        }
    }

    private mutating func readBit() throws(ChunkError) -> Bool {
        do throws(EndOfBitStream) {
            return try reader.readBit()
        } catch {
            throw .truncated(bitOffset: headerBits &+ error.bitOffset, sampleIndex: decodedCount)
        }
    }

    /// The unary prefix of a delta-of-delta bucket: 0 to 4 one bits.
    private mutating func readOnes() throws(ChunkError) -> Int {
        do throws(EndOfBitStream) {
            return try reader.readOnes(upTo: 4)
        } catch {
            throw .truncated(bitOffset: headerBits &+ error.bitOffset, sampleIndex: decodedCount)
        }
    }
}
