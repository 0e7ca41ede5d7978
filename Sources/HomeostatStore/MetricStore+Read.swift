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
    /// milliseconds, inclusive: a bucket overlaps when `start <= to` and `start + resolution > from`),
    /// oldest first, with every field as written: NaN bit patterns and the exact sum's value included
    /// (`ExactSum(partials:)` may split it into other partials). Each block's CRC-32C is checked: a
    /// block whose bytes changed since it was written, or that does not decode, is reported in
    /// `corrupted` and skipped, and the other blocks are returned.
    /// - Throws: ``StoreError`` `.corruptDatabase` when SQLite finds its pages damaged or a column
    ///   holds the wrong type.
    /// - Complexity: O(log n + b + r) for b bytes of the blocks overlapping the range (about 2–35
    ///   bytes per rollup) and r rollups decoded; 30 days of 1-minute rollups are 720 blocks.
    public func rollups(_ tier: RollupTier, seriesID: Int64, from: Int64, to: Int64) async throws(StoreError)
        -> RollupRead
    {
        let path = path
        let (lowest, overflow) = from.subtractingReportingOverflow(tier.resolution - 1)
        let firstStart = overflow ? Int64.min : lowest
        guard firstStart <= to else { return RollupRead() }
        return try await perform {
            try await writer.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(StoredRollupBlock.columns) FROM \(tier.table)
                        WHERE series_id = ? AND block_start >= ? AND block_start <= ? AND last_start >= ?
                        ORDER BY block_start
                        """,
                    arguments: [seriesID, tier.blockStart(of: firstStart), to, firstStart]
                )
                var blocks: [StoredRollupBlock] = []
                blocks.reserveCapacity(rows.count)
                var capacity = 0
                for row in rows {
                    let block = try StoredRollupBlock(row: row, tier: tier, seriesID: seriesID, path: path)
                    capacity += block.block.count
                    blocks.append(block)
                }
                var read = RollupRead()
                read.rollups.reserveCapacity(capacity)
                for block in blocks {
                    let before = read.rollups.count
                    if let reason = block.decode(appendingTo: &read.rollups) {
                        read.corrupted.append(
                            ChunkRead.CorruptChunk(seriesID: seriesID, start: block.blockStart, reason: reason))
                        continue
                    }
                    // Only the blocks at either end of the range hold rollups outside it.
                    if before < read.rollups.count && read.rollups[before].start < firstStart {
                        let end = read.rollups[before...].firstIndex { $0.start >= firstStart } ?? read.rollups.endIndex
                        read.rollups.removeSubrange(before..<end)
                    }
                    if let last = read.rollups.last, last.start > to {
                        let end = read.rollups[before...].firstIndex { $0.start > to } ?? read.rollups.endIndex
                        read.rollups.removeSubrange(end...)
                    }
                }
                return read
            }
        }
    }
}
