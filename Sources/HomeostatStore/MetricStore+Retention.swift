import GRDB

extension MetricStore {
    /// Deletes expired data and gives the freed pages back to the file system; returns the number
    /// of rows deleted: chunks plus rollup blocks. Cutoffs are Unix milliseconds: a chunk is expired
    /// when its last sample is before `rawBefore`; a rollup block when its whole span ends at or
    /// before its tier's cutoff (`block_start + blockSpan <= cutoff`), so rollups are deleted a
    /// whole block at a time and may outlive their cutoff by up to one block span (an hour of
    /// 1-minute rollups, a day of 1-hour rollups). Series rows stay, so ids remain stable.
    ///
    /// Space is reclaimed with `PRAGMA incremental_vacuum` (the file is created with
    /// `auto_vacuum=INCREMENTAL`) followed by a passive WAL checkpoint, which truncates the main
    /// file. Unlike `VACUUM`, this needs no second copy of the database (it works on a nearly full
    /// disk, exactly when reclaiming matters), costs time in proportion to the freed pages rather
    /// than to the whole file, and does not hold the write lock for a full rewrite. Its cost is
    /// some fragmentation, which range queries of one series (a few pages) tolerate.
    /// - Complexity: O(n) rows scanned for chunks and blocks (retention has no index on time alone),
    ///   plus O(f) for f freed pages.
    public func deleteExpired(rawBefore: Int64, minuteBefore: Int64, hourBefore: Int64) async throws(StoreError)
        -> Int
    {
        let deleted = try await perform {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM chunk WHERE end_ms < ?", arguments: [rawBefore])
                var deleted = db.changesCount
                for (tier, cutoff) in [(RollupTier.minute, minuteBefore), (.hour, hourBefore)] {
                    let (last, overflow) = cutoff.subtractingReportingOverflow(tier.blockSpan)
                    guard !overflow else { continue }
                    try db.execute(sql: "DELETE FROM \(tier.table) WHERE block_start <= ?", arguments: [last])
                    deleted += db.changesCount
                }
                return deleted
            }
        }
        guard deleted > 0 else { return 0 }
        try await perform {
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA incremental_vacuum")
                try db.checkpoint(.passive)
            }
        }
        return deleted
    }

    /// Row and rollup counts and page figures of the database.
    /// - Complexity: O(n) for the counts (SQLite scans the series and chunk keys and the blocks).
    public func statistics() async throws(StoreError) -> StoreStatistics {
        try await perform {
            try await writer.read { db in
                func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
                var statistics = StoreStatistics(
                    series: try count("SELECT COUNT(*) FROM series"),
                    chunks: try count("SELECT COUNT(*) FROM chunk"),
                    minuteRollups: try count("SELECT COALESCE(SUM(count), 0) FROM rollup_1m"),
                    hourRollups: try count("SELECT COALESCE(SUM(count), 0) FROM rollup_1h"),
                    minuteBlocks: try count("SELECT COUNT(*) FROM rollup_1m"),
                    hourBlocks: try count("SELECT COUNT(*) FROM rollup_1h"),
                    pageCount: try count("PRAGMA page_count"),
                    pageSize: try count("PRAGMA page_size"),
                    freelistPages: try count("PRAGMA freelist_count")
                )
                // length() of a BLOB reads the record header, not the blob's pages.
                statistics.chunkSamples = try count("SELECT COALESCE(SUM(count), 0) FROM chunk")
                statistics.chunkBytes = try count("SELECT COALESCE(SUM(length(bytes)), 0) FROM chunk")
                statistics.minuteBytes = try count("SELECT COALESCE(SUM(length(bytes)), 0) FROM rollup_1m")
                statistics.hourBytes = try count("SELECT COALESCE(SUM(length(bytes)), 0) FROM rollup_1h")
                statistics.oldestMinute = try Int64.fetchOne(db, sql: "SELECT MIN(block_start) FROM rollup_1m")
                statistics.oldestHour = try Int64.fetchOne(db, sql: "SELECT MIN(block_start) FROM rollup_1h")
                return statistics
            }
        }
    }
}
