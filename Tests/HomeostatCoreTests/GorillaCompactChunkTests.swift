import Foundation
import HomeostatCore
import Testing

@Suite("Compact chunk format (version 2): decimal and XOR modes")
struct GorillaCompactChunkTests {
    /// The chunk `ChunkEncoder.chunk` seals for `samples`.
    static func sealed(_ samples: [ExactSample]) throws -> Chunk {
        try encode(samples).chunk
    }

    @Test("exact bytes of a three-sample decimal chunk worked by hand")
    func exactDecimalBytes() throws {
        // 0.5, 0.75, 0.75 at 1,000, 2,000, 3,000 ms: exact at e = 2 as n = 50, 75, 75; deltas 25, 0
        // (delta-of-delta 25, -25 costs 2 bits more); divisor 25, residuals 1, 0.
        // header: 0x00; mode 0x80 (regular) | 2 << 2 | 1 (decimal delta) = 0x89; count 3
        // t0: zigzag(1,000) = 2,000, width 11: 001011 11111010000
        // n0: zigzag(50) = 100, width 7: 000111 1100100
        // divisor 25: 1, width 5: 000101 11001; long width 2: 000010; short width 1: 000001
        // sample 1: delta 1,000, width 10: 001001 1111101000; residual 1 → zigzag 2, 2 bits: 11 10
        // sample 2: regular timestamp, no bits; residual 0: 0
        // 00101111 11101000 00001111 10010010 00101110 01000010 00000100 10011111 10100011 1 + pad
        let samples = [ExactSample(1_000, 0.5), ExactSample(2_000, 0.75), ExactSample(3_000, 0.75)]
        let chunk = try Self.sealed(samples)
        #expect(
            chunk.bytes == [
                0x00, 0x89, 0x03,
                0x2F, 0xE8, 0x0F, 0x92, 0x2E, 0x42, 0x04, 0x9F, 0xA3, 0x80,
            ])
        #expect(try chunk.decoder().decodeAll().map(ExactSample.init) == samples)
    }

    @Test("a constant gauge at a regular interval costs its header and nothing per sample")
    func constantCostsNothingPerSample() throws {
        // t0 = 1.7 × 10^12 ms: zigzag in 6 + 42 bits; 0.75 = 75 / 10^2: n0 zigzag 150 in 6 + 8 bits;
        // divisor 1: 1 bit; long width 0: 6 bits; sample 1's delta 1,000 in 6 + 10; then nothing:
        // 48 + 14 + 1 + 6 + 16 = 85 bits = 11 bytes.
        let constant = (0..<120).map { ExactSample(1_700_000_000_000 + Int64($0) * 1_000, 0.75) }
        let chunk = try Self.sealed(constant)
        #expect(chunk.bytes.count == 3 + 11)
        #expect(Array(chunk.bytes.prefix(3)) == [0x00, 0x89, 120])
        #expect(try chunk.decoder().decodeAll().map(ExactSample.init) == constant)
    }

    @Test("a counter with a steady step takes the delta-of-delta order, and its common divisor")
    func steadyCounter() throws {
        // 4,096 more bytes each second: deltas 4,096, dods 0 after the first; divisor 4,096.
        let counter = (0..<60).map { ExactSample(Int64($0) * 1_000, 1_000_000_000 + Double($0) * 4_096) }
        let chunk = try Self.sealed(counter)
        #expect(chunk.bytes[1] == 0x80 | 0 << 2 | 2)
        #expect(try chunk.decoder().decodeAll().map(ExactSample.init) == counter)
    }

    @Test(
        "values that are not short decimals take the XOR mode",
        arguments: [
            [0.1, 0.1 + 0.2],  // 0.30000000000000004 needs 17 digits: past 2^53 when scaled
            [1, -0.0],  // -0.0 is no scaled integer
            [1, .nan],
            [.infinity, 2],
            [1.0 / 3, 0.5],
        ])
    func xorFallback(values: [Double]) throws {
        let samples = atConsecutiveMilliseconds(values)
        let chunk = try Self.sealed(samples)
        #expect(chunk.bytes[1] & 3 == 0)
        #expect(try chunk.decoder().decodeAll().map(ExactSample.init) == samples)
    }

    @Test("NaN payloads, signed zeros, infinities and subnormals come back bit for bit from a sealed chunk")
    func specialValuesRoundTrip() throws {
        let samples = atConsecutiveMilliseconds(GorillaChunkTests.specialValues)
        #expect(try Self.sealed(samples).decoder().decodeAll().map(ExactSample.init) == samples)
    }

    @Test("sealed chunks of random series decode exactly", arguments: 0..<8)
    func randomRoundTrip(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<100 {
            var samples = GorillaPropertyTests.randomSeries(&random, count: Int(random.next() % 300) + 1)
            if random.next() % 2 == 0 {
                // Decimals with a random number of places, as rounding sensors produce them.
                let places = Int(random.next() % 10)
                samples = samples.map {
                    let value = Double(bitPattern: $0.bits)
                    let rounded = value.isFinite ? SensorRounding.rounded(value, decimals: places) : value
                    return ExactSample($0.timestamp, rounded)
                }
            }
            let chunk = try Self.sealed(samples)
            #expect(chunk.count == samples.count)
            #expect(try chunk.decoder().decodeAll().map(ExactSample.init) == samples)
        }
    }

    @Test("every prefix of a sealed chunk decodes to a prefix of its samples, then an error, never a trap")
    func truncatedPrefixes() throws {
        var random = SplitMix64(seed: 11)
        for index in 0..<30 {
            var samples = GorillaPropertyTests.randomSeries(&random, count: Int(random.next() % 40) + 2)
            if index % 2 == 0 {
                samples = samples.map { ExactSample($0.timestamp, Double(Int64($0.timestamp % 1_000)) / 100) }
            }
            let bytes = try Self.sealed(samples).bytes
            for length in 2..<bytes.count {
                let (decoded, error) = decodePrefix(Array(bytes.prefix(length)))
                #expect(Array(samples.prefix(decoded.count)) == decoded)
                #expect(error != nil || decoded.count == samples.count, "prefix of \(length) bytes")
            }
        }
    }

    @Test("a version-1 chunk recorded by the agent (before the compact format) still decodes")
    func version1FixtureDecodes() throws {
        // One 120-sample chunk of system.cpu.utilization{cpu="total",state="user"} from
        // Benchmarks/Corpus/host-2h.sqlite.xz, as the old encoder stored it (948 bytes).
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/version1-cpu-user-chunk.hex", withExtension: nil))
        let hex = try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        #expect(bytes.count == 948)
        #expect(bytes[0] == 120)  // a version-1 count header, not the compact marker
        let samples = try ChunkDecoder(bytes: bytes).decodeAll().map(ExactSample.init)
        #expect(samples.count == 120)
        #expect(samples[0] == ExactSample(1_795_565_888_000, Double(bitPattern: 0x3F74_9539_E3B2_D067)))
        #expect(samples[1] == ExactSample(1_795_565_889_000, 0))
        #expect(samples[3] == ExactSample(1_795_565_891_000, Double(bitPattern: 0x3F94_60CB_C7F5_CF9A)))
        #expect(samples[118] == ExactSample(1_795_566_006_000, 0.005))
        #expect(samples[119] == ExactSample(1_795_566_007_000, Double(bitPattern: 0x3F84_AFD6_A052_BF5B)))
        // Re-sealed, it takes the XOR mode (its ratios have full-precision mantissas) and round-trips.
        let resealed = try Self.sealed(samples)
        #expect(Array(resealed.bytes.prefix(2)) == [0x00, 0x80])
        #expect(try resealed.decoder().decodeAll().map(ExactSample.init) == samples)
    }

    @Test("a corrupt mode byte is reported, not trusted")
    func corruptModeByte() throws {
        #expect(throws: ChunkError.corrupt(bitOffset: 8, reason: "unknown value mode 3")) {
            try ChunkDecoder(bytes: [0x00, 0x03, 0x01, 0x00])
        }
        #expect(throws: ChunkError.corrupt(bitOffset: 8, reason: "decimal exponent 19 with value mode 1")) {
            try ChunkDecoder(bytes: [0x00, 19 << 2 | 1, 0x01, 0x00])
        }
        // 2^20 + 1 = 0x100001 in LEB128: 0x81 0x80 0x40.
        #expect(throws: ChunkError.corrupt(bitOffset: 16, reason: "the sample count 1048577 exceeds 1048576")) {
            try ChunkDecoder(bytes: [0x00, 0x89, 0x81, 0x80, 0x40, 0x00])
        }
    }

    @Test("SensorRounding rounds to n / 10^d, halves away from zero, and never returns -0.0")
    func sensorRounding() {
        #expect(SensorRounding.rounded(1.0 / 199, decimals: 4) == 0.005)
        #expect(SensorRounding.rounded(0.34 / 100, decimals: 4).bitPattern == 0.0034.bitPattern)
        #expect(SensorRounding.rounded(135_162.553_930_374_56, decimals: 3) == 135_162.554)
        #expect(SensorRounding.rounded(0.000_05, decimals: 4) == 0.0001)
        #expect(SensorRounding.rounded(-0.000_01, decimals: 4).bitPattern == 0.0.bitPattern)
        #expect(SensorRounding.rounded(.infinity, decimals: 4) == .infinity)
        #expect(SensorRounding.rounded(1e300, decimals: 4) == 1e300)
    }
}
