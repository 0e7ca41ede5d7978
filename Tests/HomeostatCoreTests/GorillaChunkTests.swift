import HomeostatCore
import Testing

@Suite("Gorilla chunk codec")
struct GorillaChunkTests {
    // MARK: exact sizes

    @Test("a constant series at 1000 ms: 145 bits for two samples, 2 bits for each later one")
    func constantSeriesBits() throws {
        var encoder = ChunkEncoder()
        try encoder.append(timestamp: 1_700_000_000_000, value: 42)
        #expect(encoder.bitCount == 128)
        // First delta 1000 = 0b1111101000, 10 bits wide: 6 bits of width - 1, then the 10 bits; value '0'.
        try encoder.append(timestamp: 1_700_000_001_000, value: 42)
        #expect(encoder.bitCount == 128 + 16 + 1)
        try encoder.append(timestamp: 1_700_000_002_000, value: 42)
        #expect(encoder.bitCount == 147)
        for second in 3..<103 {
            try encoder.append(timestamp: 1_700_000_000_000 + Int64(second) * 1_000, value: 42)
        }
        #expect(encoder.bitCount == 147 + 100 * 2)
        // 1 byte of count (103) + 347 bits in 44 bytes.
        #expect(encoder.bytes.count == 45)
    }

    @Test(
        "delta-of-delta bucket sizes, at both ends of every range",
        arguments: [
            (Int64(0), 1), (50, 9), (-63, 9), (64, 9), (65, 12), (-64, 12), (256, 12), (-255, 12),
            (257, 16), (-256, 16), (2_048, 16), (-2_047, 16), (2_049, 68), (-2_048, 68), (5_000_000_000, 68),
        ])
    func deltaOfDeltaCost(dod: Int64, bits: Int) throws {
        var encoder = ChunkEncoder()
        try encoder.append(timestamp: 0, value: 1)
        try encoder.append(timestamp: 10_000, value: 1)
        try encoder.append(timestamp: 20_000, value: 1)
        let before = encoder.bitCount
        try encoder.append(timestamp: 30_000 + dod, value: 1)
        #expect(encoder.bitCount - before == bits + 1)  // + the repeated value's '0'
        let decoded = try ChunkDecoder(bytes: encoder.bytes).decodeAll().map(ExactSample.init)
        #expect(decoded.last == ExactSample(30_000 + dod, 1))
    }

    @Test("first delta: 6 bits of width, then the delta in that width")
    func firstDeltaCost() throws {
        for (delta, bits) in [(Int64(1), 7), (1_000, 16), (15_000, 20), (3_600_000, 28), (Int64.max, 69)] {
            var encoder = ChunkEncoder()
            try encoder.append(timestamp: Int64.min, value: 0)
            try encoder.append(timestamp: Int64.min + delta, value: 0)
            #expect(encoder.bitCount == 128 + bits + 1, "delta \(delta)")
        }
    }

    @Test("value XOR costs: new window, reused window, clamped leading zeros, 64 meaningful bits")
    func valueCost() throws {
        func cost(_ values: [Double]) throws -> [Int] {
            var encoder = ChunkEncoder()
            var sizes: [Int] = []
            for (index, value) in values.enumerated() {
                let before = encoder.bitCount
                try encoder.append(timestamp: Int64(index) * 1_000, value: value)
                sizes.append(encoder.bitCount - before)
            }
            return sizes
        }
        // 1.0 = 0x3FF0…, 2.0 = 0x4000…: XOR 0x7FF0… has 1 leading and 52 trailing zeros, 11 meaningful
        // bits: '11' + 5 + 6 + 11 = 24, plus 16 bits of first delta. 2.0 → 4.0 (XOR 0x0010…, 11 leading,
        // 52 trailing) fits that window: '10' + 11 = 13, plus 1 bit of delta-of-delta.
        #expect(try cost([1, 2, 4, 4]) == [128, 16 + 24, 1 + 13, 1 + 1])
        // XOR 1: 63 leading zeros stored as 31, so 33 meaningful bits: 13 + 33.
        #expect(try cost([1, 1.0.nextUp]) == [128, 16 + 46])
        // XOR 0x8000000000000001: 64 meaningful bits (stored as 0): 13 + 64; again, in the same window:
        // '10' + 64.
        let edges = Double(bitPattern: 0x8000_0000_0000_0001)
        #expect(try cost([0, edges, 0]) == [128, 16 + 77, 1 + 66])
        let samples = atConsecutiveMilliseconds([0, edges, 0, edges])
        #expect(try ChunkDecoder(bytes: try encode(samples).bytes).decodeAll().map(ExactSample.init) == samples)
    }

