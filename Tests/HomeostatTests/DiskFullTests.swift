import Foundation
import HomeostatCore
import Testing

@testable import Homeostat
@testable import HomeostatStore

/// A full disk, as SQLite sees it: `PRAGMA max_page_count` caps the file at its current size, so
/// the next write that needs a page fails with `SQLITE_FULL`, the same error a full file system
/// gives. (scripts/integration-test also fills a real tmpfs under a running agent when it may mount.)
@Suite("Metric memory on a full disk")
struct DiskFullTests {
    static let origin: Int64 = 1_795_478_400_000

    func snapshot(_ second: Int) -> Snapshot {
        Snapshot(
            timestamp: Double(Self.origin) / 1000 + Double(second),
            samples: (0..<40).map {
                Sample(
                    SeriesKey("test.noise", ["n": "\($0)"]), Double((second * 7919 + $0 * 104_729) % 1009) / 1009,
                    unit: "1")
            })
    }

    @Test("writes fail with diskFull, working memory keeps everything, and a later flush stores it all")
    func fullDiskThenSpace() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-full-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try MetricStore(dataDirectory: directory)
        let memory = MetricMemory(store: store, configuration: PerformanceConfig.Memory(), shortTermRetentionDays: 30)
        for second in 0..<120 { memory.ingest(snapshot(second)) }
        try await memory.flush(now: Self.origin + 120_000)

        let pages = try await store.pragma("page_count")
        try await store.execute(sql: "PRAGMA max_page_count = \(pages)")
        for second in 120..<1200 { memory.ingest(snapshot(second)) }
        do {
            try await memory.flush(now: Self.origin + 1_200_000)
            Issue.record("the flush should have failed: the store may not grow")
        } catch {
            #expect(error.kind == .diskFull)
            #expect(error.description.contains(directory))
        }
        // Everything is still answerable from working memory.
        let engine = MetricQueryEngine(memory: memory)
        let query = MetricQuery(
            selector: try SeriesSelector(parsing: "test.noise{n=\"3\"}"), start: Self.origin,
            end: Self.origin + 1_200_000, tier: .raw)
        #expect(try await engine.run(query, now: Self.origin + 1_200_000).series[0].points.count == 1200)
        let failures = memory.statisticsSamples(now: Double(Self.origin) / 1000 + 1200)
            .first { $0.series.name == "homeostat.memory.flush.failures" }?.value
        #expect(failures == 1)

        // Space returns: the next flush writes what was kept.
        try await store.execute(sql: "PRAGMA max_page_count = 1000000")
        try await memory.flush(now: Self.origin + 1_201_000)
        try store.close()
        let reopened = MetricMemory(
            store: try MetricStore(dataDirectory: directory), configuration: PerformanceConfig.Memory(),
            shortTermRetentionDays: 30)
        let stored = try await MetricQueryEngine(memory: reopened).run(query, now: Self.origin + 1_200_000)
        #expect(stored.series[0].points.count == 1200)
    }
}
