import Foundation
import HomeostatCore
import HomeostatStore
import Testing

@testable import Homeostat

/// A restart inside a minute and an hour continues the stored buckets instead of replacing them
/// with partial ones, and a clock set back across the restart cannot interleave samples.
@Suite("Metric memory across a restart")
struct RestartContinuityTests {
    static let origin: Int64 = 1_795_478_400_000  // a whole hour
    static let key = SeriesKey("test.gauge")

    func ingest(_ memory: MetricMemory, seconds: Range<Int64>) {
        for second in seconds {
            memory.ingest(
                Snapshot(
                    timestamp: Double(Self.origin + second * 1000) / 1000,
                    samples: [Sample(Self.key, Double(second % 5), unit: "1")]))
        }
    }

    @Test("minute and hour rollups after a restart mid-minute equal those of one uninterrupted run")
    func continuesBuckets() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-restart-\(UUID())")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = PerformanceConfig.Memory()
        // First run: 0 … 1230 s (stops 30 s into minute 20), flushed, then gone.
        let first = MetricMemory(
            store: try MetricStore(dataDirectory: directory), configuration: configuration, shortTermRetentionDays: 30)
        ingest(first, seconds: 0..<1231)
        try await first.flush(now: Self.origin + 1_231_000)
        try first.store.close()

        // Second run on the same file: 1231 … 1500 s.
        let second = MetricMemory(
            store: try MetricStore(dataDirectory: directory), configuration: configuration, shortTermRetentionDays: 30)
        let newest = try await second.resume(now: Self.origin + 1_240_000)
        #expect(newest == Self.origin + 1_230_000)
        ingest(second, seconds: 1231..<1501)
        // A clock set back across the restart: refused, counted.
        #expect(
            second.ingest(
                Snapshot(timestamp: Double(Self.origin + 600_000) / 1000, samples: [Sample(Self.key, 9, unit: "1")]))
                == 1)
        try await second.flush(now: Self.origin + 1_501_000)

        // One uninterrupted run, for reference.
        let reference = MetricMemory(
            store: try MetricStore.inMemory(), configuration: configuration, shortTermRetentionDays: 30)
        ingest(reference, seconds: 0..<1501)
        try await reference.flush(now: Self.origin + 1_501_000)

        for (tier, step) in [(MemoryTier.minute, Int64(60_000)), (.hour, 3_600_000)] {
            for aggregation in [QueryAggregation.count, .sum, .minimum, .maximum, .last] {
                let query = MetricQuery(
                    selector: SeriesSelector(name: Self.key.name), start: Self.origin, end: Self.origin + 1_500_000,
                    step: step, aggregation: aggregation, tier: tier)
                let restarted = try await MetricQueryEngine(memory: second).run(query, now: Self.origin + 1_501_000)
                let expected = try await MetricQueryEngine(memory: reference).run(query, now: Self.origin + 1_501_000)
                #expect(restarted.series.first?.points == expected.series.first?.points, "\(tier) \(aggregation)")
            }
        }
        // Minute 20 holds 30 samples from each run; the hour all 1,501.
        let minute20 = try await MetricQueryEngine(memory: second).run(
            MetricQuery(
                selector: SeriesSelector(name: Self.key.name), start: Self.origin + 1_200_000,
                end: Self.origin + 1_259_999, aggregation: .count, tier: .minute), now: Self.origin + 1_501_000)
        #expect(minute20.series.first?.points.first?.value == 60)
    }
}
