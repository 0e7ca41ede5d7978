/// The two rollup tiers of metric memory, each a table of its own.
public enum RollupTier: Sendable, Hashable, CaseIterable {
    /// Short-term memory: 1-minute rollups, table `rollup_1m`.
    case minute
    /// Long-term memory: 1-hour rollups, table `rollup_1h`.
    case hour

    /// Bucket width in milliseconds: 60,000 or 3,600,000.
    public var resolution: Int64 {
        switch self {
        case .minute: 60_000
        case .hour: 3_600_000
        }
    }

    /// The time one stored block of this tier covers, in milliseconds: 3,600,000 (1 hour, 60 1-minute
    /// rollups) for `.minute`, 86,400,000 (1 day, 24 1-hour rollups) for `.hour`. Blocks are aligned
    /// to multiples of the span since the Unix epoch (whole UTC hours and days): the rollup starting
    /// at `start` lives in the block starting at ``blockStart(of:)``. Retention deletes whole blocks.
    public var blockSpan: Int64 {
        switch self {
        case .minute: 3_600_000
        case .hour: 86_400_000
        }
    }

    /// The start of the block holding the rollup that starts at `start` (Unix milliseconds): floor
    /// division by ``blockSpan``, also before 1970; `Int64.min` for the starts below the first
    /// multiple of the span that `Int64` can hold.
    /// - Complexity: O(1).
    public func blockStart(of start: Int64) -> Int64 {
        let remainder = start % blockSpan
        let (floor, overflow) = start.subtractingReportingOverflow(remainder < 0 ? remainder + blockSpan : remainder)
        return overflow ? .min : floor
    }

    /// The table holding this tier's blocks.
    var table: String {
        switch self {
        case .minute: "rollup_1m"
        case .hour: "rollup_1h"
        }
    }
}
