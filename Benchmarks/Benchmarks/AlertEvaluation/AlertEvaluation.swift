// Alert evaluation (issue 4's target: at most 10 ms per cycle for 10,000 series): the seed's four
// default rules plus six configured ones (two with regex matchers, one with a window) against 10,000
// series per cycle, 1 % of them breaching and toggling, as the collector calls it once per cycle.

import Benchmark
import Glibc
import HomeostatCore

/// 10,000 series: 100 hosts' worth of CPU, memory, disk and 9,000 application timers and counters.
let keys: [SeriesKey] = {
    var keys: [SeriesKey] = []
    for cpu in 0..<200 {
        for state in ["user", "system", "idle", "iowait", "steal"] {
            keys.append(SeriesKey("system.cpu.utilization", ["cpu": "\(cpu)", "state": state]))
        }
    }
    for device in 0..<1000 {
        keys.append(SeriesKey("system.filesystem.utilization", ["system.device": "sd\(device)"]))
    }
    for endpoint in 0..<3000 {
        keys.append(SeriesKey("app.request.duration", ["endpoint": "/e\(endpoint)", "quantile": "0.99"]))
        keys.append(SeriesKey("app.request.duration", ["endpoint": "/e\(endpoint)", "quantile": "0.5"]))
        keys.append(SeriesKey("app.errors.rate", ["endpoint": "/e\(endpoint)"]))
    }
    return keys
}()

let rules: [AlertRule] = {
    do {
        return DefaultAlertRules.rules(PerformanceConfig.AlertThresholds()) + [
            try AlertRule(
                name: "disk_full", selector: SeriesSelector(parsing: "system.filesystem.utilization"),
                comparison: .greater, threshold: 0.95, clearThreshold: 0.9, forDuration: 600),
            try AlertRule(
                name: "steal", selector: SeriesSelector(parsing: #"system.cpu.utilization{state="steal"}"#),
                comparison: .greater, threshold: 0.2, forDuration: 60),
            try AlertRule(
                name: "iowait", selector: SeriesSelector(parsing: #"system.cpu.utilization{state=~"iowait|steal"}"#),
                comparison: .greater, threshold: 0.5, window: AlertWindow(seconds: 30, aggregation: .avg)),
            try AlertRule(
                name: "errors", selector: SeriesSelector(parsing: #"app.errors.rate{endpoint=~"/e1.*"}"#),
                comparison: .greater, threshold: 5, keepFiringFor: 60),
            try AlertRule(
                name: "median_latency", selector: SeriesSelector(parsing: #"app.request.duration{quantile="0.5"}"#),
                comparison: .greater, threshold: 0.05, forDuration: 120),
            try AlertRule(
                name: "p99_latency_fast", selector: SeriesSelector(parsing: #"app.request.duration{quantile="0.99"}"#),
                comparison: .greater, threshold: 0.2, repeatInterval: 3600),
        ]
    } catch {
        preconditionFailure("\(error)")
    }
}()

/// Cycle `cycle`'s samples: quiet values, with every 100th series breaching on odd cycles.
func samples(cycle: Int) -> [Sample] {
    keys.enumerated().map { index, key in
        let breach = index % 100 == 0 && cycle % 2 == 1
        return Sample(key, breach ? 1000 : 0.01 + Double((index + cycle) % 7) * 0.001, unit: "1")
    }
}

let cycles = (0..<8).map(samples(cycle:))

/// CPU time of the calling thread in nanoseconds: unlike wall time, it does not count the time the
/// thread waited for a core, so it stays meaningful on this shared 2-core machine.
func threadCPUNanoseconds() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return spec.tv_sec * 1_000_000_000 + spec.tv_nsec
}

let threadCPU = BenchmarkMetric.custom("thread CPU (µs)", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, threadCPU], timeUnits: .microseconds, warmupIterations: 3,
        maxDuration: .seconds(10), maxIterations: 500)

    // Steady state: every series' rule matches are cached; one iteration = one cycle of 10,000 samples.
    Benchmark("AlertEvaluator.evaluate, 10 rules × 10,000 series (one cycle)") { benchmark in
        var evaluator = try AlertEvaluator(rules: rules)
        for (cycle, batch) in cycles.enumerated() { blackHole(evaluator.evaluate(batch, at: Double(cycle))) }
        var time = Double(cycles.count)
        benchmark.startMeasurement()
        let cpuStart = threadCPUNanoseconds()
        for _ in benchmark.scaledIterations {
            let batch = cycles[Int(time) % cycles.count]
            blackHole(evaluator.evaluate(batch, at: time))
            time += 1
        }
        benchmark.measurement(threadCPU, (threadCPUNanoseconds() - cpuStart) / 1000)
        benchmark.stopMeasurement()
    }

    // The first cycle: every series is matched against every rule (regexes included) once.
    Benchmark("AlertEvaluator.evaluate, first cycle (10,000 new series)") { benchmark in
        for _ in benchmark.scaledIterations {
            let cpuStart = threadCPUNanoseconds()
            var evaluator = try AlertEvaluator(rules: rules)
            blackHole(evaluator.evaluate(cycles[0], at: 0))
            benchmark.measurement(threadCPU, (threadCPUNanoseconds() - cpuStart) / 1000)
        }
    }
}
