/// Reads a chunk in the compact format (version 2) that ``CompactChunkEncoder`` writes, one sample at
/// a time; ``ChunkDecoder`` hands version-2 chunks to it.
///
/// A truncated or damaged chunk never traps: arithmetic on decoded fields wraps, and reading stops
/// with a `BitStreamFailure` that the caller turns into a `ChunkError`.
struct CompactChunkDecoder: Sendable {
    private var reader: LookaheadBitReader
    /// How many samples the header announces.
    let count: Int
    private let regular: Bool
    private let mode: CompactChunkEncoder.ValueMode
    private let exponent: Int
    private var index = 0
    private var timestamp: Int64 = 0
    private var delta: UInt64 = 0
    private var valueBits: UInt64 = 0
    private var xor = XORValueDecoder()
    private var integer: Int64 = 0
    private var integerDelta: Int64 = 0
    private var divisor: Int64 = 1
    private var longWidth = 0
    private var shortWidth = 0

    /// Reads the header of `bytes`, which must start with ``CompactChunkEncoder/marker`` and hold more than
    /// that byte.
    /// - Throws: `ChunkError.truncated` or `.corrupt` for a header cut short or holding an unknown mode.
    init(bytes: [UInt8]) throws(ChunkError) {
        guard bytes.count >= 3 else { throw .truncated(bitOffset: bytes.count &* 8, sampleIndex: 0) }
        let modeByte = bytes[1]
        guard let mode = CompactChunkEncoder.ValueMode(rawValue: modeByte & 3) else {
            throw .corrupt(bitOffset: 8, reason: "unknown value mode \(modeByte & 3)")
        }
        let exponent = Int(modeByte &>> 2 & 0x1F)
        guard exponent <= DecimalScaling.maximumExponent, mode != .xor || exponent == 0 else {
            throw .corrupt(bitOffset: 8, reason: "decimal exponent \(exponent) with value mode \(mode.rawValue)")
        }
        var count: UInt64 = 0
        var index = 2
        while true {
            guard index < bytes.count else { throw .truncated(bitOffset: bytes.count &* 8, sampleIndex: 0) }
            let byte = bytes[index]
            guard index < 11 || (index == 11 && byte <= 1) else {
                throw .corrupt(bitOffset: index &* 8, reason: "the sample count overflows 64 bits")
            }
            count |= UInt64(byte & 0x7F) &<< UInt64(7 &* (index &- 2))
            index &+= 1
            if byte & 0x80 == 0 { break }
        }
        guard count <= UInt64(CompactChunkEncoder.maximumCount) else {
            throw .corrupt(
                bitOffset: 16, reason: "the sample count \(count) exceeds \(CompactChunkEncoder.maximumCount)")
        }
        self.count = Int(count)
        self.regular = modeByte & 0x80 != 0
        self.mode = mode
        self.exponent = exponent
        self.reader = LookaheadBitReader(bytes: bytes, offset: index)
    }

    /// How many bits are left to read.
    var remainingBits: Int { reader.remainingBits }

    /// Decodes the next sample; the caller checks that one is left.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func next() throws(BitStreamFailure) -> ChunkDecoder.Sample {
        defer { index &+= 1 }
        if index == 0 {
            timestamp = unzigzag(try readVariableWidth())
            if mode == .xor {
                valueBits = try reader.read(bits: 64)
            } else {
                integer = unzigzag(try readVariableWidth())
                if count > 1 { try readResidualHeader() }
                valueBits = DecimalScaling.value(integer, exponent: exponent).bitPattern
            }
            return (timestamp, Double(bitPattern: valueBits))
        }
        if index == 1 {
            let width = Int(try reader.read(bits: 6)) &+ 1
            delta = try reader.read(bits: width)
        } else if !regular {
            delta &+= UInt64(bitPattern: try readDeltaOfDelta())
        }
        timestamp = Int64(bitPattern: UInt64(bitPattern: timestamp) &+ delta)
        switch mode {
        case .xor:
            valueBits ^= try xor.read(from: &reader)
        case .decimalDelta:
            integer &+= try readResidual()
            valueBits = DecimalScaling.value(integer, exponent: exponent).bitPattern
        case .decimalDeltaOfDelta:
            integerDelta &+= try readResidual()
            integer &+= integerDelta
            valueBits = DecimalScaling.value(integer, exponent: exponent).bitPattern
        }
        return (timestamp, Double(bitPattern: valueBits))
    }

    /// A 6-bit width, then that many bits: none for width 0, 64 for width 63.
    private mutating func readVariableWidth() throws(BitStreamFailure) -> UInt64 {
        let width = Int(try reader.read(bits: 6))
        switch width {
        case 0: return 0
        case 63: return try reader.read(bits: 64)
        default: return try reader.read(bits: width)
        }
    }

    private mutating func readResidualHeader() throws(BitStreamFailure) {
        let offset = reader.bitOffset
        let divisor = try reader.readBit() ? try readVariableWidth() : 1
        longWidth = Int(try reader.read(bits: 6))
        shortWidth = longWidth == 0 ? 0 : Int(try reader.read(bits: 6))
        guard divisor >= 1, divisor <= UInt64(Int64.max), longWidth <= 57, shortWidth <= longWidth,
            longWidth == 0 || shortWidth >= 1
        else {
            throw .corrupt(
                bitOffset: offset,
                reason: "residual divisor \(divisor) or widths \(shortWidth)/\(longWidth) out of range")
        }
        self.divisor = Int64(divisor)
    }

    @inline(__always)
    private mutating func readResidual() throws(BitStreamFailure) -> Int64 {
        guard longWidth > 0 else { return 0 }
        let zigzagged: UInt64
        switch try reader.readOnes(upTo: 2) {
        case 0: return 0
        case 1: zigzagged = try reader.read(bits: shortWidth)
        default: zigzagged = try reader.read(bits: longWidth)
        }
        return unzigzag(zigzagged) &* divisor
    }

    /// As version 1: `0`; `10` + 7 bits; `110` + 9; `1110` + 12; `1111` + 64.
    private mutating func readDeltaOfDelta() throws(BitStreamFailure) -> Int64 {
        let width: Int
        switch try reader.readOnes(upTo: 4) {
        case 0: return 0
        case 1: width = 7
        case 2: width = 9
        case 3: width = 12
        default: return Int64(bitPattern: try reader.read(bits: 64))
        }
        let raw = Int64(try reader.read(bits: width))
        return raw > 1 &<< (width &- 1) ? raw &- 1 &<< width : raw
    }
}
