import HomeostatCore
import Testing

@Suite("Gorilla chunk checksums")
struct GorillaChecksumTests {
    @Test("standard check values of \"123456789\"")
    func checkValues() {
        let check = Array("123456789".utf8)
        #expect(Checksum.crc32(check) == 0xCBF4_3926)
        #expect(Checksum.crc32c(check) == 0xE306_9283)
    }

    @Test("empty input and a single flipped bit")
    func emptyAndFlip() {
        #expect(Checksum.crc32([UInt8]()) == 0)
        #expect(Checksum.crc32c([UInt8]()) == 0)
        // RFC 3720 (iSCSI) B.4: 32 bytes of zeros.
        #expect(Checksum.crc32c([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        var bytes = [UInt8](repeating: 0xA5, count: 100)
        let before = Checksum.crc32c(bytes)
        bytes[50] ^= 0x08
        #expect(Checksum.crc32c(bytes) != before)
    }

    @Test(
        "every entry point equals the bitwise definition at lengths 0…1000 and every alignment", arguments: CRC.allCases
    )
    func matchesBitwiseReference(crc: CRC) {
        var random = SplitMix64(seed: UInt64(crc.polynomial))
        let source = (0..<1_016).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for length in 0...1_000 {
            // Starts 0..<16: every offset from an 8-byte boundary, for the slices read in place.
            let start = Int(random.next() % 16)
            let slice = source[start..<(start + length)]
            let expected = bitwiseCRC(slice, polynomial: crc.polynomial)
            #expect(crc.ofSequence(slice) == expected, "length \(length), start \(start)")
            #expect(slice.withUnsafeBytes { crc.ofBuffer($0) } == expected, "length \(length), start \(start)")
            // A sequence without contiguous storage is copied first.
            #expect(crc.ofSequence(slice.lazy.map { $0 }) == expected, "length \(length), start \(start)")
        }
    }

    @Test("the raw-buffer entry points and more CRC-32C check values")
    func rawBufferCheckValues() {
        let check = Array("123456789".utf8)
        #expect(check.withUnsafeBytes { Checksum.crc32($0) } == 0xCBF4_3926)
        #expect(check.withUnsafeBytes { Checksum.crc32c($0) } == 0xE306_9283)
        #expect(Checksum.crc32c(UnsafeRawBufferPointer(start: nil, count: 0)) == 0)
        // RFC 3720 (iSCSI) B.4: 32 bytes of ones, of 0, 1, …, 31 and of 31, 30, …, 0.
        #expect(Checksum.crc32c([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(Checksum.crc32c((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(Checksum.crc32c((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
    }

    enum CRC: CaseIterable, Sendable {
        case crc32
        case crc32c

        var polynomial: UInt32 { self == .crc32 ? 0xEDB8_8320 : 0x82F6_3B78 }

        func ofSequence(_ bytes: some Sequence<UInt8>) -> UInt32 {
            self == .crc32 ? Checksum.crc32(bytes) : Checksum.crc32c(bytes)
        }

        func ofBuffer(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
            self == .crc32 ? Checksum.crc32(buffer) : Checksum.crc32c(buffer)
        }
    }

    @Test("a sealed chunk carries the CRC-32C of its bytes")
    func sealedChunk() throws {
        var encoder = ChunkEncoder()
        try encoder.append(timestamp: 1_000, value: 1)
        try encoder.append(timestamp: 2_000, value: 2)
        let chunk = encoder.chunk
        #expect(chunk.count == 2)
        #expect(chunk.timeRange == 1_000...2_000)
        #expect(chunk.checksum == Checksum.crc32c(chunk.bytes))
        #expect(ChunkEncoder().chunk.timeRange == nil)
    }
}

/// The CRC by its definition, one bit at a time: reflected `polynomial`, initial value and final XOR
/// 0xFFFFFFFF.
private func bitwiseCRC(_ bytes: some Sequence<UInt8>, polynomial: UInt32) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1
        }
    }
    return ~crc
}
