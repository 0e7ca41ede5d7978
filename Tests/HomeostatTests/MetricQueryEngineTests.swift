import Foundation
import HomeostatCore
import Synchronization
import Testing

@testable import Homeostat
@testable import HomeostatStore

/// The query engine over a real (in-memory SQLite) store and working memory: three hours of two
/// gauges and a counter every 10 s, flushed every minute, so the oldest hour is only in the store.
@Suite("Metric query engine")
struct MetricQueryEngineTests {
    static let step: Int64 = 10_000
    /// 2026-11-24T00:00:00Z, a whole hour.
    static let origin: Int64 = 1_795_478_400_000
    static let duration: Int64 = 3 * 3_600_000
    static var now: Int64 { origin + duration }
    static let gaugeA = SeriesKey("test.gauge", ["host": "a"])
    static let gaugeB = SeriesKey("test.gauge", ["host": "b"])
    static let counter = SeriesKey("test.requests", ["host": "a"])

    static func gaugeValue(_ index: Int64, host: String) -> Double { Double(index % 7) + (host == "a" ? 0 : 100) }
    /// Rises by 5 per sample and resets to 0 at sample 600 (one reset, at 100 minutes).
    static func counterValue(_ index: Int64) -> Double { Double((index >= 600 ? index - 600 : index) * 5) }

    let memory: MetricMemory
    let engine: MetricQueryEngine

    init() async throws {
        memory = MetricMemory(
            store: try MetricStore.inMemory(), configuration: PerformanceConfig.Memory(), shortTermRetentionDays: 30)
        engine = MetricQueryEngine(memory: memory)
        var index: Int64 = 0
        var time = Self.origin
        while time < Self.now {
            let samples = [
                Sample(Self.gaugeA, Self.gaugeValue(index, host: "a"), unit: "1"),
                Sample(Self.gaugeB, Self.gaugeValue(index, host: "b"), unit: "1"),
                Sample(Self.counter, Self.counterValue(index), unit: "{request}"),
            ]
            memory.ingest(Snapshot(timestamp: Double(time) / 1000, samples: samples))
            index += 1
            time += Self.step
            if time % 60_000 == 0 { try await memory.flush(now: time) }
        }
    }

    /// The raw samples of gauge `host` in [from, to].
    func expectedGauge(host: String, from: Int64, to: Int64) -> [QueryPoint] {
        stride(from: Self.origin, to: Self.now, by: Int(Self.step)).enumerated().compactMap { index, time in
            guard time >= from && time <= to else { return nil }
            return QueryPoint(timestamp: time, value: Self.gaugeValue(Int64(index), host: host))
        }
    }

    func run(
        _ selector: String, from: Int64, to: Int64, step: Int64? = nil, agg: QueryAggregation? = nil,
        tier: MemoryTier? = nil
    ) async throws -> QueryResult {
        let query = MetricQuery(
            selector: try SeriesSelector(parsing: selector), start: from, end: to, step: step, aggregation: agg,
            tier: tier)
        return try await engine.run(query, now: Self.now)
    }

    @Test("the finest tier whose retention covers the start is chosen")
    func tierChoice() {
        #expect(engine.tier(covering: Self.now - 3_600_000, now: Self.now) == .raw)
        #expect(engine.tier(covering: Self.now - 7_200_000, now: Self.now) == .raw)
        #expect(engine.tier(covering: Self.now - 7_200_001, now: Self.now) == .minute)
        #expect(engine.tier(covering: Self.now - 30 * 86_400_000, now: Self.now) == .minute)
        #expect(engine.tier(covering: Self.now - 31 * 86_400_000, now: Self.now) == .hour)
    }

    @Test("working memory no longer holds the oldest hour, but a raw query still gets every sample")
    func rawAcrossStoreAndWorkingMemory() async throws {
        let oldest = memory.working.withLock { $0.oldestTimestamp(of: Self.gaugeA) }!
        #expect(oldest > Self.origin + 3_600_000 - 1)
        let result = try await run("test.gauge{host=\"a\"}", from: Self.origin, to: Self.now, tier: .raw)
        #expect(result.tier == .raw)
        #expect(result.series.count == 1)
        #expect(result.series[0].points == expectedGauge(host: "a", from: Self.origin, to: Self.now))
        #expect(result.warnings.isEmpty)
    }

    @Test("a recent raw query reads working memory, the automatic tier is raw")
    func recentRaw() async throws {
        let from = Self.now - 600_000
        let result = try await run("test.gauge", from: from, to: Self.now)
        #expect(result.tier == .raw)
        #expect(result.series.map(\.key) == [Self.gaugeA, Self.gaugeB])
        #expect(result.series[1].points == expectedGauge(host: "b", from: from, to: Self.now))
    }

