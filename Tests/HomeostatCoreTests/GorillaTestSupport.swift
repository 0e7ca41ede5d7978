import HomeostatCore

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so every random test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A sample compared by its value's bit pattern, so NaN payloads and -0.0 compare exactly.
struct ExactSample: Equatable, CustomStringConvertible {
    var timestamp: Int64
    var bits: UInt64

    init(_ timestamp: Int64, _ value: Double) {
        self.timestamp = timestamp
        self.bits = value.bitPattern
    }

    init(_ sample: ChunkDecoder.Sample) {
        self.init(sample.timestamp, sample.value)
    }

    var description: String { "(\(timestamp), 0x\(String(bits, radix: 16)))" }
}

/// Encodes `samples` in order; they must be strictly increasing in time.
func encode(_ samples: [ExactSample]) throws -> ChunkEncoder {
    var encoder = ChunkEncoder()
    for sample in samples {
        try encoder.append(timestamp: sample.timestamp, value: Double(bitPattern: sample.bits))
    }
    return encoder
}

/// Decodes with `next()` until the end or the first error, keeping the samples decoded before it.
func decodePrefix(_ bytes: [UInt8]) -> (samples: [ExactSample], error: ChunkError?) {
    var samples: [ExactSample] = []
    do {
        var decoder = try ChunkDecoder(bytes: bytes)
        while let sample = try decoder.next() {
            samples.append(ExactSample(sample))
        }
        return (samples, nil)
    } catch {
        return (samples, error)
    }
}

/// Samples at 0, 1, 2, … ms holding `values`.
func atConsecutiveMilliseconds(_ values: [Double]) -> [ExactSample] {
    values.enumerated().map { ExactSample(Int64($0.offset), $0.element) }
}
