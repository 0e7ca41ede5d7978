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
