/// Why a field could not be read from a bit stream: the stream ends first, or it holds a value that
/// no encoder writes. Offsets count bits from the first bit of the encoded bytes.
enum BitStreamFailure: Error, Sendable, Equatable {
    case truncated(bitOffset: Int)
    case corrupt(bitOffset: Int, reason: String)
}

/// Reads a stream of bits, most significant bit first, as `BitWriter` writes it, through a 64-bit
/// look-ahead register: for decoders that read many short fields.
///
/// `BitReader` first copies the bytes into words and then checks bounds and loads two words for
/// every field; this reader reads the bytes where they are, 8 at a time into a register, and serves
/// the next fields from it with a shift, so a one-bit field (a repeated value, a regular gap) costs
/// a test and a shift. It also reads a unary prefix in one step with a leading-zero count.
struct LookaheadBitReader: Sendable {
    private let bytes: [UInt8]
    /// The next byte to move into the register.
    private var byteIndex: Int
    /// Unread bits, left-aligned: the next bit is the most significant; bits after `buffered` are 0.
    private var register: UInt64 = 0
    /// How many bits of `register` are unread, 0...64.
    private var buffered = 0

    /// Reads `bytes` from `offset` on (a byte-aligned header before it is skipped, and counted in
    /// ``bitOffset``).
    init(bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.byteIndex = Swift.min(Swift.max(offset, 0), bytes.count)
    }

    /// The offset of the next bit to read, counted from the first bit of `bytes`.
    var bitOffset: Int { byteIndex &* 8 &- buffered }

    /// How many bits are left to read.
    var remainingBits: Int { (bytes.count &- byteIndex) &* 8 &+ buffered }

    /// Reads the next `count` bits as the low bits of the result.
    /// - Precondition: `count` is in 1...64 (not checked in release builds).
    /// - Throws: `.truncated` if fewer than `count` bits remain.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func read(bits count: Int) throws(BitStreamFailure) -> UInt64 {
        assert(count >= 1 && count <= 64, "LookaheadBitReader.read: bit count \(count) outside 1...64")
        if buffered < count {
            guard count <= 56 else { return try readWide(bits: count) }
            refill()
            guard buffered >= count else { throw .truncated(bitOffset: bitOffset) }
        }
        let value = register &>> UInt64(64 &- count)
        consume(count)
        return value
    }

    /// A field of 57 to 64 bits, more than a refilled register is sure to hold: read in two.
    @inline(never)
    private mutating func readWide(bits count: Int) throws(BitStreamFailure) -> UInt64 {
        let high = try read(bits: 32)
        return high &<< UInt64(count &- 32) | (try read(bits: count &- 32))
    }

    /// Reads one bit.
    /// - Throws: `.truncated` at the end of the stream.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func readBit() throws(BitStreamFailure) -> Bool {
        if buffered == 0 {
            refill()
            guard buffered > 0 else { throw .truncated(bitOffset: bitOffset) }
        }
        let bit = register &>> 63
        register &<<= 1
        buffered &-= 1
        return bit == 1
    }

    /// Counts consecutive one bits, up to `limit` (1...56), consuming them and the terminating zero
    /// bit if one comes before the limit: the unary prefix of a variable-length code.
    /// - Throws: `.truncated` if the stream ends first.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func readOnes(upTo limit: Int) throws(BitStreamFailure) -> Int {
        if buffered <= limit { refill() }
        let ones = Swift.min((~register).leadingZeroBitCount, limit)
        let used = ones < limit ? ones &+ 1 : limit
        // Past `buffered` the register holds zeros, so a prefix cut short reads as shorter than it
        // is: it then claims more bits than are buffered.
        guard used <= buffered else { throw .truncated(bitOffset: bitOffset) }
        consume(used)
        return ones
    }

    /// Moves whole bytes into the register until it holds at least 57 bits or the bytes run out.
    @inline(__always)
    private mutating func refill() {
        assert(buffered <= 56, "LookaheadBitReader.refill: no room for a whole byte")
        let available = bytes.count &- byteIndex
        if available >= 8 {
            let word = bytes.withUnsafeBytes {
                UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: byteIndex, as: UInt64.self))
            }
            let taken = (64 &- buffered) &>> 3
            // Only the `taken` whole bytes count; the rest of the word is masked off.
            let kept = (word &>> UInt64(64 &- taken &* 8)) &<< UInt64(64 &- taken &* 8)
            register |= kept &>> UInt64(buffered)
            buffered &+= taken &* 8
            byteIndex &+= taken
        } else {
            while buffered <= 56 && byteIndex < bytes.count {
                register |= UInt64(bytes[byteIndex]) &<< UInt64(56 &- buffered)
                buffered &+= 8
                byteIndex &+= 1
            }
        }
    }

    @inline(__always)
    private mutating func consume(_ count: Int) {
        register = count < 64 ? register &<< UInt64(count) : 0
        buffered &-= count
    }
}
