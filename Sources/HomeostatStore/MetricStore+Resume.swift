import GRDB
import HomeostatCore

/// Where a previous run stopped, so a new run continues its buckets instead of replacing them.
public struct StoredResumePoint: Sendable {
    /// The newest raw sample time stored, Unix ms; nil for an empty store.
    public var newestSample: Int64?
    /// Per series, its newest stored 1-minute and 1-hour rollup (possibly still open when the run stopped).
    public var minutes: [SeriesKey: Rollup] = [:]
    public var hours: [SeriesKey: Rollup] = [:]

    public init(newestSample: Int64? = nil) {
        self.newestSample = newestSample
    }
}

extension MetricStore {
    /// The newest raw sample time and each series' newest minute and hour rollup within `window`
    /// milliseconds before `now` (older ones cannot share a bucket with new samples). Corrupted
    /// blocks are skipped.
    /// - Complexity: one pass over the series, the chunk table's end times, and the last block of
    ///   each series per tier.
    public func resumePoint(now: Int64, window: Int64 = 2 * 3_600_000) async throws(StoreError) -> StoredResumePoint {
        let keys = Dictionary(uniqueKeysWithValues: try await series(named: nil).map { ($0.id, $0.key) })
        let path = path
        return try await perform {
            try await writer.read { db in
                var point = StoredResumePoint(
                    newestSample: try Int64.fetchOne(db, sql: "SELECT MAX(end_ms) FROM chunk"))
                for tier in RollupTier.allCases {
                    let rows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT \(StoredRollupBlock.columns), series_id FROM \(tier.table) AS outer
                            WHERE block_start >= ? AND block_start = (
                                SELECT MAX(block_start) FROM \(tier.table) WHERE series_id = outer.series_id)
                            """,
                        arguments: [tier.blockStart(of: now &- window &- tier.blockSpan)]
                    )
                    for row in rows {
                        let id: Int64 = row[5]
                        guard let key = keys[id] else { continue }
                        let block = try StoredRollupBlock(row: row, tier: tier, seriesID: id, path: path)
                        var rollups: [Rollup] = []
                        guard block.decode(appendingTo: &rollups) == nil, let newest = rollups.last else { continue }
                        if tier == .minute { point.minutes[key] = newest } else { point.hours[key] = newest }
                    }
                }
                return point
            }
        }
    }
}
