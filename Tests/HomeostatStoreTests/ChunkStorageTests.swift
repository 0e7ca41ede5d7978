import HomeostatCore
import Testing

@testable import HomeostatStore

@Suite struct ChunkStorageTests {
    @Test func chunksRoundTripAndSelectByOverlap() async throws {
        let store = try MetricStore.inMemory()
        let ids = try await store.seriesIDs(for: [SeriesKey("m")])
        let id = try #require(ids[SeriesKey("m")])
        // Three chunks of 60 samples: [0, 59 s], [60 s, 119 s], [120 s, 179 s].
        let chunks = try (0..<3).map { try makeChunk(start: Int64($0) * 60_000, count: 60, seed: Double($0 + 1)) }
        try await store.write(StoreBatch(chunks: chunks.map { StoreBatch.SeriesChunk(seriesID: id, chunk: $0) }))

        let all = try await store.chunks(seriesID: id, from: .min, to: .max)
        #expect(all.corrupted.isEmpty)
        #expect(all.chunks == chunks)
        for (read, written) in zip(all.chunks, chunks) {
            #expect(try bits(read) == bits(written))
        }
        let middle = try await store.chunks(seriesID: id, from: 59_500, to: 60_000)
        #expect(middle.chunks == [chunks[1]])
        let edges = try await store.chunks(seriesID: id, from: 59_000, to: 120_000)
        #expect(edges.chunks == chunks)
        #expect(try await store.chunks(seriesID: id + 1, from: .min, to: .max).chunks.isEmpty)
    }

    @Test func aResealedChunkReplacesTheStoredOne() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        try await store.write(StoreBatch(chunks: [.init(seriesID: id, chunk: try makeChunk(start: 0, count: 10))]))
        let grown = try makeChunk(start: 0, count: 20)
        try await store.write(StoreBatch(chunks: [.init(seriesID: id, chunk: grown)]))
        #expect(try await store.chunks(seriesID: id, from: 0, to: .max).chunks == [grown])
    }

    @Test func corruptedChunksAreReportedAndSkipped() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        let chunks = try (0..<4).map { try makeChunk(start: Int64($0) * 100_000, count: 50) }
        try await store.write(StoreBatch(chunks: chunks.map { .init(seriesID: id, chunk: $0) }))
        // One chunk zeroed in place, one truncated: both as a damaged disk would leave them.
        try await store.execute(sql: "UPDATE chunk SET bytes = zeroblob(length(bytes)) WHERE start_ms = 100000")
        try await store.execute(
            sql: "UPDATE chunk SET bytes = substr(bytes, 1, length(bytes) - 3) WHERE start_ms = 300000"
        )

        let read = try await store.chunks(seriesID: id, from: .min, to: .max)
        #expect(read.chunks == [chunks[0], chunks[2]])
        #expect(read.corrupted.map(\.start) == [100_000, 300_000])
        #expect(read.corrupted.allSatisfy { $0.seriesID == id && $0.reason.contains("CRC-32C mismatch") })
        for chunk in read.chunks {
            #expect(try chunk.decoder().decodeAll().count == 50)
        }
    }

    @Test func emptyChunksAreSkipped() async throws {
        let store = try MetricStore.inMemory()
        let id = try #require(try await store.seriesIDs(for: [SeriesKey("m")])[SeriesKey("m")])
        try await store.write(StoreBatch(chunks: [.init(seriesID: id, chunk: ChunkEncoder().chunk)]))
        #expect(try await store.statistics().chunks == 0)
    }
}
