import Foundation
import GRDB
import HomeostatCore

extension MetricStore {
    /// Writes a flush of metric memory in one transaction: if any row is refused or the disk fills,
    /// nothing of `batch` is stored, and a crash leaves all of it or none.
    ///
    /// Chunks are upserts on `(series, start)`: a chunk for a stored start replaces the stored one.
    /// Empty chunks are skipped. Rollups are stored in blocks (`RollupTier.blockSpan`): each block a
    /// batch touches is read, merged with the batch's rollups by start (a rollup for a stored start
    /// replaces it, as a re-sent open bucket must; for a start given twice in one batch, the later
    /// wins), re-encoded and upserted. A stored block that fails its CRC-32C or does not decode is
    /// overwritten with the batch's rollups for that block: its old rollups are lost (they were
    /// unreadable already, and reads report such a block in `RollupRead.corrupted` until then), the
    /// new ones are kept, and nothing is counted or logged.
    /// - Throws: ``StoreError`` `.rejected` for a series id that does not exist, `.diskFull`, `.io`.
    /// - Complexity: O(c log n) for c chunks into a table of n rows, plus, for each of the b blocks
    ///   touched, one lookup, a decode and an encode of its rollups (O(log n + 60) for a minute block).
    public func write(_ batch: StoreBatch) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        let path = path
        try await perform {
            try await writer.write { db in
                try Self.insertChunks(batch.chunks, db)
                for tier in RollupTier.allCases {
                    try Self.upsertRollups(batch.rollups(tier), into: tier, path: path, db)
                }
            }
        }
    }

    private static func insertChunks(_ chunks: [StoreBatch.SeriesChunk], _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO chunk(series_id, start_ms, end_ms, count, bytes, crc) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(series_id, start_ms) DO UPDATE SET
                    end_ms = excluded.end_ms, count = excluded.count, bytes = excluded.bytes, crc = excluded.crc
                """
        )
        for entry in chunks {
            guard let range = entry.chunk.timeRange else { continue }
            try statement.execute(arguments: [
                entry.seriesID, range.lowerBound, range.upperBound, entry.chunk.count,
                Data(entry.chunk.bytes), Int64(entry.chunk.checksum),
            ])
        }
    }

    /// A block of one series: the key of a block table's row.
    private struct BlockKey: Hashable, Comparable {
        var seriesID: Int64
        var blockStart: Int64

        static func < (lhs: BlockKey, rhs: BlockKey) -> Bool {
            (lhs.seriesID, lhs.blockStart) < (rhs.seriesID, rhs.blockStart)
        }
    }

    private static func upsertRollups(
        _ rollups: [StoreBatch.SeriesRollup],
        into tier: RollupTier,
        path: String,
        _ db: Database
    ) throws {
        guard !rollups.isEmpty else { return }
        // Group by block first, so that each block is read and written once; later rollups for the
        // same start replace earlier ones.
        var blocks: [BlockKey: [Int64: Rollup]] = [:]
        for entry in rollups {
            let key = BlockKey(seriesID: entry.seriesID, blockStart: tier.blockStart(of: entry.rollup.start))
            blocks[key, default: [:]][entry.rollup.start] = entry.rollup
        }
        let select = try db.cachedStatement(
            sql: "SELECT \(StoredRollupBlock.columns) FROM \(tier.table) WHERE series_id = ? AND block_start = ?"
        )
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO \(tier.table)(series_id, block_start, last_start, count, bytes, crc) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(series_id, block_start) DO UPDATE SET
                    last_start = excluded.last_start, count = excluded.count, bytes = excluded.bytes, crc = excluded.crc
                """
        )
        for key in blocks.keys.sorted() {
            let new = blocks[key]!.values.sorted { $0.start < $1.start }
            var merged = new
            if let row = try Row.fetchOne(select, arguments: [key.seriesID, key.blockStart]) {
                let stored = try StoredRollupBlock(row: row, tier: tier, seriesID: key.seriesID, path: path)
                var old: [Rollup] = []
                if stored.decode(appendingTo: &old) == nil {
                    merged = StoredRollupBlock.merge(old, new)
                }
            }
            let block: RollupBlock
            do {
                block = try RollupBlock.encode(merged, resolution: tier.resolution)
            } catch {
                // Unreachable: `merged` is sorted by start and its starts are unique.
                throw StoreError(kind: .rejected, path: path, message: "\(tier.table) block: \(error)")
            }
            try upsert.execute(arguments: [
                key.seriesID, key.blockStart, block.startRange?.upperBound ?? key.blockStart, block.count,
                Data(block.bytes), Int64(block.checksum),
            ])
        }
    }
}
