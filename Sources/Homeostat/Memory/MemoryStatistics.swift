import HomeostatCore
import Synchronization

/// The seed's memory metrics, measured: for each tier (`raw` working memory, `minute` short-term,
/// `hour` long-term) its access time, capacity utilization, hit ratio, consolidation rate and
/// compression ratio. The collector appends them to every snapshot, so they are stored and queried
/// like any other series (`homeostat query 'homeostat.memory.access_time'`).
///
/// | metric | unit | meaning |
/// |---|---|---|
/// | `homeostat.memory.access_time{tier}` | s | mean time to read one series from the tier, over reads since the last cycle (absent without reads) |
/// | `homeostat.memory.reads{tier}` | {read}/s | series reads from the tier |
/// | `homeostat.memory.hit_ratio{tier}` | 1 | share of reads, since start, answered from RAM without touching SQLite |
/// | `homeostat.memory.utilization{tier}` | 1 | raw: compressed bytes / `working_memory_budget`; minute, hour: stored span / retention |
/// | `homeostat.memory.consolidation_rate{tier}` | {item}/s | raw: chunks sealed; minute: 1-minute rollups completed; hour: 1-hour rollups completed |
/// | `homeostat.memory.compression_ratio{tier}` | 1 | uncompressed size / stored size: raw 16 bytes per sample; rollups 56 bytes each (7 × 8) |
/// | `homeostat.memory.size{tier}` | By | raw: compressed bytes in RAM; minute, hour: bytes of their stored blocks |
/// | `homeostat.memory.rejected{reason}` | {sample} | samples refused since start: `out_of_order`, `duplicate` |
/// | `homeostat.memory.flush.duration` | s | the last flush's wall time |
/// | `homeostat.memory.flush.failures` | {flush} | failed flushes since start |
/// | `homeostat.memory.store.size` | By | the database file (pages × page size) |
public final class MemoryStatistics: Sendable {
    /// What the store reported at the last retention pass, per rollup tier.
    public struct StoredTier: Sendable, Equatable {
        /// Rollups stored.
        public var rollups: Int
        /// Bytes of their encoded blocks.
        public var bytes: Int
        /// Start of the oldest stored bucket, Unix ms; nil when empty.
        public var oldest: Int64?

        public init(rollups: Int, bytes: Int, oldest: Int64?) {
            self.rollups = rollups
            self.bytes = bytes
            self.oldest = oldest
        }
    }

    private struct Reads {
        var count = 0
        var hits = 0
        var seconds = 0.0
    }

    private struct State {
        var reads: [MemoryTier: Reads] = [:]
        /// Reads as of the last export, for per-cycle means and rates.
        var exportedReads: [MemoryTier: Reads] = [:]
        var exportedCounters = WorkingMemory.Counters()
        var exportedAt: Double?
        var lastFlushSeconds: Double?
        var flushFailures = 0
        var stored: [MemoryTier: StoredTier] = [:]
        var storeFileBytes: Int?
    }

    private let state = Mutex(State())

    public init() {}

    /// Records one series read from `tier` taking `seconds`; `hit` when no SQLite read was needed.
    public func recordRead(_ tier: MemoryTier, seconds: Double, hit: Bool) {
        state.withLock { state in
            state.reads[tier, default: Reads()].count += 1
            state.reads[tier, default: Reads()].seconds += seconds
            if hit { state.reads[tier, default: Reads()].hits += 1 }
        }
    }

    /// Records a flush: its duration, and whether it failed.
    public func recordFlush(seconds: Double, failed: Bool) {
        state.withLock { state in
            state.lastFlushSeconds = seconds
            if failed { state.flushFailures += 1 }
        }
    }

    /// Records the store's sizes, read at a retention pass.
    public func recordStore(minute: StoredTier, hour: StoredTier, fileBytes: Int) {
        state.withLock { state in
            state.stored[.minute] = minute
            state.stored[.hour] = hour
            state.storeFileBytes = fileBytes
        }
    }

