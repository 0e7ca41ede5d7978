import Foundation
import HomeostatCore
import HomeostatStore
import Testing

/// Working memory's flush batches written to the SQLite store, and read back after a reopen: the
/// path the agent's flusher will take.
@Suite("Working memory → store")
struct WorkingMemoryToStoreTests {
    @Test("flushed chunks and rollups survive a reopen; re-sent open chunks and rollups replace earlier versions")
    func flushAndReopen() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-flush-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = SeriesKey("system.memory.usage", ["state": "used"])
        let start: Int64 = 1_795_550_400_000
        var memory = WorkingMemory()
        var raw: [(Int64, Double)] = []

        let store = try MetricStore(dataDirectory: directory.path)
        // Three flushes, as every flush_interval would: 130 s, then 60 s more, then 10 s more.
        for (from, to) in [(0, 130), (130, 190), (190, 200)] {
            for second in from..<to {
                let sample = (start + Int64(second) * 1000, Double(second % 17) * 1.5)
                raw.append(sample)
                memory.append(key, timestamp: sample.0, value: sample.1)
            }
            try await store.write(memory.takeFlushBatch())
        }
        try store.close()

        let reopened = try MetricStore(dataDirectory: directory.path)
        let id = try #require(try await reopened.seriesIDs(for: [key])[key])
        let read = try await reopened.chunks(seriesID: id, from: .min, to: .max)
        #expect(read.corrupted.isEmpty)
        var samples: [(Int64, Double)] = []
        for chunk in read.chunks { samples += try chunk.decoder().decodeAll().map { ($0.timestamp, $0.value) } }
        #expect(samples.map(\.0) == raw.map(\.0))
        #expect(samples.map(\.1) == raw.map(\.1))

        let minutes = try await reopened.rollups(.minute, seriesID: id, from: .min, to: .max).rollups
        #expect(minutes.map(\.start) == (0...3).map { start + Int64($0) * 60_000 })
        #expect(minutes.map(\.count) == [60, 60, 60, 20])
        let hours = try await reopened.rollups(.hour, seriesID: id, from: .min, to: .max).rollups
        #expect(hours.count == 1)
        var reference = Rollup(start: start)
        for (t, v) in raw { reference.add(timestamp: t, value: v) }
        #expect(hours.first == reference)
        try reopened.close()
    }
}
