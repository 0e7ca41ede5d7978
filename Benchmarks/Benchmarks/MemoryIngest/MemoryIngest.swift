// Ingest into compressed working memory (issue 3's target: at least 10 million samples per second on
// one core): whole snapshots of 200 series, appended tick after tick as the agent does, including the
// per-series lookup, chunk sealing every 120 samples and the 1-minute / 1-hour rollups.

import Benchmark
import HomeostatCore

let seriesCount = 200
let ticks = 600
let start: Int64 = 1_795_550_400_000

/// 200 series of the shapes a host has: constant gauges, counters, and ratios that move.
let keys = (0..<seriesCount).map { SeriesKey("bench.series", ["index": String($0)]) }
func value(series: Int, tick: Int) -> Double {
    switch series % 3 {
    case 0: return 16_000_000_000  // a constant gauge
    case 1: return Double(tick * (series + 3))  // a counter
    default: return Double((tick * 7_919 + series * 104_729) % 1_000) / 1_000  // a ratio
    }
}
let values = (0..<ticks).map { tick in (0..<seriesCount).map { value(series: $0, tick: tick) } }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], timeUnits: .milliseconds,
        warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 50)

    // One iteration = 600 ticks × 200 series = 120,000 samples into a fresh working memory.
    Benchmark("WorkingMemory.append (120,000 samples: 600 ticks × 200 series)") { benchmark in
        for _ in benchmark.scaledIterations {
            var memory = WorkingMemory()
            for tick in 0..<ticks {
                let timestamp = start + Int64(tick) * 1_000
                let row = values[tick]
                for index in 0..<seriesCount {
                    memory.append(keys[index], timestamp: timestamp, value: row[index])
                }
            }
            blackHole(memory.byteCount)
        }
    }
}
