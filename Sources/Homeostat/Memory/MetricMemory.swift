import HomeostatCore
import HomeostatStore
import Synchronization

/// The agent's metric memory: working memory (recent raw samples in Gorilla chunks, rollups being
/// built) in RAM, written to the SQLite ``MetricStore`` by ``MetricMemoryService``.
///
/// The collector calls ``ingest(_:)`` once per cycle (about 12 µs for 160 series); the lock is held
/// only while samples are appended or a batch is taken, never during a database write.
public final class MetricMemory: Sendable {
    public let store: MetricStore
    public let configuration: PerformanceConfig.Memory
    /// Days 1-minute rollups are kept (`monitoring.retention_period`).
    public let shortTermRetentionDays: Int
    let working: Mutex<WorkingMemory>
    /// The memory metrics (access times, hit ratios, consolidation, compression), measured.
    public let statistics = MemoryStatistics()
    /// The one resumption from the store (``resume(now:)``), shared by concurrent callers.
    private let resumption = Mutex<Task<StoreError?, Never>?>(nil)

    /// Samples per raw chunk: 240 (4 minutes at 1 s), twice Prometheus's 120. A sealed chunk's
    /// header (the first timestamp, value and deltas, about 14 bytes) is most of what a constant or
    /// short-decimal series costs, so larger chunks halve it: on the recorded host corpus, 0.625 →
    /// 0.583 bytes per sample (BENCHMARKS.md §7). Chunks stay small enough to decode whole for a query.
    static let chunkSamples = 240

    public init(store: MetricStore, configuration: PerformanceConfig.Memory, shortTermRetentionDays: Int) {
        self.store = store
        self.configuration = configuration
        self.shortTermRetentionDays = shortTermRetentionDays
        var workingConfiguration = WorkingMemory.Configuration()
        workingConfiguration.chunkSamples = Self.chunkSamples
        workingConfiguration.byteBudget = Int(clamping: configuration.workingMemoryBudgetBytes)
        working = Mutex(WorkingMemory(configuration: workingConfiguration))
    }

    /// Appends a snapshot's samples at its timestamp.
    /// - Returns: how many samples were rejected (out of order or duplicate timestamps).
    @discardableResult
    public func ingest(_ snapshot: Snapshot) -> Int {
        working.withLock { $0.append(snapshot) }
    }

    /// Counters of the working memory (samples appended, rejected, chunks sealed, evicted, expired).
    public var counters: WorkingMemory.Counters { working.withLock { $0.counters } }

    /// The memory metrics at `now` (Unix seconds), for the collector to append to its snapshot.
    public func statisticsSamples(now: Double) -> [Sample] {
        let working = working.withLock { ($0.counters, $0.byteCount, $0.sampleCount) }
        return statistics.samples(
            working: working, budget: Int(clamping: configuration.workingMemoryBudgetBytes),
            retention: { self.retention(of: $0) }, now: now)
    }

    /// The series held in working memory.
    public var workingKeys: [SeriesKey] { working.withLock { $0.keys } }

    /// What working memory holds of `key` for a raw query over [from, to] (Unix ms): the oldest sample
    /// time it holds (older samples are only in the store) and the overlapping chunks, taken under
    /// the lock and decoded by the caller outside it.
    func workingChunks(of key: SeriesKey, from: Int64, to: Int64) -> (oldest: Int64?, chunks: [Chunk]) {
        working.withLock { ($0.oldestTimestamp(of: key), $0.chunks(of: key, from: from, to: to)) }
    }

    /// The rollups of `key` at `resolution` the store may not have yet (pending and open).
    func recentRollups(of key: SeriesKey, resolution: Int64) -> [Rollup] {
        working.withLock { $0.recentRollups(of: key, resolution: resolution) }
    }

    /// The newest sample of `key` held in working memory.
    func latest(of key: SeriesKey) -> ChunkDecoder.Sample? {
        working.withLock { $0.latest(of: key) }
    }

