// Query latency of the three-tier metric memory (issue 3's targets: one series over 30 days at
// 1-minute resolution, 43,200 points, ≤ 1 ms; 100 series over the last hour raw ≤ 10 ms; per-tier
// access times against the seed's 0.5 / 2.1 / 15.3 ms). Everything goes through MetricQueryEngine
// against a real SQLite file (GRDB DatabasePool in WAL mode) in a temporary directory, so series
// lookup, the store read, CRC checks, decoding and windowing are all inside the measurement.

import Benchmark
import Foundation
import Homeostat
import HomeostatCore
import HomeostatStore

/// 2026-11-24T00:00:00Z, a whole day: the fixture's "now".
let now: Int64 = 1_795_478_400_000
let day: Int64 = 86_400_000

/// A CPU-like ratio with three decimals, moving every second.
func ratio(_ series: Int, _ second: Int64) -> Double {
    Double((Int(second) &* 7_919 &+ series &* 104_729) % 1_000) / 1_000
}

struct Fixture: Sendable {
    let engine: MetricQueryEngine
    let directory: String
}

nonisolated(unsafe) var fixture: Fixture?

/// Builds the store once: 100 series with the last hour raw in working memory; one series with the
/// same hour only in SQLite chunks; 30 days of minute rollups and 365 days of hour rollups of one
/// series each, written as the agent writes them.
func makeFixture() async throws -> Fixture {
    if let fixture { return fixture }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-query-bench").path
    try? FileManager.default.removeItem(atPath: directory)
    let store = try MetricStore(dataDirectory: directory)
    let memory = MetricMemory(store: store, configuration: PerformanceConfig.Memory(), shortTermRetentionDays: 30)

    // Raw only in SQLite: one series, the last hour, flushed and then dropped from RAM by a memory
    // whose raw window has passed.
    var storedOnly = WorkingMemory()
    let stored = SeriesKey("bench.stored")
    for second in stride(from: now - 3_600_000, to: now, by: 1000) {
        storedOnly.append(stored, timestamp: second, value: ratio(0, second / 1000))
    }
    storedOnly.sealAll()
    try await store.write(storedOnly.takeFlushBatch())

    // Rollups: built from 1 s samples as working memory builds them.
    let month = SeriesKey("bench.month")
    let year = SeriesKey("bench.year")
    let ids = try await store.seriesIDs(for: [month, year])
    var minuteBatch = StoreBatch()
    for minute in stride(from: now - 30 * day, to: now, by: 60_000) {
        var rollup = Rollup(start: minute)
        for second in 0..<60 { rollup.add(timestamp: minute + Int64(second) * 1000, value: ratio(1, minute / 1000 + Int64(second))) }
        minuteBatch.minuteRollups.append(.init(seriesID: ids[month]!, rollup: rollup))
    }
    try await store.write(minuteBatch)
    var hourBatch = StoreBatch()
    for hour in stride(from: now - 365 * day, to: now, by: 3_600_000) {
        var rollup = Rollup(start: hour)
        for minute in 0..<60 {
            var inner = Rollup(start: hour + Int64(minute) * 60_000)
            for second in 0..<60 {
                let time = inner.start + Int64(second) * 1000
                inner.add(timestamp: time, value: ratio(2, time / 1000))
            }
            rollup.merge(inner)
        }
        hourBatch.hourRollups.append(.init(seriesID: ids[year]!, rollup: rollup))
    }
    try await store.write(hourBatch)

    // 100 series, the last hour at 1 s, in working memory (as the agent holds them).
    let keys = (0..<100).map { SeriesKey("bench.cpu", ["n": String($0)]) }
    for second in stride(from: now - 3_600_000, to: now, by: 1000) {
        memory.ingest(
            Snapshot(
                timestamp: Double(second) / 1000,
                samples: keys.enumerated().map { Sample($1, ratio($0, second / 1000), unit: "1") }))
    }
    let made = Fixture(engine: MetricQueryEngine(memory: memory), directory: directory)
    fixture = made
    return made
}

func query(_ selector: String, from: Int64, tier: MemoryTier, step: Int64? = nil) throws -> MetricQuery {
    MetricQuery(selector: try SeriesSelector(parsing: selector), start: from, end: now - 1, step: step, tier: tier)
}

/// Runs `query` per iteration and checks the answer's size once, so a broken fixture cannot pass
/// as a fast benchmark.
func measure(_ benchmark: Benchmark, _ query: MetricQuery, expectSeries: Int, expectPoints: Int) async throws {
    let engine = try await makeFixture().engine
    let check = try await engine.run(query, now: now)
    precondition(check.series.count == expectSeries, "expected \(expectSeries) series, got \(check.series.count)")
    let points = check.series.reduce(0) { $0 + $1.points.count }
    precondition(points == expectPoints, "expected \(expectPoints) points, got \(points)")
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
        blackHole(try await engine.run(query, now: now))
    }
    benchmark.stopMeasurement()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 3,
        maxDuration: .seconds(5), maxIterations: 2_000)

    Benchmark("query 1 series × 30 days of 1-minute rollups (43,200 points, SQLite)") { benchmark in
        try await measure(benchmark, try query("bench.month", from: now - 30 * day, tier: .minute), expectSeries: 1, expectPoints: 43_200)
    }
    Benchmark("query 100 series × last hour raw (360,000 samples, working memory)") { benchmark in
        try await measure(benchmark, try query("bench.cpu", from: now - 3_600_000, tier: .raw), expectSeries: 100, expectPoints: 360_000)
    }
    Benchmark("tier access: working memory, 1 series × last hour raw (3,600 samples)") { benchmark in
        try await measure(benchmark, try query("bench.cpu{n=\"7\"}", from: now - 3_600_000, tier: .raw), expectSeries: 1, expectPoints: 3_600)
    }
    Benchmark("tier access: raw chunks in SQLite, 1 series × 1 hour (3,600 samples)") { benchmark in
        try await measure(benchmark, try query("bench.stored", from: now - 3_600_000, tier: .raw), expectSeries: 1, expectPoints: 3_600)
    }
    Benchmark("tier access: short-term, 1 series × 24 h of 1-minute rollups (1,440 points)") { benchmark in
        try await measure(benchmark, try query("bench.month", from: now - day, tier: .minute), expectSeries: 1, expectPoints: 1_440)
    }
    Benchmark("tier access: long-term, 1 series × 365 days of 1-hour rollups (8,760 points)") { benchmark in
        try await measure(benchmark, try query("bench.year", from: now - 365 * day, tier: .hour), expectSeries: 1, expectPoints: 8_760)
    }
}
