// TEMPORARY until the store returns RollupRead; delete this file then.
import HomeostatCore
import HomeostatStore

extension Array where Element == Rollup {
    var rollups: [Rollup] { self }
    var corrupted: [ChunkRead.CorruptChunk] { [] }
}
