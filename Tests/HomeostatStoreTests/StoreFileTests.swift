import Foundation
import HomeostatCore
import Testing

@testable import HomeostatStore

@Suite struct StoreFileTests {
    let keys = [
        SeriesKey("system.cpu.utilization", ["cpu": "0", "state": "user"]),
        SeriesKey("system.cpu.utilization", ["cpu": "1", "state": "user"]),
        SeriesKey("system.memory.usage"),
    ]

    @Test func seriesIDsAreStableAcrossReopen() async throws {
        try await withTemporaryDirectory { directory in
            let store = try MetricStore(dataDirectory: directory)
            let first = try await store.seriesIDs(for: keys)
            #expect(Set(first.values).count == keys.count)
            #expect(try await store.seriesIDs(for: keys.reversed()) == first)
            try store.close()

            let reopened = try MetricStore(dataDirectory: directory)
            let more = SeriesKey("system.disk.io", ["direction": "read"])
            let second = try await reopened.seriesIDs(for: [more] + keys)
            #expect(second.filter { $0.key != more } == first)
            let listed = try await reopened.series(named: nil)
            #expect(listed.count == 4)
            for entry in listed { #expect(second[entry.key] == entry.id) }
            let cpu = try await reopened.series(named: "system.cpu.utilization")
            #expect(cpu.map(\.key) == Array(keys.prefix(2)))
        }
    }

    @Test func reopenAfterCloseKeepsEverything() async throws {
        try await withTemporaryDirectory { directory in
            let store = try MetricStore(dataDirectory: directory)
            let ids = try await store.seriesIDs(for: keys)
            let id = try #require(ids[keys[0]])
            let chunk = try makeChunk(start: 1_700_000_000_000, count: 120)
            let minute = makeRollup(start: 1_700_000_040_000, values: [0.25, .nan, 0.5])
            var hour = Rollup(start: 1_699_999_200_000)
            hour.merge(minute)
            try await store.write(
                StoreBatch(
                    chunks: [.init(seriesID: id, chunk: chunk)],
                    minuteRollups: [.init(seriesID: id, rollup: minute)],
                    hourRollups: [.init(seriesID: id, rollup: hour)]
                )
            )
            let before = try await store.statistics()
            try store.close()
            await #expect(throws: StoreError.self) { try await store.statistics() }

            let reopened = try MetricStore(dataDirectory: directory)
            #expect(try await reopened.statistics() == before)
            let read = try await reopened.chunks(seriesID: id, from: .min, to: .max)
            #expect(read.chunks == [chunk] && read.corrupted.isEmpty)
            #expect(try read.chunks.map(bits) == [bits(chunk)])
            let minutes = try await reopened.rollups(.minute, seriesID: id, from: .min, to: .max).rollups
            #expect(minutes.map(fields) == [fields(minute)])
            let hours = try await reopened.rollups(.hour, seriesID: id, from: .min, to: .max).rollups
            #expect(hours.map(fields) == [fields(hour)])
            #expect(try await reopened.pragma("auto_vacuum") == 2)
        }
    }

    @Test func aFileThatIsNotADatabaseIsReportedAsCorrupt() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/" + MetricStore.fileName
            let garbage = Data((0..<16_384).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
            try garbage.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StoreError.self) { try MetricStore(dataDirectory: directory) }
            #expect(error?.kind == .corruptDatabase)
            #expect(error?.path == path)
            #expect(error?.description.contains(path) == true)
        }
    }

    @Test func aMissingDirectoryCannotBeOpened() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/missing/metrics.sqlite"
            let error = #expect(throws: StoreError.self) { try MetricStore(path: path) }
            #expect(error?.kind == .cannotOpen)
            #expect(error?.path == path)
        }
    }

    @Test func retentionDeletesExactlyTheExpiredRowsAndBlocksAndShrinksTheFile() async throws {
        try await withTemporaryDirectory { directory in
            let store = try MetricStore(dataDirectory: directory)
            let ids = try await store.seriesIDs(for: keys)
            let hour: Int64 = 3_600_000
            var batch = StoreBatch()
            for id in ids.values {
                // 24 hours of 10-minute chunks (144 samples each, ~1.6 KB), minute and hour rollups.
                for index in 0..<144 {
                    let start = Int64(index) * 600_000
                    batch.chunks.append(.init(seriesID: id, chunk: try makeChunk(start: start, count: 600)))
                }
                for minute in 0..<1_440 {
                    let rollup = makeRollup(start: Int64(minute) * 60_000, values: [Double(minute), 0.1])
                    batch.minuteRollups.append(.init(seriesID: id, rollup: rollup))
                }
                for index in 0..<24 {
                    let rollup = makeRollup(start: Int64(index) * hour, values: [Double(index)])
                    batch.hourRollups.append(.init(seriesID: id, rollup: rollup))
                }
            }
            try await store.write(batch)
            let before = try await store.statistics()
            #expect(before.chunks == 3 * 144 && before.minuteRollups == 3 * 1_440 && before.hourRollups == 3 * 24)
            #expect(before.minuteBlocks == 3 * 24 && before.hourBlocks == 3)

            // Keep raw chunks ending at or after 20 h, minute rollups from 12 h, hour rollups from 2 h.
            let deleted = try await store.deleteExpired(
                rawBefore: 20 * hour, minuteBefore: 12 * hour, hourBefore: 2 * hour)
            // A chunk [s, s + 599 s] ends before 20 h when s < 20 h - 599 s: 120 chunks per series.
            // Minute blocks of hours 0–11 end by 12 h: 12 per series. The day of hour rollups ends
            // after 2 h, so its block stays whole.
            #expect(deleted == 3 * (120 + 12))
            let after = try await store.statistics()
            #expect(after.chunks == 3 * 24 && after.minuteRollups == 3 * 720 && after.hourRollups == 3 * 24)
            #expect(after.minuteBlocks == 3 * 12 && after.hourBlocks == 3)
            #expect(after.series == 3)
            #expect(after.freelistPages == 0)
            #expect(after.fileBytes < before.fileBytes / 2)
            // The checkpoint after the vacuum copied the log into the main file and truncated it.
            #expect(try fileSize(directory) == after.fileBytes)
            for id in ids.values {
                let kept = try await store.chunks(seriesID: id, from: .min, to: .max).chunks
                let firstKept: Int64 = 120 * 600_000
                #expect(kept.first?.timeRange?.lowerBound == firstKept)
                let minutes = try await store.rollups(.minute, seriesID: id, from: .min, to: .max).rollups
                #expect(minutes.first?.start == 12 * hour && minutes.count == 720)
                let hours = try await store.rollups(.hour, seriesID: id, from: .min, to: .max).rollups
                #expect(hours.first?.start == 0 && hours.count == 24)
            }
            #expect(try await store.deleteExpired(rawBefore: 0, minuteBefore: 0, hourBefore: 0) == 0)
            // One millisecond short of the day's end keeps the block; the day's end deletes it.
            #expect(try await store.deleteExpired(rawBefore: 0, minuteBefore: 0, hourBefore: 24 * hour - 1) == 0)
            #expect(try await store.deleteExpired(rawBefore: 0, minuteBefore: 0, hourBefore: 24 * hour) == 3)
        }
    }

    private func fileSize(_ directory: String) throws -> Int {
        let path = directory + "/" + MetricStore.fileName
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
