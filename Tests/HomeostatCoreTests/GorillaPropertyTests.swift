import HomeostatCore
import Testing

@Suite("Gorilla codec properties")
struct GorillaPropertyTests {
    /// A series of `count` samples mixing the shapes real metrics take: regular and jittered intervals
    /// with rare huge gaps, and values that repeat, count up, walk randomly or are arbitrary bits.
    static func randomSeries(_ random: inout SplitMix64, count: Int) -> [ExactSample] {
        var samples: [ExactSample] = []
        var timestamp = Int64.random(in: -4_000_000_000_000...4_000_000_000_000, using: &random)
        var value = Double.random(in: -1_000...1_000, using: &random)
        let style = random.next() % 5
        for _ in 0..<count {
            samples.append(ExactSample(timestamp, value))
            let gap: Int64
            switch random.next() % 20 {
            case 0: gap = 1
            case 1: gap = Int64.random(in: 1...(1 << 40), using: &random)
            case 2: gap = Int64.random(in: 1...(1 << 62), using: &random)
            case 3...8: gap = Int64.random(in: 900...1_100, using: &random)
            default: gap = 1_000
            }
            let (next, overflow) = timestamp.addingReportingOverflow(gap)
            if overflow { break }
            timestamp = next
            switch style {
            case 0: if random.next() % 10 == 0 { value = Double(random.next() % 100) }
            case 1: value += Double(random.next() % 3)
            case 2: value += Double.random(in: -1...1, using: &random)
            case 3: value = Double(bitPattern: random.next())
            default: value = Double.random(in: 0...1, using: &random).rounded(toPlaces: random.next() % 4)
            }
        }
        return samples
    }

    @Test("encode then decode returns every random series exactly", arguments: 0..<8)
    func roundTrip(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<100 {
            let samples = Self.randomSeries(&random, count: Int(random.next() % 300) + 1)
            let encoder = try encode(samples)
            #expect(encoder.count == samples.count)
            let decoder = try ChunkDecoder(bytes: encoder.bytes)
            #expect(decoder.count == samples.count)
            #expect(try decoder.decodeAll().map(ExactSample.init) == samples)
        }
    }

    @Test("a constant series and a random walk round-trip and stay small")
    func constantAndWalk() throws {
        let constant = (0..<7_200).map { ExactSample(1_700_000_000_000 + Int64($0) * 1_000, 0.75) }
        let constantBytes = try encode(constant).bytes
        #expect(constantBytes.count == 2 + (145 + 7_198 * 2 + 7) / 8)  // 2-byte count, 2 bits per sample
        let decoder = try ChunkDecoder(bytes: constantBytes)
        #expect(try decoder.decodeAll().map(ExactSample.init) == constant)

        var random = SplitMix64(seed: 42)
        var level = 100.0
        let walk = (0..<7_200).map { index in
            level += Double.random(in: -0.5...0.5, using: &random)
            return ExactSample(Int64(index) * 1_000, level)
        }
        let walkDecoder = try ChunkDecoder(bytes: try encode(walk).bytes)
        #expect(try walkDecoder.decodeAll().map(ExactSample.init) == walk)
    }

    @Test("every prefix of a valid chunk decodes to a prefix of its samples, then a truncation error")
    func truncatedPrefixes() throws {
        var random = SplitMix64(seed: 7)
        var series = (0..<20).map { _ in Self.randomSeries(&random, count: Int(random.next() % 40) + 1) }
        series.append(atConsecutiveMilliseconds(GorillaChunkTests.specialValues))
        for samples in series {
            let bytes = try encode(samples).bytes
            for length in 0..<bytes.count {
                let (decoded, error) = decodePrefix(Array(bytes.prefix(length)))
                #expect(Array(samples.prefix(decoded.count)) == decoded)
                #expect(decoded.count < samples.count)
                guard case .truncated(let bitOffset, let sampleIndex) = error else {
                    Issue.record("prefix of \(length) bytes: expected a truncation, got \(String(describing: error))")
                    continue
                }
                #expect(sampleIndex == decoded.count)
                #expect(bitOffset <= length * 8)
            }
            #expect(decodePrefix(bytes).samples == samples)
        }
    }

    @Test("random bytes never trap: they decode to samples or to an error")
    func randomBytes() {
        var random = SplitMix64(seed: 99)
        for _ in 0..<3_000 {
            let length = Int(random.next() % 64)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if !bytes.isEmpty { bytes[0] &= 0x3F }  // a plausible count, so the bit stream gets decoded
            let (decoded, error) = decodePrefix(bytes)
            #expect(error != nil || decoded.count == Int(bytes.first ?? 0))
        }
    }
}

extension Double {
    fileprivate func rounded(toPlaces places: UInt64) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
