/// The three tiers of metric memory a query can read, finest first.
public enum MemoryTier: String, Sendable, Hashable, CaseIterable, Codable {
    /// Working memory: raw samples (in RAM, and flushed chunks in the store), kept `memory.raw_retention`.
    case raw
    /// Short-term memory: 1-minute rollups, kept `monitoring.retention_period`.
    case minute
    /// Long-term memory: 1-hour rollups, kept `memory.long_term_retention`.
    case hour

    /// Bucket width in milliseconds; 0 for raw samples.
    public var resolution: Int64 {
        switch self {
        case .raw: 0
        case .minute: 60_000
        case .hour: 3_600_000
        }
    }
}
