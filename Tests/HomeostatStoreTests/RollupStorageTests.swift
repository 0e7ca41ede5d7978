import HomeostatCore
import Testing

@testable import HomeostatStore

@Suite struct RollupStorageTests {
    static let awkwardSamples: [[Double]] = [
        [1, 2, 3],
        [1e100, 1, -1e100, 1e-300, 0.1, 0.2, 0.3],
        [.nan, .nan],
        [.nan, 4, -0.0],
        [.infinity, 1],
        [.infinity, -.infinity],
        [Double(bitPattern: 0x7FF8_0000_DEAD_BEEF), 2],
        [.leastNonzeroMagnitude, -0.0, .greatestFiniteMagnitude, .greatestFiniteMagnitude],
    ]

    @Test(arguments: awkwardSamples)
    func rollupsRoundTripBitForBit(values: [Double]) async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        let rollup = makeRollup(start: 120_000, values: values)
        var hour = Rollup(start: 0)
        hour.merge(rollup)
        try await store.write(
            StoreBatch(
                minuteRollups: [.init(seriesID: id, rollup: rollup)],
                hourRollups: [.init(seriesID: id, rollup: hour)]
            )
        )

        let minutes = try await store.rollups(.minute, seriesID: id, from: .min, to: .max).rollups
        let hours = try await store.rollups(.hour, seriesID: id, from: .min, to: .max).rollups
        #expect(minutes.map(fields) == [fields(rollup)])
        #expect(hours.map(fields) == [fields(hour)])
        #expect(sameExactSum(try #require(minutes.first).sum, rollup.sum))
        #expect(sameExactSum(try #require(hours.first).sum, hour.sum))
    }

    @Test(arguments: awkwardSamples)
    func sumPartialsAreStoredBitForBit(values: [Double]) throws {
        let sum = makeRollup(start: 0, values: values).sum
        let blob = [UInt8](SumPartials.encode(sum))
        let stored = stride(from: 0, to: blob.count, by: 8).map { offset in
            blob[offset..<offset + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        let expected = sum.partials.map(\.bitPattern) + (sum.value.isFinite ? [] : [sum.value.bitPattern])
        #expect(stored == expected)
        let decoded = try #require(SumPartials.decode(SumPartials.encode(sum)))
        #expect(decoded.value.bitPattern == sum.value.bitPattern)
    }

    @Test func anEmptyRollupKeepsItsNaNs() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        let empty = Rollup(start: 60_000)
        try await store.write(StoreBatch(minuteRollups: [.init(seriesID: id, rollup: empty)]))
        let read = try await store.rollups(.minute, seriesID: id, from: 0, to: .max).rollups
        #expect(read.map(fields) == [fields(empty)])
        #expect(read.first?.min.isNaN == true && read.first?.last.isNaN == true)
    }

    @Test func rangeSelectsOverlappingBucketsAndUpsertsReplace() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        let rollups = (0..<5).map { makeRollup(start: Int64($0) * 60_000, values: [Double($0)]) }
        try await store.write(StoreBatch(minuteRollups: rollups.map { .init(seriesID: id, rollup: $0) }))
        // [61 s, 120 s] overlaps the buckets starting at 60 s and 120 s.
        let middle = try await store.rollups(.minute, seriesID: id, from: 61_000, to: 120_000).rollups
        #expect(middle.map(\.start) == [60_000, 120_000])

        let replacement = makeRollup(start: 60_000, values: [7, 8, 9])
        try await store.write(StoreBatch(minuteRollups: [.init(seriesID: id, rollup: replacement)]))
        let read = try await store.rollups(.minute, seriesID: id, from: 60_000, to: 60_000).rollups
        #expect(read == [replacement])
        #expect(try await store.statistics().minuteRollups == 5)
    }

    @Test func aFailingBatchLeavesNothing() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        let batch = StoreBatch(
            chunks: [.init(seriesID: id, chunk: try makeChunk(start: 0, count: 10))],
            minuteRollups: [.init(seriesID: id, rollup: makeRollup(start: 0, values: [1]))],
            // The last row names a series that does not exist: a foreign-key violation midway.
            hourRollups: [
                .init(seriesID: id, rollup: makeRollup(start: 0, values: [1])),
                .init(seriesID: id + 1_000, rollup: makeRollup(start: 0, values: [1])),
            ]
        )
        let error = await #expect(throws: StoreError.self) { try await store.write(batch) }
        #expect(error?.kind == .rejected)
        let statistics = try await store.statistics()
        #expect(statistics.chunks == 0 && statistics.minuteRollups == 0 && statistics.hourRollups == 0)
    }
}