    /// The metrics at `now` (Unix seconds), given working memory's state and the tiers' retention
    /// (ms); rates cover the time since the previous call.
    /// - Complexity: O(1) besides building the samples.
    func samples(
        working: (counters: WorkingMemory.Counters, bytes: Int, samples: Int), budget: Int,
        retention: (MemoryTier) -> Int64, now: Double
    ) -> [Sample] {
        state.withLock { state in
            var out: [Sample] = []
            func add(_ name: String, _ tier: MemoryTier?, _ value: Double, _ unit: String) {
                let key = tier.map { SeriesKey(name, ["tier": $0.rawValue]) } ?? SeriesKey(name)
                if value.isFinite { out.append(Sample(key, value, unit: unit)) }
            }
            let elapsed = state.exportedAt.map { now - $0 } ?? 0
            for tier in MemoryTier.allCases {
                let reads = state.reads[tier] ?? Reads()
                let previous = state.exportedReads[tier] ?? Reads()
                let newReads = reads.count - previous.count
                if newReads > 0 {
                    add(
                        "homeostat.memory.access_time", tier, (reads.seconds - previous.seconds) / Double(newReads), "s"
                    )
                }
                if elapsed > 0 { add("homeostat.memory.reads", tier, Double(newReads) / elapsed, "{read}/s") }
                if reads.count > 0 {
                    add("homeostat.memory.hit_ratio", tier, Double(reads.hits) / Double(reads.count), "1")
                }
            }
            let counters = working.counters
            if elapsed > 0 {
                let previous = state.exportedCounters
                add(
                    "homeostat.memory.consolidation_rate", .raw,
                    Double(counters.chunksSealed - previous.chunksSealed) / elapsed, "{chunk}/s")
                add(
                    "homeostat.memory.consolidation_rate", .minute,
                    Double(counters.minuteRollups - previous.minuteRollups) / elapsed, "{rollup}/s")
                add(
                    "homeostat.memory.consolidation_rate", .hour,
                    Double(counters.hourRollups - previous.hourRollups) / elapsed, "{rollup}/s")
            }
            add("homeostat.memory.utilization", .raw, Double(working.bytes) / Double(max(budget, 1)), "1")
            add("homeostat.memory.size", .raw, Double(working.bytes), "By")
            if working.bytes > 0 {
                add(
                    "homeostat.memory.compression_ratio", .raw, Double(working.samples * 16) / Double(working.bytes),
                    "1")
            }
            for tier in [MemoryTier.minute, .hour] {
                guard let stored = state.stored[tier] else { continue }
                add("homeostat.memory.size", tier, Double(stored.bytes), "By")
                if stored.bytes > 0 {
                    add(
                        "homeostat.memory.compression_ratio", tier, Double(stored.rollups * 56) / Double(stored.bytes),
                        "1")
                }
                if let oldest = stored.oldest {
                    let span = Double(Int64(now * 1000) - oldest) / Double(max(retention(tier), 1))
                    add("homeostat.memory.utilization", tier, min(max(span, 0), 1), "1")
                }
            }
            out.append(
                Sample(
                    SeriesKey("homeostat.memory.rejected", ["reason": "out_of_order"]),
                    Double(counters.rejectedOutOfOrder), unit: "{sample}"))
            out.append(
                Sample(
                    SeriesKey("homeostat.memory.rejected", ["reason": "duplicate"]), Double(counters.rejectedDuplicate),
                    unit: "{sample}"))
            if let seconds = state.lastFlushSeconds { add("homeostat.memory.flush.duration", nil, seconds, "s") }
            add("homeostat.memory.flush.failures", nil, Double(state.flushFailures), "{flush}")
            if let bytes = state.storeFileBytes { add("homeostat.memory.store.size", nil, Double(bytes), "By") }
            state.exportedReads = state.reads
            state.exportedCounters = counters
            state.exportedAt = now
            return out
        }
    }
}
