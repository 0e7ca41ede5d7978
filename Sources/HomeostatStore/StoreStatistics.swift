/// Sizes of the metric store, as `MetricStore.statistics()` reads them.
public struct StoreStatistics: Sendable, Equatable {
    /// Rows of the `series` table.
    public var series: Int
    /// Rows of the `chunk` table: sealed raw chunks.
    public var chunks: Int
    /// 1-minute rollups stored: the sum of the rollup counts of the blocks in `rollup_1m`.
    public var minuteRollups: Int
    /// 1-hour rollups stored: the sum of the rollup counts of the blocks in `rollup_1h`.
    public var hourRollups: Int
    /// Rows of `rollup_1m`: blocks of up to 60 1-minute rollups (one hour of one series).
    public var minuteBlocks: Int
    /// Rows of `rollup_1h`: blocks of up to 24 1-hour rollups (one day of one series).
    public var hourBlocks: Int
    /// Pages of the database (`PRAGMA page_count`), free ones included.
    public var pageCount: Int
    /// Bytes per page (`PRAGMA page_size`, 4,096 by default).
    public var pageSize: Int
    /// Unused pages waiting to be reclaimed (`PRAGMA freelist_count`).
    public var freelistPages: Int
    /// Raw samples in the stored chunks, and the chunks' encoded bytes.
    public var chunkSamples = 0
    public var chunkBytes = 0
    /// Encoded bytes of the rollup blocks, per tier.
    public var minuteBytes = 0
    public var hourBytes = 0
    /// Start of the oldest stored block per tier, Unix ms; nil when the tier is empty.
    public var oldestMinute: Int64?
    public var oldestHour: Int64?

    public init(
        series: Int,
        chunks: Int,
        minuteRollups: Int,
        hourRollups: Int,
        minuteBlocks: Int = 0,
        hourBlocks: Int = 0,
        pageCount: Int,
        pageSize: Int,
        freelistPages: Int
    ) {
        self.series = series
        self.chunks = chunks
        self.minuteRollups = minuteRollups
        self.hourRollups = hourRollups
        self.minuteBlocks = minuteBlocks
        self.hourBlocks = hourBlocks
        self.pageCount = pageCount
        self.pageSize = pageSize
        self.freelistPages = freelistPages
    }

    /// The database size in bytes, `pageCount × pageSize`: the main file's size once the
    /// write-ahead log has been checkpointed.
    public var fileBytes: Int { pageCount * pageSize }
}
