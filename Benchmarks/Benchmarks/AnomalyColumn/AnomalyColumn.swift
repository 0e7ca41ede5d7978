// The anomaly column (issue 4's target: at least 1 million samples per second per core for the full
// column): every detector on, over a realistic seasonal series with anomalies, as `homeostat detect`
// and the agent feed it — including the seasonal detector's periodic autocorrelation.

import Benchmark
import HomeostatCore

let series = SyntheticSeriesGenerator.make(kind: .levelShift, seed: 1, length: 100_000)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], timeUnits: .milliseconds,
        warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 20)

    // One iteration = 100,000 samples into a fresh column with all five detectors.
    Benchmark("AnomalyColumn.observe, all detectors (100,000 samples)") { benchmark in
        for _ in benchmark.scaledIterations {
            var column = AnomalyColumn()
            var sum = 0.0
            for (timestamp, value) in zip(series.timestamps, series.values) {
                sum += column.observe(timestamp: timestamp, value: value).value
            }
            blackHole(sum)
        }
    }

    // The seasonal score off. The seasonal model still runs (it deseasonalizes the other detectors'
    // input), so this costs the same: the ensemble's price does not depend on the detector selection.
    Benchmark("AnomalyColumn.observe, seasonal score off (100,000 samples)") { benchmark in
        var configuration = AnomalyColumn.Configuration()
        configuration.detectors.remove(.seasonal)
        for _ in benchmark.scaledIterations {
            var column = AnomalyColumn(configuration: configuration)
            var sum = 0.0
            for (timestamp, value) in zip(series.timestamps, series.values) {
                sum += column.observe(timestamp: timestamp, value: value).value
            }
            blackHole(sum)
        }
    }
}
