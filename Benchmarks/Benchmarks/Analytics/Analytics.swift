// Trend analysis and correlation search over the metric memory (issue 4, items 5 and 6): the whole path
// through PerformanceAnalytics — series lookup, reading 1-minute rollups from SQLite, windowing,
// Theil–Sen (exact O(n²)), Mann–Kendall, and the lagged Pearson/Spearman search with its corrections —
// plus the pure algorithms alone on the same data, to separate reading from computing.

import Benchmark
import Foundation
import Homeostat
import HomeostatCore
import HomeostatStore

/// 2026-11-24T00:00:00Z: the fixture's "now".
let now: Int64 = 1_795_478_400_000
let day: Int64 = 86_400_000

/// A noisy series with a slow drift and a daily wave, different per series.
func value(_ series: Int, _ minute: Int64) -> Double {
    let noise = Double((Int(minute) &* 7_919 &+ series &* 104_729) % 1_000) / 10_000
    let wave = sin(Double(minute + Int64(series) * 37) / 229)
    return 1 + Double(series % 7) * 0.001 * Double(minute % 1440) / 60 + 0.3 * wave + noise
}

struct Fixture: Sendable {
    let analytics: PerformanceAnalytics
    /// 50 series × 1,440 minutes, for the pure algorithms.
    let matrix: [[Double]]
}

nonisolated(unsafe) var fixture: Fixture?

/// 160 series × the last 24 h of 1-minute rollups in a SQLite file (one sample per minute each).
func makeFixture() async throws -> Fixture {
    if let fixture { return fixture }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-analytics-bench").path
    try? FileManager.default.removeItem(atPath: directory)
    let store = try MetricStore(dataDirectory: directory)
    let memory = MetricMemory(store: store, configuration: PerformanceConfig.Memory(), shortTermRetentionDays: 30)
    let keys = (0..<160).map { SeriesKey("bench.metric", ["n": String(format: "%03d", $0)]) }
    let ids = try await store.seriesIDs(for: keys)
    var batch = StoreBatch()
    for (index, key) in keys.enumerated() {
        for minute in stride(from: now - day, to: now, by: 60_000) {
            var rollup = Rollup(start: minute)
            rollup.add(timestamp: minute, value: value(index, (minute - now + day) / 60_000))
            batch.minuteRollups.append(.init(seriesID: ids[key]!, rollup: rollup))
        }
    }
    try await store.write(batch)
    let matrix = (0..<50).map { index in (0..<Int64(1440)).map { value(index, $0) } }
    let made = Fixture(analytics: PerformanceAnalytics(memory: memory), matrix: matrix)
    fixture = made
    return made
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: .seconds(10), maxIterations: 50)

    Benchmark("trends: 160 series × 24 h at 1 m (1,440 points each, minute tier in SQLite)") { benchmark in
        let analytics = try await makeFixture().analytics
        let selector = try SeriesSelector(parsing: "bench.metric")
        let check = try await analytics.analyzeTrends(period: day, selector: selector, now: now)
        precondition(check.series.count == 160 && check.series.allSatisfy { $0.points == 1440 && $0.pValue != nil })
        precondition(check.stepSeconds == 60)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await analytics.analyzeTrends(period: day, selector: selector, now: now))
        }
        benchmark.stopMeasurement()
    }
    Benchmark("correlations: 50 series × 1,440 points, max lag 10 (1,225 pairs × 21 lags)") { benchmark in
        let analytics = try await makeFixture().analytics
        let selector = try SeriesSelector(parsing: "bench.metric{n=~\"0[0-4].\"}")
        let check = try await analytics.findCorrelations(
            selectors: [selector], period: day, maxLag: 600_000, topK: 10, now: now)
        precondition(check.seriesCount == 50 && check.testedPairs == 1225 && check.maxLagSeconds == 600)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(
                try await analytics.findCorrelations(
                    selectors: [selector], period: day, maxLag: 600_000, topK: 10, now: now))
        }
        benchmark.stopMeasurement()
    }
    Benchmark("pure: TrendEstimate of 1 series × 1,440 points (Theil–Sen exact, 1,035,880 slopes)") { benchmark in
        let series = try await makeFixture().matrix[3]
        let x = (0..<series.count).map { Double($0) / 60 }
        for _ in benchmark.scaledIterations {
            blackHole(try TrendEstimate(x: x, y: series))
        }
    }
    Benchmark("pure: CorrelationSearch of 50 series × 1,440 points, max lag 10") { benchmark in
        let matrix = try await makeFixture().matrix
        for _ in benchmark.scaledIterations {
            blackHole(try CorrelationSearch(series: matrix, maxLag: 10, topK: 10))
        }
    }
}
