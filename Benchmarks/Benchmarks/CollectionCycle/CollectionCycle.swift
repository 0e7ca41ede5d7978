// What one collection cycle of the agent costs, and which part of it dominates.
//
// Every benchmark reads the real /proc and /sys of the machine it runs on, so the figures depend on
// that machine's CPUs, disks, mounts, interfaces and process count: record them with the numbers.

import Benchmark
import Foundation
import Homeostat
import HomeostatCore
import HomeostatSensors
import Logging

/// Wall clock, CPU and instructions (where perf counters exist) plus allocations: a cycle runs every
/// second forever, so its allocation count matters as much as its time.
let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .instructions, .mallocCountTotal]

/// Sensors compute rates against the previous reading, so they need a real, increasing time base.
func unixNow() -> Double { Date().timeIntervalSince1970 }

/// The collector exactly as `homeostat run` builds it: every host sensor, the agent's own process plus
/// the default watched names, and the swift-metrics backend; read once so that rates exist. Its
/// logger only speaks on errors: each benchmark runs in its own process, and a sensor this host
/// lacks (cgroup v2, PSI) would otherwise log its "unavailable" warning in every one.
func warmCollector() -> Collector {
    var quiet = Logger(label: "homeostat.benchmark")
    quiet.logLevel = .error
    var collector = Collector.standard(
        config: PerformanceConfig(), applicationMetrics: HomeostatMetricsFactory(), logger: quiet)
    _ = collector.collect(tick: unixNow().rounded(.down), now: unixNow())
    return collector
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: metrics, timeUnits: .microseconds, warmupIterations: 3,
        maxDuration: .seconds(5), maxIterations: 2_000)

    // One full cycle. The percentiles are over single cycles.
    var collector = warmCollector()
    Benchmark("Collector.collect") { benchmark in
        for _ in benchmark.scaledIterations {
            let now = unixNow()
            blackHole(collector.collect(tick: now.rounded(.down), now: now))
        }
    }

    // The same cycle 1,000 times per sample, reported per cycle: the process CPU clock ticks in
    // 10 ms steps on Linux, far coarser than one cycle, so only a batch gives a CPU time.
    var batched = warmCollector()
    Benchmark(
        "Collector.collect (x1000, CPU)",
        configuration: .init(metrics: [.cpuTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(6))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let now = unixNow()
            blackHole(batched.collect(tick: now.rounded(.down), now: now))
        }
    }

    // Each host sensor alone, so the expensive one is visible. A sensor whose source this host
    // lacks (PSI, cgroup v2) throws `.missing`; the benchmark then measures that failure path.
    for sensor in HostSensors.all() {
        var sensor = sensor
        var warmup = SampleBatch(reservingCapacity: 256)
        try? sensor.collect(into: &warmup, at: unixNow())
        Benchmark("Sensor.\(sensor.name)") { benchmark in
            for _ in benchmark.scaledIterations {
                var batch = SampleBatch(reservingCapacity: 256)
                try? sensor.collect(into: &batch, at: unixNow())
                blackHole(batch)
            }
        }
    }

    // The agent's own process plus the configured watched names, as the collector reads them: the
    // defaults (no names), and one `--watch-name`, scanning `/proc` every time. The agent scans every
    // 5 s, so that is what one cycle in five pays per watched name.
    let variants: [(String, [String], Double)] = [
        ("Sensor.process", PerformanceConfig().agent.watchNames, 5),
        ("Sensor.process (--watch-name nginx, scan /proc every cycle)", ["nginx"], 0),
    ]
    for (label, names, rescan) in variants {
        var sensor = WatchedProcessesSensor(names: names, includeAgent: true, rescanInterval: rescan)
        var warmup = SampleBatch(reservingCapacity: 64)
        try? sensor.collect(into: &warmup, at: unixNow())
        Benchmark(label) { benchmark in
            for _ in benchmark.scaledIterations {
                var batch = SampleBatch(reservingCapacity: 64)
                try? sensor.collect(into: &batch, at: unixNow())
                blackHole(batch)
            }
        }
    }

    // The realtime API's encoding of one steady-state snapshot: building the report and the JSON.
    var reporting = warmCollector()
    let snapshot = reporting.collect(tick: unixNow().rounded(.down), now: unixNow())
    Benchmark("RealtimeReport.json") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RealtimeReport(snapshot, interval: 1).json())
        }
    }
}
