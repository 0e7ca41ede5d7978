import Foundation
import HomeostatCore
import Testing

@testable import HomeostatStore

/// Rollups stored as compressed blocks (an hour of 1-minute rollups, a day of 1-hour rollups per row).
@Suite struct RollupBlockStorageTests {
    static let hour: Int64 = 3_600_000

    @Test func aReSentOpenBucketReplacesItsEarlierVersion() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        // First flush: minute 0 complete, minute 1 open with 10 samples; the open hour with both.
        let minute0 = makeRollup(start: 0, values: Array(repeating: 1, count: 60))
        let open1 = makeRollup(start: 60_000, values: Array(repeating: 2, count: 10))
        var openHour = Rollup(start: 0)
        openHour.merge(minute0)
        openHour.merge(open1)
        try await store.write(
            StoreBatch(
                minuteRollups: [.init(seriesID: id, rollup: minute0), .init(seriesID: id, rollup: open1)],
                hourRollups: [.init(seriesID: id, rollup: openHour)]
            )
        )
        // Second flush: minute 1 complete (re-sent with new contents), minute 2 open, the hour again.
        let minute1 = makeRollup(start: 60_000, values: Array(repeating: 3, count: 60))
        let open2 = makeRollup(start: 120_000, values: [4])
        var hour = Rollup(start: 0)
        for rollup in [minute0, minute1, open2] { hour.merge(rollup) }
        try await store.write(
            StoreBatch(
                minuteRollups: [.init(seriesID: id, rollup: minute1), .init(seriesID: id, rollup: open2)],
                hourRollups: [.init(seriesID: id, rollup: hour)]
            )
        )
        let minutes = try await store.rollups(.minute, seriesID: id, from: .min, to: .max)
        #expect(minutes.corrupted.isEmpty)
        #expect(minutes.rollups.map(fields) == [minute0, minute1, open2].map(fields))
        let hours = try await store.rollups(.hour, seriesID: id, from: .min, to: .max)
        #expect(hours.rollups.map(fields) == [fields(hour)])
        let statistics = try await store.statistics()
        #expect(statistics.minuteRollups == 3 && statistics.minuteBlocks == 1)
        #expect(statistics.hourRollups == 1 && statistics.hourBlocks == 1)
    }

    @Test func aBatchSpanningBlocksAndSeriesUpdatesEachBlockOnce() async throws {
        let store = try MetricStore.inMemory()
        let ids = try await store.seriesIDs(for: [SeriesKey("a"), SeriesKey("b")])
        let a = try #require(ids[SeriesKey("a")])
        let b = try #require(ids[SeriesKey("b")])
        // 150 minutes each, in an order that interleaves series and blocks, with one start given
        // twice: the later copy wins.
        var batch = StoreBatch()
        var expected: [Int64: [Rollup]] = [a: [], b: []]
        for minute in (0..<150).reversed() {
            for id in [a, b] {
                let rollup = makeRollup(start: Int64(minute) * 60_000, values: [Double(minute), Double(id)])
                batch.minuteRollups.append(.init(seriesID: id, rollup: rollup))
                expected[id]!.insert(rollup, at: 0)
            }
        }
        let late = makeRollup(start: 75 * 60_000, values: [-1])
        batch.minuteRollups.append(.init(seriesID: a, rollup: late))
        expected[a]![75] = late
        try await store.write(batch)
        for id in [a, b] {
            let read = try await store.rollups(.minute, seriesID: id, from: .min, to: .max)
            #expect(read.rollups.map(fields) == expected[id]!.map(fields))
        }
        #expect(try await store.statistics().minuteBlocks == 6)
    }

    @Test func readsSelectOverlappingBucketsAcrossBlockEdges() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        // Minutes -90 ..< 150: blocks [-2 h, -1 h), [-1 h, 0), [0, 1 h), [1 h, 2 h), [2 h, 3 h).
        let rollups = (-90..<150).map { makeRollup(start: Int64($0) * 60_000, values: [Double($0)]) }
        try await store.write(StoreBatch(minuteRollups: rollups.map { .init(seriesID: id, rollup: $0) }))
        #expect(try await store.statistics().minuteBlocks == 5)
        let ranges: [(Int64, Int64)] = [
            (.min, .max), (-Self.hour, -1), (-Self.hour + 1, 0), (59 * 60_000 + 1, Self.hour), (0, 0), (1, 1),
            (Self.hour - 1, Self.hour - 1), (-90 * 60_000, -90 * 60_000), (149 * 60_000 + 59_999, .max),
            (150 * 60_000, .max), (.min, -90 * 60_000 - 1), (5, 4), (-7_777_777, 6_666_666),
        ]
        for (from, to) in ranges {
            let read = try await store.rollups(.minute, seriesID: id, from: from, to: to)
            let expected = rollups.filter { $0.start <= to && $0.start + 60_000 > from }
            #expect(read.rollups.map(\.start) == expected.map(\.start), "[\(from), \(to)]")
        }
    }

    @Test func thirtyDaysOfMinuteRollupsRoundTrip() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        let start: Int64 = 1_795_550_400_000
        var level = 0.5
        var random = SplitMixGenerator(seed: 3)
        let rollups = (0..<43_200).map { minute in
            let values = (0..<6).map { _ in
                level = min(1, max(0, level + Double(random.next() % 1_001) / 10_000 - 0.05))
                return level
            }
            return makeRollup(start: start + Int64(minute) * 60_000, values: values)
        }
        // Written as a flusher would: a day at a time.
        for day in 0..<30 {
            let slice = rollups[(day * 1_440)..<((day + 1) * 1_440)]
            try await store.write(StoreBatch(minuteRollups: slice.map { .init(seriesID: id, rollup: $0) }))
        }
        let read = try await store.rollups(.minute, seriesID: id, from: .min, to: .max)
        #expect(read.corrupted.isEmpty)
        #expect(read.rollups.count == 43_200)
        #expect(read.rollups.map(fields) == rollups.map(fields))
        #expect(zip(read.rollups, rollups).allSatisfy { sameExactSum($0.sum, $1.sum) })
        let statistics = try await store.statistics()
        #expect(statistics.minuteRollups == 43_200 && statistics.minuteBlocks == 720)
    }

    @Test func corruptedBlocksAreReportedAndTheOthersStillRead() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        let rollups = (0..<240).map { makeRollup(start: Int64($0) * 60_000, values: [Double($0), 0.5]) }
        try await store.write(StoreBatch(minuteRollups: rollups.map { .init(seriesID: id, rollup: $0) }))
        // Block 1 h: one byte changed in place. Block 2 h: bytes that decode to nothing sensible,
        // with a matching CRC (as a buggy writer might leave). Block 3 h: truncated.
        try await store.execute(
            sql: """
                UPDATE rollup_1m SET bytes = CAST(substr(bytes, 1, 9)
                    || CASE WHEN substr(bytes, 10, 1) = X'00' THEN X'01' ELSE X'00' END || substr(bytes, 11) AS BLOB)
                WHERE block_start = 3600000
                """
        )
        let garbage: [UInt8] = [60, 0xFF, 0xFF]
        let garbageHex = garbage.map { String(format: "%02X", $0) }.joined()
        try await store.execute(
            sql:
                "UPDATE rollup_1m SET bytes = X'\(garbageHex)', crc = \(Checksum.crc32c(garbage)) WHERE block_start = 7200000"
        )
        try await store.execute(
            sql: "UPDATE rollup_1m SET bytes = substr(bytes, 1, length(bytes) - 3) WHERE block_start = 10800000"
        )

        let read = try await store.rollups(.minute, seriesID: id, from: .min, to: .max)
        #expect(read.rollups.map(fields) == rollups.prefix(60).map(fields))
        #expect(read.corrupted.map(\.start) == [Self.hour, 2 * Self.hour, 3 * Self.hour])
        #expect(read.corrupted.allSatisfy { $0.seriesID == id && $0.reason.contains("rollup_1m block starting at") })
        #expect(read.corrupted[0].reason.contains("rollup_1m block starting at 3600000 ms: CRC-32C mismatch"))
        #expect(read.corrupted[1].reason.contains("truncated rollup block"))
        #expect(read.corrupted[2].reason.contains("CRC-32C mismatch"))

        // A write into a damaged block overwrites it with the new rollups, and loses nothing new.
        let fresh = makeRollup(start: Self.hour + 5 * 60_000, values: [42])
        try await store.write(StoreBatch(minuteRollups: [.init(seriesID: id, rollup: fresh)]))
        let after = try await store.rollups(.minute, seriesID: id, from: Self.hour, to: 2 * Self.hour - 1)
        #expect(after.corrupted.isEmpty)
        #expect(after.rollups.map(fields) == [fields(fresh)])
    }

    @Test func migratingAVersion1DatabaseKeepsItsRows() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/" + MetricStore.fileName
            let minutes =
                (0..<130).map { makeRollup(start: 1_700_000_040_000 + Int64($0) * 60_000, values: [Double($0), 0.25]) }
                + RollupStorageTests.awkwardSamples.enumerated().map {
                    makeRollup(start: -Int64($0.offset + 1) * 60_000, values: $0.element)
                }
            let hours =
                (0..<30).map { makeRollup(start: Int64($0) * Self.hour, values: [Double($0)]) } + [
                    Rollup(start: 40 * Self.hour)
                ]
            func insert(_ rollups: [Rollup], into table: String, seriesID: Int) -> String {
                rollups.map { rollup in
                    let blob = SumPartials.encode(rollup.sum).map { String(format: "%02X", $0) }.joined()
                    let bits = [rollup.min, rollup.max, rollup.last].map { String(Int64(bitPattern: $0.bitPattern)) }
                    return "INSERT INTO \(table) VALUES (\(seriesID), \(rollup.start), \(rollup.count), X'\(blob)', "
                        + "\(bits.joined(separator: ", ")), \(rollup.lastTimestamp));"
                }.joined(separator: "\n")
            }
            let chunk = try makeChunk(start: 1_700_000_000_000, count: 30)
            let chunkHex = chunk.bytes.map { String(format: "%02X", $0) }.joined()
            let sql = """
                INSERT INTO series(id, name, labels) VALUES (1, 'a', ''), (2, 'b', 'k="v"');
                INSERT INTO chunk VALUES (1, 1700000000000, 1700000029000, 30, X'\(chunkHex)', \(chunk.checksum));
                \(insert(minutes, into: "rollup_1m", seriesID: 1))
                \(insert(minutes.prefix(3).map { $0 }, into: "rollup_1m", seriesID: 2))
                \(insert(hours, into: "rollup_1h", seriesID: 2))
                INSERT INTO rollup_1m VALUES (2, 999960000, 1, X'0102', 0, 0, 0, 0);
                """
            try MetricStore.makeDatabase(path: path, version: "v1", sql: sql)

            let store = try MetricStore(path: path)
            let readA = try await store.rollups(.minute, seriesID: 1, from: .min, to: .max)
            let sortedMinutes = minutes.sorted { $0.start < $1.start }
            #expect(readA.corrupted.isEmpty)
            #expect(readA.rollups.map(fields) == sortedMinutes.map(fields))
            #expect(zip(readA.rollups, sortedMinutes).allSatisfy { sameExactSum($0.sum, $1.sum) })
            // The row with a torn sum is dropped; the others of series 2 stay.
            let readB = try await store.rollups(.minute, seriesID: 2, from: .min, to: .max)
            #expect(readB.rollups.map(fields) == minutes.prefix(3).map(fields))
            let readHours = try await store.rollups(.hour, seriesID: 2, from: .min, to: .max)
            #expect(readHours.rollups.map(fields) == hours.map(fields))
            #expect(try await store.chunks(seriesID: 1, from: .min, to: .max).chunks == [chunk])
            let statistics = try await store.statistics()
            #expect(statistics.series == 2 && statistics.chunks == 1)
            #expect(statistics.minuteRollups == minutes.count + 3 && statistics.hourRollups == hours.count)
            // Minutes: 3 blocks for the 130 minutes (one hour boundary crossed twice), 1 for the
            // awkward ones before 1970, 1 for series 2. Hours: day 0, day 1.
            #expect(statistics.minuteBlocks == 3 + 1 + 1 && statistics.hourBlocks == 2)
            try store.close()
            // Reopening runs no migration again and keeps everything.
            let reopened = try MetricStore(path: path)
            #expect(try await reopened.statistics() == statistics)
            try reopened.close()
        }
    }
}

/// SplitMix64, for reproducible test data.
struct SplitMixGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
