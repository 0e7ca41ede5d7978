import Foundation
import HomeostatCore
import HomeostatStore
import Testing

@testable import Homeostat

@Suite("Memory metrics")
struct MemoryStatisticsTests {
    static let key = SeriesKey("test.gauge")

    func value(_ samples: [Sample], _ name: String, tier: String? = nil, reason: String? = nil) -> Double? {
        samples.first { sample in
            sample.series.name == name && (tier == nil || sample.series[label: "tier"] == tier)
                && (reason == nil || sample.series[label: "reason"] == reason)
        }?.value
    }

    @Test("consolidation rates, compression, utilization, reads and hit ratios are measured")
    func measured() async throws {
        let memory = MetricMemory(
            store: try MetricStore.inMemory(), configuration: PerformanceConfig.Memory(), shortTermRetentionDays: 30)
        let origin: Int64 = 1_795_478_400_000  // a whole hour
        _ = memory.statisticsSamples(now: Double(origin) / 1000)
        // 240 samples at 1 s: one 240-sample chunk sealed (MetricMemory.chunkSamples), minutes 0–2
        // completed (minute 3 open).
        for second in 0..<240 {
            memory.ingest(
                Snapshot(
                    timestamp: Double(origin) / 1000 + Double(second),
                    samples: [Sample(Self.key, Double(second % 3), unit: "1")]))
        }
        memory.ingest(Snapshot(timestamp: Double(origin) / 1000 + 100, samples: [Sample(Self.key, 1, unit: "1")]))
        let engine = MetricQueryEngine(memory: memory)
        let selector = SeriesSelector(name: "test.gauge")
        _ = try await engine.run(
            MetricQuery(selector: selector, start: origin, end: origin + 240_000), now: origin + 240_000)
        _ = try await engine.run(
            MetricQuery(selector: selector, start: origin, end: origin + 240_000, tier: .minute), now: origin + 240_000)
        let samples = memory.statisticsSamples(now: Double(origin) / 1000 + 240)

        #expect(value(samples, "homeostat.memory.consolidation_rate", tier: "raw") == 1.0 / 240)
        #expect(value(samples, "homeostat.memory.consolidation_rate", tier: "minute") == 3.0 / 240)
        #expect(value(samples, "homeostat.memory.consolidation_rate", tier: "hour") == 0)
        let bytes = memory.workingMemoryBytes
        #expect(value(samples, "homeostat.memory.size", tier: "raw") == Double(bytes))
        #expect(value(samples, "homeostat.memory.compression_ratio", tier: "raw") == Double(240 * 16) / Double(bytes))
        #expect(value(samples, "homeostat.memory.utilization", tier: "raw") == Double(bytes) / 64_000_000)
        #expect(value(samples, "homeostat.memory.rejected", reason: "out_of_order") == 1)
        #expect(value(samples, "homeostat.memory.rejected", reason: "duplicate") == 0)
        // One read of each tier, both answered from RAM (nothing flushed yet).
        #expect(value(samples, "homeostat.memory.reads", tier: "raw") == 1.0 / 240)
        #expect(value(samples, "homeostat.memory.hit_ratio", tier: "raw") == 1)
        #expect(value(samples, "homeostat.memory.hit_ratio", tier: "minute") == 1)
        #expect(value(samples, "homeostat.memory.hit_ratio", tier: "hour") == nil)
        #expect((value(samples, "homeostat.memory.access_time", tier: "raw") ?? 0) > 0)

        // After a flush and expiry of everything, a raw read must go to SQLite: a miss.
        try await memory.flush(now: origin + 240_000 + 3 * 3_600_000)
        _ = try await engine.run(
            MetricQuery(selector: selector, start: origin, end: origin + 240_000, tier: .raw), now: origin)
        try await memory.refreshStoreStatistics()
        let stored = try await memory.store.statistics()
        #expect(stored.minuteRollups == 4 && stored.chunkSamples == 240)
        let later = memory.statisticsSamples(now: Double(origin) / 1000 + 250)
        #expect(value(later, "homeostat.memory.size", tier: "minute") == Double(stored.minuteBytes))
        #expect(
            value(later, "homeostat.memory.compression_ratio", tier: "minute") == Double(4 * 56)
                / Double(stored.minuteBytes))
        // The oldest stored block starts at the origin, 250 s before the export: 250 s of 30 days.
        #expect(value(later, "homeostat.memory.utilization", tier: "minute") == 250_000.0 / (30 * 86_400_000))
        #expect(value(later, "homeostat.memory.store.size") == Double(stored.fileBytes))
        #expect(value(later, "homeostat.memory.hit_ratio", tier: "raw") == 0.5)
        #expect(value(later, "homeostat.memory.flush.failures") == 0)
        #expect((value(later, "homeostat.memory.flush.duration") ?? -1) >= 0)
        // No reads in this cycle for the minute tier: no access time is reported for it.
        #expect(value(later, "homeostat.memory.access_time", tier: "minute") == nil)
    }
}
