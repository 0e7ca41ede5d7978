import HomeostatCore
import Testing

@Suite("Gorilla bit stream")
struct GorillaBitStreamTests {
    @Test("fields of every width round-trip, straddling word boundaries")
    func everyWidth() throws {
        var writer = BitWriter()
        var expectedBits = 0
        for width in 1...64 {
            // A pattern with both ends set, plus garbage above the field that must be ignored.
            let field: UInt64 = width == 1 ? 1 : (1 | 1 << UInt64(width - 1) | 0x5555_5555_5555_5555 >> (64 - width))
            writer.write(field | (width == 64 ? 0 : UInt64.max << UInt64(width)), bits: width)
            writer.write(bit: width % 2 == 0)
            expectedBits += width + 1
        }
        #expect(writer.bitCount == expectedBits)
        var reader = BitReader(writer)
        for width in 1...64 {
            let field: UInt64 = width == 1 ? 1 : (1 | 1 << UInt64(width - 1) | 0x5555_5555_5555_5555 >> (64 - width))
            #expect(try reader.read(bits: width) == field)
            #expect(try reader.readBit() == (width % 2 == 0))
        }
        #expect(reader.remainingBits == 0)
    }

    @Test("bytes are most significant bit first, the last one zero-padded")
    func exactBytes() {
        var writer = BitWriter()
        writer.write(0b101, bits: 3)
        writer.write(0xABCD, bits: 16)
        writer.write(bit: true)
        // 101 1010101111001101 1 → 1011_0101 0111_1001 1011 + 0000 padding
        #expect(writer.bitCount == 20)
        #expect(writer.bytes == [0xB5, 0x79, 0xB0])
        var sixtyFour = BitWriter()
        sixtyFour.write(0x0123_4567_89AB_CDEF, bits: 64)
        #expect(sixtyFour.bytes == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF])
        #expect(BitWriter().bytes == [])
    }

    @Test("reading past the end throws with the bit offset and leaves the position alone")
    func pastEnd() throws {
        var reader = BitReader(bytes: [0xFF, 0x00])
        #expect(try reader.read(bits: 12) == 0xFF0)
        #expect(throws: EndOfBitStream(bitOffset: 12, requestedBits: 5, availableBits: 16)) {
            try reader.read(bits: 5)
        }
        #expect(reader.position == 12)
        #expect(try reader.read(bits: 4) == 0)
        #expect(throws: EndOfBitStream(bitOffset: 16, requestedBits: 1, availableBits: 16)) {
            try reader.readBit()
        }
        var empty = BitReader(bytes: [])
        #expect(throws: EndOfBitStream(bitOffset: 0, requestedBits: 64, availableBits: 0)) {
            try empty.read(bits: 64)
        }
    }

    @Test("a reader over a writer sees its exact bit count, not whole bytes")
    func readerOverWriter() throws {
        var writer = BitWriter()
        writer.write(0b110, bits: 3)
        var reader = BitReader(writer)
        #expect(reader.bitCount == 3)
        #expect(try reader.readOnes(upTo: 4) == 2)
        #expect(throws: EndOfBitStream(bitOffset: 3, requestedBits: 1, availableBits: 3)) {
            try reader.readBit()
        }
        // A unary prefix cut short before its terminating zero is a truncation too.
        var ones = BitWriter()
        ones.write(0b11, bits: 2)
        var cut = BitReader(ones)
        #expect(throws: EndOfBitStream(bitOffset: 2, requestedBits: 1, availableBits: 2)) {
            try cut.readOnes(upTo: 4)
        }
    }
}
