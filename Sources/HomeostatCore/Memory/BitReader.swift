/// Reading past the end of a bit stream: the stream was truncated or its contents are corrupt.
public struct EndOfBitStream: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bit offset, from the start of the stream, of the field that could not be read.
    public var bitOffset: Int
    /// How many bits the field needed.
    public var requestedBits: Int
    /// How many bits the stream holds in all.
    public var availableBits: Int

    public init(bitOffset: Int, requestedBits: Int, availableBits: Int) {
        self.bitOffset = bitOffset
        self.requestedBits = requestedBits
        self.availableBits = availableBits
    }

    public var description: String {
        "bit stream ends at bit \(availableBits): cannot read \(requestedBits) bit(s) at bit offset \(bitOffset)"
    }
}

/// Reads a stream of bits, most significant bit first, as `BitWriter` writes it.
///
/// The bytes are copied once into big-endian 64-bit words (plus one zero word of padding), so any
/// field of up to 64 bits takes at most two word loads and a few shifts.
public struct BitReader: Sendable {
    private let words: [UInt64]
    /// How many bits the stream holds.
    public let bitCount: Int
    /// The offset of the next bit to read, from the start of the stream.
    public private(set) var position = 0

    /// Reads `bytes`, most significant bit of `bytes[0]` first.
    /// - Complexity: O(`bytes.count`).
    public init(bytes: some Collection<UInt8>) {
        var words = [UInt64](repeating: 0, count: bytes.count / 8 + 2)
        var index = 0
        for byte in bytes {
            words[index &>> 3] |= UInt64(byte) &<< UInt64(56 &- (index & 7) &* 8)
            index &+= 1
        }
        self.words = words
        self.bitCount = index &* 8
    }

    /// Reads exactly the bits `writer` has written so far, without padding to a whole byte.
    /// - Complexity: O(`writer.bitCount`).
    public init(_ writer: BitWriter) {
        self.words = writer.words + [writer.pendingBits, 0]
        self.bitCount = writer.bitCount
    }

    /// How many bits are left to read.
    public var remainingBits: Int { bitCount &- position }

    /// Reads the next `count` bits as the low bits of the result.
    /// - Precondition: `count` is in 1...64.
    /// - Throws: `EndOfBitStream` if fewer than `count` bits remain; the position is then unchanged.
    /// - Complexity: O(1).
    public mutating func read(bits count: Int) throws(EndOfBitStream) -> UInt64 {
        precondition(count >= 1 && count <= 64, "BitReader.read: bit count \(count) outside 1...64")
        guard count <= bitCount &- position else {
            throw EndOfBitStream(bitOffset: position, requestedBits: count, availableBits: bitCount)
        }
        let wordIndex = position &>> 6
        let used = position & 63
        // `words` has a zero word after the last data word, so `wordIndex + 1` is always in bounds.
        var window = words[wordIndex] &<< UInt64(used)
        if used != 0 {
            window |= words[wordIndex &+ 1] &>> UInt64(64 &- used)
        }
        position &+= count
        return window &>> UInt64(64 &- count)
    }

    /// Reads one bit.
    /// - Throws: `EndOfBitStream` if the stream is exhausted.
    /// - Complexity: O(1).
    public mutating func readBit() throws(EndOfBitStream) -> Bool {
        guard position < bitCount else {
            throw EndOfBitStream(bitOffset: position, requestedBits: 1, availableBits: bitCount)
        }
        let bit = (words[position &>> 6] &>> UInt64(63 &- (position & 63))) & 1
        position &+= 1
        return bit == 1
    }

    /// Counts consecutive one bits, up to `limit`, consuming them and the terminating zero bit
    /// if one is found before the limit: the unary prefix of Gorilla's control codes.
    /// - Throws: `EndOfBitStream` if the stream ends first.
    /// - Complexity: O(`limit`).
    public mutating func readOnes(upTo limit: Int) throws(EndOfBitStream) -> Int {
        var ones = 0
        while ones < limit {
            guard try readBit() else { return ones }
            ones &+= 1
        }
        return ones
    }
}
