import Foundation
import GRDB
import HomeostatCore

extension MetricStore {
    /// Writes a flush of metric memory in one transaction: if any row is refused or the disk fills,
    /// nothing of `batch` is stored, and a crash leaves all of it or none.
    ///
    /// Chunks and rollups are upserts on `(series, start)`: a chunk or rollup for a stored start
    /// replaces the stored one. Empty chunks are skipped.
    /// - Throws: ``StoreError`` `.rejected` for a series id that does not exist, `.diskFull`, `.io`.
    /// - Complexity: O(r log n) for r rows into tables of n rows.
    public func write(_ batch: StoreBatch) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        try await perform {
            try await writer.write { db in
                try Self.insertChunks(batch.chunks, db)
                for tier in RollupTier.allCases {
                    try Self.insertRollups(batch.rollups(tier), into: tier, db)
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

    private static func insertRollups(
        _ rollups: [StoreBatch.SeriesRollup],
        into tier: RollupTier,
        _ db: Database
    ) throws {
        guard !rollups.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO \(tier.table)(series_id, start_ms, count, sum_partials, min, max, last, last_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(series_id, start_ms) DO UPDATE SET
                    count = excluded.count, sum_partials = excluded.sum_partials, min = excluded.min,
                    max = excluded.max, last = excluded.last, last_ms = excluded.last_ms
                """
        )
        for entry in rollups {
            let rollup = entry.rollup
            try statement.execute(arguments: [
                entry.seriesID, rollup.start, rollup.count, SumPartials.encode(rollup.sum),
                Int64(bitPattern: rollup.min.bitPattern), Int64(bitPattern: rollup.max.bitPattern),
                Int64(bitPattern: rollup.last.bitPattern), rollup.lastTimestamp,
            ])
        }
    }
}
