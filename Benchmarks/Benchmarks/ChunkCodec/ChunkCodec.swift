// What the Gorilla chunk codec of working memory (issue 3) costs per sample, and how small it packs.
//
// Each series is two hours of 1 s samples (7,200), cut into chunks of 120 samples as Prometheus
// does. Encode and decode benchmarks count one sample per scaled iteration (scaling factor mega), so
// their throughput reads directly as millions of samples per second on one core.

import Benchmark
import HomeostatCore

/// SplitMix64: a seeded generator, so every run measures the same series.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct Series {
    var name: String
    var timestamps: [Int64]
    var values: [Double]
}

let samplesPerSeries = 7_200
let samplesPerChunk = 120
let start: Int64 = 1_700_000_000_000

func makeSeries(_ name: String, _ value: (inout SplitMix64) -> Double) -> Series {
    var random = SplitMix64(state: 2_015)
    let timestamps = (0..<samplesPerSeries).map { start + Int64($0) * 1_000 }
    return Series(name: name, timestamps: timestamps, values: timestamps.map { _ in value(&random) })
}

/// A constant gauge (total memory, CPU count), a counter that grows by an irregular amount or not
/// at all (packets, requests), and a CPU-utilization ratio as the agent computes it: busy over total
/// jiffies of a 1 s interval on 2 cores at 100 Hz, a fraction with a full-precision mantissa.
let corpus: [Series] = {
    var counter = 1_000_000.0
    return [
        makeSeries("constant gauge") { _ in 8_254_390_272 },
        makeSeries("irregular counter") { random in
            if random.next() % 4 != 0 { counter += Double(random.next() % 500) }
            return counter
        },
        makeSeries("noisy CPU ratio") { random in
            let total = 198 + Double(random.next() % 5)
            return Double(40 + random.next() % 60) / total
        },
    ]
}()

func chunks(of series: Series) -> [Chunk] {
    stride(from: 0, to: samplesPerSeries, by: samplesPerChunk).map { first in
        var encoder = ChunkEncoder(reservingSamples: samplesPerChunk)
        for index in first..<min(first + samplesPerChunk, samplesPerSeries) {
            try! encoder.append(timestamp: series.timestamps[index], value: series.values[index])
        }
        return encoder.chunk
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal], timeUnits: .nanoseconds,
        warmupIterations: 2, scalingFactor: .mega, maxDuration: .seconds(4), maxIterations: 50)

    // The checksum every chunk and rollup block gets when sealed and again when read from the store.
    // One 4 KiB checksum per scaled iteration: wall clock / 4,096 is the cost per byte.
    let checksummed = (0..<4_096).map { UInt8(truncatingIfNeeded: $0 &* 7_919 >> 3) }
    Benchmark(
        "Checksum.crc32c (4 KiB)",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 2,
            scalingFactor: .kilo, maxDuration: .seconds(4), maxIterations: 50)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Checksum.crc32c(checksummed))
        }
    }

    // The same through `Chunk(bytes:…)`, which computes it inside HomeostatCore, as the store does
    // (a caller in another module may reach an unspecialized generic `crc32c`).
    Benchmark(
        "Checksum.crc32c (4 KiB, sealing a Chunk)",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 2,
            scalingFactor: .kilo, maxDuration: .seconds(4), maxIterations: 50)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Chunk(bytes: checksummed, count: 0, timeRange: nil).checksum)
        }
    }

    for series in corpus {
        // Ingest: append every sample, sealing a chunk (bytes and CRC-32C) every 120 samples.
        Benchmark("Encode.\(series.name)") { benchmark in
            var encoder = ChunkEncoder(reservingSamples: samplesPerChunk)
            var index = 0
            for _ in benchmark.scaledIterations {
                try! encoder.append(timestamp: series.timestamps[index], value: series.values[index])
                index += 1
                if index % samplesPerChunk == 0 {
                    blackHole(encoder.chunk)
                    encoder = ChunkEncoder(reservingSamples: samplesPerChunk)
                    if index == samplesPerSeries { index = 0 }
                }
            }
            blackHole(encoder)
        }

        // Read back: one sample per iteration, opening the next chunk when one runs out.
        let sealed = chunks(of: series)
        Benchmark("Decode.\(series.name)") { benchmark in
            var chunkIndex = 0
            var decoder = try! sealed[0].decoder()
            for _ in benchmark.scaledIterations {
                if let sample = try! decoder.next() {
                    blackHole(sample)
                } else {
                    chunkIndex = (chunkIndex + 1) % sealed.count
                    decoder = try! sealed[chunkIndex].decoder()
                    blackHole(try! decoder.next())
                }
            }
        }

        // Size: bytes per 1,000 samples over the two hours, count headers and padding included.
        Benchmark(
            "Size.\(series.name)",
            configuration: .init(
                metrics: [.custom("bytes per 1000 samples", useScalingFactor: false)], scalingFactor: .one,
                maxIterations: 3)
        ) { benchmark in
            let bytes = chunks(of: series).reduce(0) { $0 + $1.bytes.count }
            benchmark.measurement(
                .custom("bytes per 1000 samples", useScalingFactor: false), bytes * 1_000 / samplesPerSeries)
        }
    }
}
