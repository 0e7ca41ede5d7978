import HomeostatCore

/// The answer to `MetricStore.rollups(_:seriesID:from:to:)`: the rollups of the intact blocks, and
/// the blocks skipped because their bytes no longer match their stored CRC-32C or do not decode.
public struct RollupRead: Sendable {
    /// Rollups whose bucket overlaps the range asked for, oldest first.
    public var rollups: [Rollup] = []
    /// Blocks skipped as corrupt, oldest first: `start` is the block's start (Unix milliseconds) and
    /// `reason` names the table, the block and what did not match.
    public var corrupted: [ChunkRead.CorruptChunk] = []

    public init(rollups: [Rollup] = [], corrupted: [ChunkRead.CorruptChunk] = []) {
        self.rollups = rollups
        self.corrupted = corrupted
    }
}
