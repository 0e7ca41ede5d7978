import HomeostatCore

/// One flush of metric memory: sealed chunks and rollups, written by `MetricStore.write(_:)` in a
/// single transaction, so that after a crash the database holds all of a batch or none of it.
public struct StoreBatch: Sendable {
    /// A sealed chunk of the series with database id `seriesID` (from `MetricStore.seriesIDs(for:)`).
    public struct SeriesChunk: Sendable, Equatable {
        public var seriesID: Int64
        public var chunk: Chunk

        public init(seriesID: Int64, chunk: Chunk) {
            self.seriesID = seriesID
            self.chunk = chunk
        }
    }

    /// A rollup of the series with database id `seriesID`.
    public struct SeriesRollup: Sendable, Equatable {
        public var seriesID: Int64
        public var rollup: Rollup

        public init(seriesID: Int64, rollup: Rollup) {
            self.seriesID = seriesID
            self.rollup = rollup
        }
    }

    /// Sealed raw chunks. A chunk with the same series and first timestamp as a stored one replaces
    /// it (a re-sealed chunk that grew); empty chunks are skipped.
    public var chunks: [SeriesChunk]
    /// 1-minute rollups; one for a stored bucket replaces it.
    public var minuteRollups: [SeriesRollup]
    /// 1-hour rollups; one for a stored bucket replaces it.
    public var hourRollups: [SeriesRollup]

    public init(
        chunks: [SeriesChunk] = [],
        minuteRollups: [SeriesRollup] = [],
        hourRollups: [SeriesRollup] = []
    ) {
        self.chunks = chunks
        self.minuteRollups = minuteRollups
        self.hourRollups = hourRollups
    }

    /// The rollups of `tier`.
    public func rollups(_ tier: RollupTier) -> [SeriesRollup] {
        switch tier {
        case .minute: minuteRollups
        case .hour: hourRollups
        }
    }

    /// True when there is nothing to write.
    public var isEmpty: Bool { chunks.isEmpty && minuteRollups.isEmpty && hourRollups.isEmpty }
}
