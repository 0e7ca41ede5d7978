// The agent's anomaly monitor per collection cycle (issue 4, item 1: well under 1 ms of CPU per cycle
// at 1 s for ~170 series): snapshots of 170 (and 1,700) series scored by their columns, sharded over
// 1, 2 and 4 shards, after a 300-cycle warm-up so every column is past its learning phase.

import Benchmark
import Foundation
import Homeostat
import HomeostatCore

let warmUpCycles = 300

/// `series` series like a host's: levels 0.01…10⁹, a season of 60 cycles on half of them, Gaussian
/// noise of 1 % of the level.
func makeSnapshots(series: Int, cycles: Int) -> [Snapshot] {
    var random = SplitMix64(seed: 42)
    let keys = (0..<series).map { SeriesKey("bench.series", ["index": "\($0)"]) }
    let levels = (0..<series).map { _ in random.uniform(0.01...1e9) }
    return (0..<cycles).map { cycle in
        let samples = keys.enumerated().map { index, key in
            let level = levels[index]
            let season = index % 2 == 0 ? 0.1 * level * sin(2 * Double.pi * Double(cycle) / 60) : 0
            return Sample(key, level + season + 0.01 * level * random.nextGaussian(), unit: "1")
        }
        return Snapshot(timestamp: 1_800_000_000 + Double(cycle), samples: samples)
    }
}

func warmedMonitor(shards: Int, snapshots: [Snapshot]) async -> AnomalyMonitor {
    var configuration = AnomalyMonitor.Configuration()
    configuration.shardCount = shards
    let monitor = AnomalyMonitor(configuration: configuration)
    for snapshot in snapshots.prefix(warmUpCycles) { await monitor.observe(snapshot) }
    return monitor
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: .seconds(20), maxIterations: 15)

    // One iteration = `measured` collection cycles (every series scored, flags grouped into incidents)
    // on a monitor warmed by 300 cycles; divide by `measured` for one cycle.
    for (series, measured, shardCounts) in [(170, 1_000, [1, 2, 4]), (1_700, 100, [1, 2])] {
        let snapshots = makeSnapshots(series: series, cycles: warmUpCycles + measured)
        for shards in shardCounts {
            Benchmark("AnomalyMonitor.observe, \(series) series, \(shards) shard(s), \(measured) cycles") {
                benchmark in
                let monitor = await warmedMonitor(shards: shards, snapshots: snapshots)
                benchmark.startMeasurement()
                for cycle in warmUpCycles..<(warmUpCycles + measured) {
                    blackHole(await monitor.observe(snapshots[cycle]))
                }
            }
        }
    }
}