    @Test("exact bytes of a three-sample chunk worked by hand")
    func exactBytes() throws {
        // count 3                                   → 0x03
        // t0 = 1, 64 bits                           → 00 00 00 00 00 00 00 01
        // v0 = 1.0 = 0x3FF0000000000000, 64 bits    → 3F F0 00 00 00 00 00 00
        // t1 = 3: delta 2, width 2: 000001 10; v1 = 1.0: '0'
        // t2 = 5: dod 0: '0'; v2 = 2.0: XOR 0x7FF0…: '11' 00001 001011 11111111111
        // bits after v0: 00000110 0 0 11 00001 001011 11111111111 → 00000110 00110000 10010111 11111111 11 + pad
        var encoder = ChunkEncoder()
        try encoder.append(timestamp: 1, value: 1)
        try encoder.append(timestamp: 3, value: 1)
        try encoder.append(timestamp: 5, value: 2)
        #expect(encoder.bitCount == 162)
        #expect(
            encoder.bytes == [
                0x03,
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
                0x3F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                0x06, 0x30, 0x97, 0xFF, 0xC0,
            ])
        let decoder = try ChunkDecoder(bytes: encoder.bytes)
        #expect(decoder.count == 3)
        #expect(
            try decoder.decodeAll().map(ExactSample.init) == [ExactSample(1, 1), ExactSample(3, 1), ExactSample(5, 2)])
    }

    @Test("an empty chunk is one byte and decodes to nothing; a long one has a two-byte count")
    func emptyAndLongCount() throws {
        #expect(ChunkEncoder().bytes == [0x00])
        var empty = try ChunkDecoder(bytes: [0x00])
        #expect(try empty.next() == nil)
        let constant = (0..<200).map { ExactSample(Int64($0) * 1_000, 0.5) }
        let bytes = try encode(constant).bytes
        #expect(Array(bytes.prefix(2)) == [0xC8, 0x01])  // 200 = 0b1_1001000 in LEB128
        let decoder = try ChunkDecoder(bytes: bytes)
        #expect(try decoder.decodeAll().map(ExactSample.init) == constant)
    }

    // MARK: exact round trips

    static let specialValues: [Double] = [
        Double(nan: 0x1234, signaling: false), Double(nan: 0x1234, signaling: true), .signalingNaN, .nan, -.nan,
        Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF), Double(bitPattern: 0x7FF0_0000_0000_0001), -0.0, 0.0,
        .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, .leastNormalMagnitude, .leastNormalMagnitude.nextDown,
        Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), Double(bitPattern: 0x0000_0000_8000_0000), .pi, 1, -1, 1e-300,
    ]

    @Test("NaN payloads, signed zeros, infinities and subnormals come back bit for bit, in any order")
    func specialValuesRoundTrip() throws {
        let values = Self.specialValues
        for series in [values, values.reversed(), values + values, values.flatMap { [$0, $0, -$0] }] {
            let samples = atConsecutiveMilliseconds(series)
            let decoder = try ChunkDecoder(bytes: try encode(samples).bytes)
            #expect(try decoder.decodeAll().map(ExactSample.init) == samples)
        }
        // Every ordered pair, so each value meets every XOR window the others leave.
        for first in values {
            for second in values {
                let samples = atConsecutiveMilliseconds([0.25, first, second, first])
                let decoder = try ChunkDecoder(bytes: try encode(samples).bytes)
                #expect(try decoder.decodeAll().map(ExactSample.init) == samples)
            }
        }
    }

    @Test(
        "irregular timestamps: 1 ms, 1 h, 10 years, before 1970, Int64 extremes",
        arguments: [
            [Int64.min, Int64.max],
            [Int64.min, Int64.min + 1, Int64.min + 2, -1, 0, Int64.max - 1, Int64.max],
            [-315_619_200_000, -86_400_000, -1, 0, 1, 2, 3_600_002, 3_600_003, 318_960_003_603],
            [1_700_000_000_000, 1_700_000_000_001, 1_700_003_600_001, 2_015_576_000_001, 2_015_576_000_002],
            [0, 1_000, 2_000, 2_999, 4_001, 4_002, 9_000, 9_001, 2_000_000_000_000, Int64.max],
        ])
    func irregularTimestamps(timestamps: [Int64]) throws {
        let samples = timestamps.enumerated().map { ExactSample($0.element, Double($0.offset) * 0.1) }
        let encoder = try encode(samples)
        #expect(encoder.firstTimestamp == timestamps.first)
        #expect(encoder.lastTimestamp == timestamps.last)
        let decoder = try ChunkDecoder(bytes: encoder.bytes)
        #expect(try decoder.decodeAll().map(ExactSample.init) == samples)
    }

    // MARK: rejected input

    @Test("an earlier timestamp is out of order, an equal one a duplicate; the chunk is unchanged")
    func rejectedTimestamps() throws {
        var encoder = ChunkEncoder()
        try encoder.append(timestamp: 1_000, value: 1)
        try encoder.append(timestamp: 2_000, value: 2)
        let bytes = encoder.bytes
        #expect(throws: ChunkError.outOfOrder(previous: 2_000, got: 1_999)) {
            try encoder.append(timestamp: 1_999, value: 3)
        }
        #expect(throws: ChunkError.duplicate(timestamp: 2_000)) {
            try encoder.append(timestamp: 2_000, value: 3)
        }
        #expect(throws: ChunkError.outOfOrder(previous: 2_000, got: Int64.min)) {
            try encoder.append(timestamp: Int64.min, value: 3)
        }
        #expect(encoder.count == 2)
        #expect(encoder.bytes == bytes)
        try encoder.append(timestamp: 3_000, value: 3)
        let decoder = try ChunkDecoder(bytes: encoder.bytes)
        #expect(
            try decoder.decodeAll().map(ExactSample.init) == [
                ExactSample(1_000, 1), ExactSample(2_000, 2), ExactSample(3_000, 3),
            ])
    }

    @Test("truncation names the bit offset and the sample; the error repeats")
    func truncationError() throws {
        #expect(throws: ChunkError.truncated(bitOffset: 0, sampleIndex: 0)) { try ChunkDecoder(bytes: []) }
        #expect(throws: ChunkError.truncated(bitOffset: 8, sampleIndex: 0)) { try ChunkDecoder(bytes: [0x80]) }
        var encoder = ChunkEncoder()
        try encoder.append(timestamp: 1, value: 1)
        try encoder.append(timestamp: 3, value: 1)
        // Header (8 bits) and t0 (64) survive; v0 would start at bit 72.
        var decoder = try ChunkDecoder(bytes: Array(encoder.bytes.prefix(10)))
        #expect(throws: ChunkError.truncated(bitOffset: 72, sampleIndex: 0)) { try decoder.next() }
        #expect(throws: ChunkError.truncated(bitOffset: 72, sampleIndex: 0)) { try decoder.next() }
    }

    @Test("bytes no encoder writes are reported as corrupt, with the bit offset")
    func corruptBytes() throws {
        // count 2, t0 = 0, v0 = 0, first delta width 1 = 1, then a value '10' before any window was set.
        var reuse = try ChunkDecoder(bytes: [0x02] + [UInt8](repeating: 0, count: 16) + [0x03, 0x00])
        #expect(try reuse.next() != nil)
        #expect(throws: ChunkError.corrupt(bitOffset: 143, reason: "a value reuses a window before any was set")) {
            try reuse.next()
        }
        // … then '11', 31 leading zeros (11111), 64 meaningful bits (000000): 95 bits do not fit in 64.
        var window = try ChunkDecoder(bytes: [0x02] + [UInt8](repeating: 0, count: 16) + [0x03, 0xFC, 0x00])
        _ = try window.next()
        #expect(
            throws: ChunkError.corrupt(bitOffset: 145, reason: "31 leading zeros and 64 meaningful bits exceed 64")
        ) {
            try window.next()
        }
        // A count wider than 64 bits.
        #expect(throws: ChunkError.corrupt(bitOffset: 72, reason: "the sample count overflows 64 bits")) {
            try ChunkDecoder(bytes: [UInt8](repeating: 0xFF, count: 11))
        }
    }
}
