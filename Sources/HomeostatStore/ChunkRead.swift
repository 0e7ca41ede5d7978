import HomeostatCore

/// The answer to `MetricStore.chunks(seriesID:from:to:)`: the intact chunks, and those skipped
/// because their bytes no longer match their stored CRC-32C.
public struct ChunkRead: Sendable, Equatable {
    /// A stored chunk that failed its check and was left out of ``chunks``.
    public struct CorruptChunk: Sendable, Equatable, CustomStringConvertible {
        /// The series' database id.
        public var seriesID: Int64
        /// The chunk's first timestamp, Unix milliseconds (its key in the `chunk` table).
        public var start: Int64
        /// What did not match, e.g. the stored and computed checksums.
        public var reason: String

        public init(seriesID: Int64, start: Int64, reason: String) {
            self.seriesID = seriesID
            self.start = start
            self.reason = reason
        }

        public var description: String { "chunk of series \(seriesID) starting at \(start) ms: \(reason)" }
    }

    /// Intact chunks, oldest first.
    public var chunks: [Chunk]
    /// Chunks skipped as corrupt, oldest first.
    public var corrupted: [CorruptChunk]

    public init(chunks: [Chunk] = [], corrupted: [CorruptChunk] = []) {
        self.chunks = chunks
        self.corrupted = corrupted
    }
}
