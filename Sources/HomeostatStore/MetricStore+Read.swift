import GRDB
import HomeostatCore

extension MetricStore {
    /// The sealed chunks of series `seriesID` that overlap `[from, to]` (Unix milliseconds,
    /// inclusive), oldest first. Each chunk's CRC-32C is checked: a chunk whose bytes changed since
    /// it was written is reported in `corrupted` and left out, and the others are returned.
    /// - Throws: ``StoreError`` `.corruptDatabase` when SQLite finds its pages damaged.
    /// - Complexity: O(log n + c + b): c chunks of the series starting at or before `to` are scanned,
    ///   b bytes checksummed. Raw retention keeps c small (hours of chunks).
    public func chunks(seriesID: Int64, from: Int64, to: Int64) async throws(StoreError) -> ChunkRead {
        let path = path
        return try await perform {
            try await writer.read { db in
                var read = ChunkRead()
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT start_ms, end_ms, count, bytes, crc FROM chunk
                        WHERE series_id = ? AND start_ms <= ? AND end_ms >= ? ORDER BY start_ms
                        """,
                    arguments: [seriesID, to, from]
                )
                while let row = try rows.next() {
                    let stored = StoredRow(row: row, context: "chunk of series \(seriesID)", path: path)
                    let start = try stored.integer(0)
                    let chunk = Chunk(
                        bytes: [UInt8](try stored.blob(3)),
                        count: Int(try stored.integer(2)),
                        timeRange: start...max(start, try stored.integer(1))
                    )
                    let crc = try stored.integer(4)
                    if crc == Int64(chunk.checksum) {
                        read.chunks.append(chunk)
                    } else {
                        read.corrupted.append(
                            ChunkRead.CorruptChunk(
                                seriesID: seriesID,
                                start: start,
                                reason: "CRC-32C mismatch: stored \(crc), computed \(chunk.checksum) "
                                    + "over \(chunk.bytes.count) bytes"
                            )
                        )
                    }
                }
                return read
            }
        }
    }

    /// The rollups of series `seriesID` in `tier` whose buckets overlap `[from, to]` (Unix
    /// milliseconds, inclusive), oldest first, with every field as written: NaN bit patterns and
    /// the exact sum's partials included.
    /// - Throws: ``StoreError`` `.corruptDatabase` for a damaged file or an unreadable sum.
    /// - Complexity: O(log n + r) for r rollups returned.
    public func rollups(_ tier: RollupTier, seriesID: Int64, from: Int64, to: Int64) async throws(StoreError)
        -> [Rollup]
    {
        let path = path
        // A bucket overlaps when start <= to and start + resolution > from.
        let (lowest, overflow) = from.subtractingReportingOverflow(tier.resolution - 1)
        let firstStart = overflow ? Int64.min : lowest
        return try await perform {
            try await writer.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT start_ms, count, sum_partials, min, max, last, last_ms FROM \(tier.table)
                        WHERE series_id = ? AND start_ms >= ? AND start_ms <= ? ORDER BY start_ms
                        """,
                    arguments: [seriesID, firstStart, to]
                )
                var rollups: [Rollup] = []
                while let row = try rows.next() {
                    let stored = StoredRow(row: row, context: "\(tier.table) row of series \(seriesID)", path: path)
                    var rollup = Rollup(start: try stored.integer(0))
                    rollup.count = Int(try stored.integer(1))
                    guard let sum = SumPartials.decode(try stored.blob(2)) else {
                        throw stored.corrupt("sum_partials at \(rollup.start) ms is not a whole number of Float64s")
                    }
                    rollup.sum = sum
                    rollup.min = try stored.double(3)
                    rollup.max = try stored.double(4)
                    rollup.last = try stored.double(5)
                    rollup.lastTimestamp = try stored.integer(6)
                    rollups.append(rollup)
                }
                return rollups
            }
        }
    }
}