    /// Milliseconds each tier keeps data: raw window, `retention_period`, `long_term_retention`.
    public func retention(of tier: MemoryTier) -> Int64 {
        let day: Int64 = 86_400_000
        switch tier {
        case .raw: return Int64(configuration.rawRetentionSeconds * 1000)
        case .minute: return Int64(shortTermRetentionDays) * day
        case .hour: return Int64(configuration.longTermRetentionDays) * day
        }
    }

    /// Compressed bytes held in working memory.
    public var workingMemoryBytes: Int { working.withLock { $0.byteCount } }

    /// Writes everything the store has not confirmed, then lets working memory drop what is flushed
    /// and older than the raw window, and enforce its byte budget.
    /// - Parameter now: Unix milliseconds.
    /// - Throws: ``StoreError`` when the write fails; nothing is lost then, the next flush retries.
    public func flush(now: Int64) async throws(StoreError) {
        // A flush must never write this run's partial buckets over the previous run's.
        _ = try? await resume(now: now)
        let started = ContinuousClock.now
        let batch = working.withLock { memory in
            memory.sealIdle(now: now)
            return memory.pendingFlush()
        }
        do {
            try await store.write(batch)
        } catch {
            statistics.recordFlush(seconds: (ContinuousClock.now - started).seconds, failed: true)
            throw error
        }
        statistics.recordFlush(seconds: (ContinuousClock.now - started).seconds, failed: false)
        let rawWindow = Int64(configuration.rawRetentionSeconds * 1000)
        working.withLock { memory in
            memory.commit(batch)
            memory.expire(before: now - rawWindow)
            memory.enforceBudget()
        }
    }

    /// Continues where the previous run left the store, once (later and concurrent calls wait for
    /// the first): the buckets it left open are carried, so samples of this run in the same minute
    /// or hour are folded into them instead of replacing them, and samples at or before the newest
    /// stored sample are rejected (a clock set back across a restart). The collector calls it before
    /// its first sample; ``flush(now:)`` makes sure it happened.
    /// - Returns: the newest stored sample time (Unix ms), nil for an empty store.
    @discardableResult
    public func resume(now: Int64) async throws(StoreError) -> Int64? {
        let task = resumption.withLock { existing in
            if let existing { return existing }
            let task = Task { () -> StoreError? in
                do throws(StoreError) {
                    let point = try await self.store.resumePoint(now: now)
                    self.working.withLock { memory in
                        memory.floor = point.newestSample
                        for key in Set(point.minutes.keys).union(point.hours.keys) {
                            memory.resume(key, minute: point.minutes[key], hour: point.hours[key])
                        }
                    }
                    return nil
                } catch {
                    return error
                }
            }
            existing = task
            return task
        }
        if let error = await task.value { throw error }
        return working.withLock { $0.floor }
    }

    /// Consolidates now: seals every open chunk, then flushes (the explicit `consolidate()` trigger;
    /// ``MetricMemoryService/requestConsolidation(reason:)`` runs it from the service's task).
    /// - Parameter now: Unix milliseconds.
    public func consolidate(now: Int64) async throws(StoreError) {
        working.withLock { $0.sealAll() }
        try await flush(now: now)
    }

    /// Reads the store's sizes into ``statistics`` (the rollup tiers' size, compression ratio and
    /// utilization); the service does it after each retention pass and at start.
    public func refreshStoreStatistics() async throws(StoreError) {
        let stored = try await store.statistics()
        statistics.recordStore(
            minute: .init(rollups: stored.minuteRollups, bytes: stored.minuteBytes, oldest: stored.oldestMinute),
            hour: .init(rollups: stored.hourRollups, bytes: stored.hourBytes, oldest: stored.oldestHour),
            fileBytes: stored.fileBytes)
    }

    /// Deletes what is past retention in the store: raw chunks past the raw window, 1-minute rollups
    /// past `retention_period`, 1-hour rollups past `long_term_retention`; returns rows deleted.
    public func deleteExpired(now: Int64) async throws(StoreError) -> Int {
        let day: Int64 = 86_400_000
        return try await store.deleteExpired(
            rawBefore: now - Int64(configuration.rawRetentionSeconds * 1000),
            minuteBefore: now - Int64(shortTermRetentionDays) * day,
            hourBefore: now - Int64(configuration.longTermRetentionDays) * day)
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