    @Test(
        "minute and hour tiers answer exactly what raw samples give over aligned steps",
        arguments: [QueryAggregation.average, .minimum, .maximum, .sum, .count, .last])
    func rollupTiersAreExact(_ aggregation: QueryAggregation) async throws {
        for (tier, step) in [(MemoryTier.minute, Int64(60_000)), (.minute, 900_000), (.hour, 3_600_000)] {
            let raw = try await run(
                "test.gauge{host=\"a\"}", from: Self.origin, to: Self.now - 1, step: step, agg: aggregation, tier: .raw)
            let rolled = try await run(
                "test.gauge{host=\"a\"}", from: Self.origin, to: Self.now - 1, step: step, agg: aggregation, tier: tier)
            #expect(rolled.tier == tier)
            #expect(!rolled.approximate)
            #expect(rolled.series[0].points.count == Int(Self.duration / step))
            #expect(rolled.series[0].points == raw.series[0].points, "\(tier) at step \(step)")
        }
    }

    @Test("hand-computed hourly averages of the first hour")
    func handComputedAverage() async throws {
        // 360 samples of i % 7: 51 full cycles of 0…6 (sum 21 each) plus 0, 1, 2.
        let result = try await run(
            "test.gauge{host=\"a\"}", from: Self.origin, to: Self.origin + 3_599_999, step: 3_600_000, agg: .average,
            tier: .hour)
        #expect(result.series[0].points == [QueryPoint(timestamp: Self.origin, value: Double(51 * 21 + 3) / 360)])
    }

    @Test("rate over a counter with a reset counts the new value")
    func counterRate() async throws {
        let result = try await run(
            "test.requests", from: Self.origin, to: Self.now - 1, step: 3_600_000, agg: .rate, tier: .raw)
        // 5 per 10 s = 0.5/s everywhere: the reset at 100 min drops to 0 (counts +0), so hour 2 is a
        // little lower: 359 steps of +5 and one of +0 over 3,600 s (its baseline is the last sample of hour 1).
        let values = result.series[0].points.map(\.value)
        #expect(values.count == 3)
        #expect(values[0] == 359.0 * 5 / 3590)
        #expect(values[1] == 359.0 * 5 / 3600)
        #expect(values[2] == 360.0 * 5 / 3600)
        let approximate = try await run(
            "test.requests", from: Self.origin, to: Self.now - 1, step: 3_600_000, agg: .rate, tier: .minute)
        #expect(approximate.approximate)
    }

    @Test("selectors with not-equal and regex matchers pick the right series")
    func selectors() async throws {
        let notA = try await run("test.gauge{host!=\"a\"}", from: Self.now - 60_000, to: Self.now)
        #expect(notA.series.map(\.key) == [Self.gaugeB])
        let regex = try await run("{__name__=~\"test\\\\..*\",host=~\"a\"}", from: Self.now - 60_000, to: Self.now)
        #expect(regex.series.map(\.key) == [Self.gaugeA, Self.counter])
        let none = try await run("test.none", from: Self.now - 60_000, to: Self.now)
        #expect(none.series.isEmpty)
    }

    @Test("latest values come from working memory")
    func latest() async throws {
        let result = try await engine.latest(try SeriesSelector(parsing: "test.gauge"), now: Self.now)
        let lastIndex = Self.duration / Self.step - 1
        #expect(
            result.series.map { $0.points } == [
                [QueryPoint(timestamp: Self.now - Self.step, value: Self.gaugeValue(lastIndex, host: "a"))],
                [QueryPoint(timestamp: Self.now - Self.step, value: Self.gaugeValue(lastIndex, host: "b"))],
            ])
    }

    @Test("a reversed range and too many points are refused with what to change")
    func badQueries() async throws {
        let selector = try SeriesSelector(parsing: "test.gauge")
        await #expect(throws: QueryError.self) {
            try await engine.run(MetricQuery(selector: selector, start: Self.now, end: Self.origin), now: Self.now)
        }
        do {
            _ = try await engine.run(
                MetricQuery(selector: selector, start: Self.origin, end: Self.now, step: 1), now: Self.now)
            Issue.record("expected tooManyPoints")
        } catch {
            #expect(error.kind == .tooManyPoints)
            #expect(error.description.contains("use a larger step"))
        }
    }

    @Test("a corrupted stored chunk is reported as a warning and the rest is still answered")
    func corruptedChunk() async throws {
        try await memory.store.execute(
            sql: "UPDATE chunk SET bytes = zeroblob(length(bytes)) WHERE start_ms = \(Self.origin)")
        let result = try await run("test.gauge{host=~\"a|b\"}", from: Self.origin, to: Self.now, tier: .raw)
        #expect(result.warnings.count == 2)
        #expect(result.warnings[0].contains("CRC-32C mismatch"))
        // One chunk per series is gone: at 10 s a chunk is sealed by age (15 min) after 90 samples.
        #expect(result.series.map(\.points.count) == [1080 - 90, 1080 - 90])
    }
}
