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

    /// The table holding this tier.
    var table: String {
        switch self {
        case .minute: "rollup_1m"
        case .hour: "rollup_1h"
        }
    }
}
