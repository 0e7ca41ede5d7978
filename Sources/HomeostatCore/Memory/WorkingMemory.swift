/// The first tier of the metric memory: each series' recent raw samples in Gorilla chunks, plus the
/// 1-minute and 1-hour rollups being consolidated from them.
///
/// A value type with one writer: the agent appends each snapshot, hands ``pendingFlush()`` to the
/// store every `flush_interval` and ``commit(_:)``s it once written, and calls ``expire(before:)`` and ``enforceBudget()`` as the
/// consolidation triggers fire. Readers take a copy (copy-on-write) or ask for ``samples(of:from:to:)``.
///
/// Consolidation triggers handled here: a chunk is sealed when it is full (`chunkSamples`) or old
/// (`chunkAge`); ``sealAll()`` seals every open chunk (idle time, an explicit `consolidate()`, or a
/// hormone's request); ``enforceBudget()`` drops the oldest already-flushed sealed chunks, then seals
/// open chunks, until the compressed bytes fit `byteBudget`.
///
/// Out-of-order and duplicate timestamps are rejected and counted per kind, never stored: a series'
/// samples are strictly increasing in time. NaN and ±inf are stored faithfully.
public struct WorkingMemory: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// Samples per chunk before it is sealed. Default 120 (two minutes at 1 s, as Prometheus).
        public var chunkSamples = 120
        /// Milliseconds from a chunk's first sample after which it is sealed. Default 15 minutes.
        public var chunkAge: Int64 = 15 * 60_000
        /// Compressed bytes the tier may hold. Default 64 MB.
        public var byteBudget = 64_000_000
        /// Milliseconds without a new sample after which a series counts as idle: ``sealIdle(now:)``
        /// then seals its open chunk and completes its open minute. Default 60 s.
        public var idleAfter: Int64 = 60_000
        public init() {}
    }

    /// What the store must persist: chunks sealed since the last batch, the open chunks as they
    /// are now, the rollups completed since the last batch and the ones still open (the open hour
    /// includes the open minute). A store upserts chunks by series and first timestamp and rollups by
    /// series and bucket start, so re-sent open ones replace their earlier versions and a crash loses
    /// at most one flush interval.
    public struct FlushBatch: Sendable {
        public var sealedChunks: [(series: SeriesKey, chunk: Chunk)] = []
        public var openChunks: [(series: SeriesKey, chunk: Chunk)] = []
        public var minuteRollups: [(series: SeriesKey, rollup: Rollup)] = []
        public var hourRollups: [(series: SeriesKey, rollup: Rollup)] = []

        /// Per series, how many unflushed sealed chunks and completed rollups this batch carries,
        /// so ``WorkingMemory/commit(_:)`` marks exactly those as flushed.
        fileprivate var included: [SeriesKey: (chunks: Int, minutes: Int, hours: Int)] = [:]

        public var isEmpty: Bool {
            sealedChunks.isEmpty && openChunks.isEmpty && minuteRollups.isEmpty && hourRollups.isEmpty
        }
    }

    /// Counts of what happened, for the memory metrics the seed lists.
    public struct Counters: Sendable, Equatable {
        public var appended = 0
        public var rejectedOutOfOrder = 0
        public var rejectedDuplicate = 0
        public var chunksSealed = 0
        public var chunksEvictedForBudget = 0
        public var chunksExpired = 0
        /// 1-minute rollups completed (consolidated from raw samples).
        public var minuteRollups = 0
        /// 1-hour rollups completed (consolidated from minutes).
        public var hourRollups = 0

        public init() {}
    }

    private struct Series: Sendable {
        var open = ChunkEncoder()
        /// Sealed chunks still in memory, oldest first, and how many of the first ones were flushed.
        var sealed: [Chunk] = []
        var flushedPrefix = 0
        var minutes = RollupBuilder(resolution: 60_000)
        var hours = RollupBuilder(resolution: 3_600_000)
        var pendingMinutes: [Rollup] = []
        var pendingHours: [Rollup] = []
        /// The newest accepted sample's time, Unix ms; nil before the first.
        var newest: Int64?
        /// The buckets that were open when the previous run stopped, as the store holds them
        /// (``WorkingMemory/resume(_:minute:hour:)``): the builders hold only this run's samples, and
        /// these are folded into the same buckets when they are handed out, so a restart inside a
        /// minute or an hour does not replace the stored bucket with a partial one.
        var carriedMinute: Rollup?
        var carriedHour: Rollup?

        enum Outcome {
            /// Stored; `sealed` chunks of `sealedBytes` in all were sealed on the way, and `minute` and
            /// `hour` rollups (0 or 1 each) completed.
            case accepted(sealed: Int, sealedBytes: Int, minute: Int, hour: Int)
            case duplicate
            case outOfOrder
        }

        /// Appends a sample to the open chunk and the rollups, sealing by age before and by size after.
        mutating func ingest(timestamp: Int64, value: Double, configuration: Configuration) -> Outcome {
            // The open chunk checks order itself, but right after a seal it is empty: the series'
            // newest time guards that case.
            if let newest, timestamp <= newest {
                return timestamp == newest ? .duplicate : .outOfOrder
            }
            var sealed = 0
            var sealedBytes = 0
            if let first = open.firstTimestamp, timestamp - first >= configuration.chunkAge,
                let last = open.lastTimestamp, timestamp > last
            {
                sealedBytes += seal(reserving: configuration.chunkSamples)
                sealed += 1
            }
            do {
                try open.append(timestamp: timestamp, value: value)
            } catch .duplicate {
                return .duplicate
            } catch {
                return .outOfOrder
            }
            newest = timestamp
            var completedMinutes = 0
            var completedHours = 0
            if let minute = minutes.add(timestamp: timestamp, value: value) {
                (completedMinutes, completedHours) = complete(minute)
            }
            if open.count >= configuration.chunkSamples {
                sealedBytes += seal(reserving: configuration.chunkSamples)
                sealed += 1
            }
            return .accepted(sealed: sealed, sealedBytes: sealedBytes, minute: completedMinutes, hour: completedHours)
        }

        /// Seals the open chunk; returns its size in bytes (0 when it was empty).
        mutating func seal(reserving samples: Int) -> Int {
            guard open.count > 0 else { return 0 }
            let chunk = open.chunk
            sealed.append(chunk)
            open = ChunkEncoder(reservingSamples: samples)
            return chunk.bytes.count
        }

        /// Drops the oldest sealed chunk, which must be flushed; returns its size in bytes.
        mutating func dropOldest() -> Int {
            flushedPrefix -= 1
            return sealed.removeFirst().bytes.count
        }

        /// Queues a minute the builder completed (this run's samples only), merged with the carried
        /// part of the same bucket, and feeds this run's part to the hour builder (the carried hour
        /// already holds the carried minute). Returns how many minutes and hours completed.
        mutating func complete(_ fresh: Rollup) -> (minutes: Int, hours: Int) {
            pendingMinutes.append(Self.merged(carried: &carriedMinute, fresh))
            guard let hour = hours.add(fresh) else { return (1, 0) }
            pendingHours.append(Self.merged(carried: &carriedHour, hour))
            return (1, 1)
        }

        /// `fresh` with the carried rollup of the same bucket folded in; a carried rollup of this or
        /// an earlier bucket is used up (an earlier one is complete in the store already).
        static func merged(carried: inout Rollup?, _ fresh: Rollup) -> Rollup {
            guard var previous = carried, previous.start <= fresh.start else { return fresh }
            carried = nil
            guard previous.start == fresh.start else { return fresh }
            previous.merge(fresh)
            return previous
        }

        /// `fresh` (or nothing) with a carried rollup of the same bucket folded in, without using it up.
        static func including(_ carried: Rollup?, _ fresh: Rollup?) -> Rollup? {
            guard let carried else { return fresh }
            guard let fresh else { return carried }
            guard carried.start == fresh.start else { return carried.start > fresh.start ? carried : fresh }
            var both = carried
            both.merge(fresh)
            return both
        }

        /// The open minute as a query or a flush should see it (a carried part included).
        var openMinute: Rollup? { Self.including(carriedMinute, minutes.openBucket) }

        /// The open 1-hour rollup including the open minute, as a query or a flush should see it.
        var currentHour: Rollup? {
            var fresh = hours.openBucket
            if let minute = minutes.openBucket {
                let start = hours.bucket(of: minute.start)
                if fresh == nil { fresh = Rollup(start: start) }
                if fresh?.start == start { fresh?.merge(minute) }
            }
            return Self.including(carriedHour, fresh)
        }
    }

    public let configuration: Configuration
    /// Samples at or before this time (Unix ms) are rejected as out of order: the newest sample time
    /// the store held when this run started, so a clock set back across a restart cannot interleave
    /// new samples with stored ones. Within a run the agent's sample times come from the monotonic
    /// clock, so a wall-clock step back does not reorder them.
    public var floor: Int64?
    private var series: [SeriesKey: Series] = [:]
    /// Compressed bytes of every sealed chunk held (open chunks are counted by ``byteCount``).
    private var sealedBytes = 0
    public private(set) var counters = Counters()

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Appends one sample. Returns false when it was rejected (out of order or duplicate).
    /// - Complexity: O(1) amortized; sealing a chunk costs O(chunk bytes) once.
    @discardableResult
    public mutating func append(_ key: SeriesKey, timestamp: Int64, value: Double) -> Bool {
        if let floor, timestamp <= floor {
            counters.rejectedOutOfOrder += 1
            return false
        }
        let index = series.index(forKey: key) ?? insert(key)
        // One in-place access to the series per sample; the counters are updated from its outcome.
        let outcome = series.values[index].ingest(timestamp: timestamp, value: value, configuration: configuration)
        switch outcome {
        case .accepted(let sealed, let sealedBytes, let minute, let hour):
            counters.appended += 1
            counters.minuteRollups += minute
            counters.hourRollups += hour
            counters.chunksSealed += sealed
            self.sealedBytes += sealedBytes
            return true
        case .duplicate:
            counters.rejectedDuplicate += 1
            return false
        case .outOfOrder:
            counters.rejectedOutOfOrder += 1
            return false
        }
    }

    private mutating func insert(_ key: SeriesKey) -> Dictionary<SeriesKey, Series>.Index {
        var fresh = Series()
        fresh.open = ChunkEncoder(reservingSamples: configuration.chunkSamples)
        series[key] = fresh
        return series.index(forKey: key)!
    }

    /// Accounts for one sealed chunk of `bytes` (none when 0), as ``sealAll()`` seals them.
    private mutating func sealed(bytes: Int) {
        guard bytes > 0 else { return }
        sealedBytes += bytes
        counters.chunksSealed += 1
    }

    /// Carries over the buckets a previous run left open for `key` (its newest stored minute and
    /// hour): samples of this run in the same buckets are folded into them instead of replacing
    /// them in the store. Older carried buckets are ignored once this run's buckets are later.
    public mutating func resume(_ key: SeriesKey, minute: Rollup?, hour: Rollup?) {
        let index = series.index(forKey: key) ?? insert(key)
        series.values[index].carriedMinute = minute
        series.values[index].carriedHour = hour
    }

    /// Appends every sample of a snapshot at its timestamp (Unix seconds, kept to the millisecond).
    /// - Returns: how many samples were rejected.
    @discardableResult
    public mutating func append(_ snapshot: Snapshot) -> Int {
        let timestamp = Int64((snapshot.timestamp * 1000).rounded())
        var rejected = 0
        for sample in snapshot.samples where !append(sample.series, timestamp: timestamp, value: sample.value) {
            rejected += 1
        }
        return rejected
    }

    /// Seals every open chunk that holds samples (explicit consolidation, hormone request).
    public mutating func sealAll() {
        for index in series.indices {
            sealed(bytes: series.values[index].seal(reserving: configuration.chunkSamples))
        }
    }

    /// The idle-time trigger: for every series whose newest sample is older than `now − idleAfter`
    /// (Unix ms), seals its open chunk and completes its open minute (that minute is over, so no
    /// later sample can join it), so an exited process or a removed interface stops being re-sent
    /// as open data on every flush. Open hours stay open: the series may come back within the hour.
    /// - Returns: how many series were consolidated.
    /// - Complexity: O(s) for s series.
    @discardableResult
    public mutating func sealIdle(now: Int64) -> Int {
        let cutoff = now &- configuration.idleAfter
        var consolidated = 0
        for index in series.indices {
            guard let newest = series.values[index].newest, newest < cutoff else { continue }
            let hasOpenChunk = series.values[index].open.count > 0
            let hasOpenMinute = series.values[index].minutes.openBucket != nil
            guard hasOpenChunk || hasOpenMinute else { continue }
            sealed(bytes: series.values[index].seal(reserving: configuration.chunkSamples))
            if let minute = series.values[index].minutes.flush() {
                let (minutes, hours) = series.values[index].complete(minute)
                counters.minuteRollups += minutes
                counters.hourRollups += hours
            }
            consolidated += 1
        }
        return consolidated
    }

    /// What the store has not confirmed yet, without marking anything flushed: call ``commit(_:)``
    /// once the store has written it. If the write fails (disk full, I/O error), nothing is lost:
    /// the next batch carries the same chunks and rollups again, plus whatever arrived since, and
    /// unflushed chunks are never expired or evicted.
    /// - Complexity: O(s + c) for s series and c chunks and rollups handed out.
    public func pendingFlush() -> FlushBatch {
        var batch = FlushBatch()
        for (key, state) in series {
            let unflushed = state.sealed[state.flushedPrefix...]
            for chunk in unflushed { batch.sealedChunks.append((key, chunk)) }
            if state.open.count > 0 { batch.openChunks.append((key, state.open.chunk)) }
            batch.minuteRollups += state.pendingMinutes.map { (key, $0) }
            batch.hourRollups += state.pendingHours.map { (key, $0) }
            if let minute = state.openMinute { batch.minuteRollups.append((key, minute)) }
            if let hour = state.currentHour { batch.hourRollups.append((key, hour)) }
            batch.included[key] = (unflushed.count, state.pendingMinutes.count, state.pendingHours.count)
        }
        return batch
    }

    /// Marks a batch from ``pendingFlush()`` as written: its sealed chunks become flushed (and so
    /// may expire or be evicted) and its completed rollups are no longer re-sent.
    public mutating func commit(_ batch: FlushBatch) {
        for (key, included) in batch.included {
            guard let index = series.index(forKey: key) else { continue }
            series.values[index].flushedPrefix += included.chunks
            series.values[index].pendingMinutes.removeFirst(included.minutes)
            series.values[index].pendingHours.removeFirst(included.hours)
        }
    }

    /// ``pendingFlush()`` and ``commit(_:)`` at once, for a caller that cannot fail to store.
    public mutating func takeFlushBatch() -> FlushBatch {
        let batch = pendingFlush()
        commit(batch)
        return batch
    }

    /// Drops flushed sealed chunks whose newest sample is older than `cutoff` (Unix ms): the raw
    /// window (`agent` default 2 h). Unflushed chunks are kept until they are flushed.
    public mutating func expire(before cutoff: Int64) {
        for key in Array(series.keys) {
            var state = series.removeValue(forKey: key)!
            while state.flushedPrefix > 0, let range = state.sealed.first?.timeRange, range.upperBound < cutoff {
                sealedBytes -= state.dropOldest()
                counters.chunksExpired += 1
            }
            // A series with nothing left in memory (idle longer than the raw window; its open rollups
            // went out with every flush batch) is forgotten.
            let idle =
                state.open.count == 0 && state.sealed.isEmpty && state.pendingMinutes.isEmpty
                && state.pendingHours.isEmpty && (state.minutes.openBucket?.lastTimestamp ?? .min) < cutoff
            if !idle { series[key] = state }
        }
    }

    /// Brings the held bytes under the budget: first drops the oldest flushed sealed chunks across all
    /// series, then seals open chunks so they can be flushed and dropped on the next call.
    /// - Returns: true when the budget is met.
    @discardableResult
    public mutating func enforceBudget() -> Bool {
        let openBytes = openByteCount
        func over() -> Bool { sealedBytes + openBytes > configuration.byteBudget }
        guard over() else { return true }
        let candidates = series.compactMap { key, state -> (SeriesKey, Int64)? in
            guard state.flushedPrefix > 0, let start = state.sealed.first?.timeRange?.lowerBound else { return nil }
            return (key, start)
        }.sorted { $0.1 < $1.1 }
        for (key, _) in candidates where over() {
            var state = series.removeValue(forKey: key)!
            while over() && state.flushedPrefix > 0 {
                sealedBytes -= state.dropOldest()
                counters.chunksEvictedForBudget += 1
            }
            series[key] = state
        }
        if byteCount > configuration.byteBudget { sealAll() }
        return byteCount <= configuration.byteBudget
    }

    /// The raw samples of `key` in [from, to] (Unix ms), oldest first, from sealed and open chunks.
    /// - Complexity: O(n) in the samples of the chunks overlapping the range.
    public func samples(of key: SeriesKey, from: Int64, to: Int64) -> [ChunkDecoder.Sample] {
        Self.decode(chunks(of: key, from: from, to: to), from: from, to: to)
    }

    /// The chunks of `key` (sealed, then the open one as it stands) overlapping [from, to] (Unix ms),
    /// oldest first: cheap to take under a lock (sealed chunks are shared, not copied), decoded outside
    /// it with ``decode(_:from:to:)``.
    /// - Complexity: O(c) for c chunks held, plus copying the open chunk's bytes.
    public func chunks(of key: SeriesKey, from: Int64, to: Int64) -> [Chunk] {
        guard let state = series[key] else { return [] }
        func overlaps(_ chunk: Chunk) -> Bool {
            guard let range = chunk.timeRange else { return false }
            return range.upperBound >= from && range.lowerBound <= to
        }
        var result = state.sealed.filter(overlaps)
        if let first = state.open.firstTimestamp, let last = state.open.lastTimestamp, last >= from, first <= to {
            result.append(state.open.chunk)
        }
        return result
    }

    /// The samples of `chunks` (in time order) inside [from, to]; chunks that fail to decode are skipped
    /// (chunks made in memory always decode).
    /// - Complexity: O(n) in the chunks' samples.
    public static func decode(_ chunks: [Chunk], from: Int64, to: Int64) -> [ChunkDecoder.Sample] {
        var result: [ChunkDecoder.Sample] = []
        result.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
        for chunk in chunks {
            guard let decoded = try? chunk.decoder().decodeAll() else { continue }
            if let range = chunk.timeRange, range.lowerBound >= from, range.upperBound <= to {
                result += decoded
            } else {
                result += decoded.lazy.filter { $0.timestamp >= from && $0.timestamp <= to }
            }
        }
        return result
    }

    /// The series held, in no particular order.
    public var keys: [SeriesKey] { Array(series.keys) }

    /// The oldest raw sample time (Unix ms) still held for `key`: working memory holds a contiguous
    /// suffix of each series (chunks leave oldest first), so everything from here on is in memory.
    public func oldestTimestamp(of key: SeriesKey) -> Int64? {
        guard let state = series[key] else { return nil }
        return state.sealed.first?.timeRange?.lowerBound ?? state.open.firstTimestamp
    }

    /// The newest sample of `key` (Unix ms and value), from the open minute.
    public func latest(of key: SeriesKey) -> ChunkDecoder.Sample? {
        guard let minute = series[key]?.openMinute, minute.count > 0 else { return nil }
        return (minute.lastTimestamp, minute.last)
    }

    /// The rollups of `key` at `resolution` (60,000 or 3,600,000 ms) not yet confirmed by the store,
    /// oldest first: the completed ones pending a flush, then the open one as it stands (the open hour
    /// includes the open minute). The store holds everything older.
    public func recentRollups(of key: SeriesKey, resolution: Int64) -> [Rollup] {
        guard let state = series[key] else { return [] }
        if resolution == state.hours.resolution {
            return state.pendingHours + (state.currentHour.map { [$0] } ?? [])
        }
        return state.pendingMinutes + (state.openMinute.map { [$0] } ?? [])
    }

    /// Raw samples held, in sealed and open chunks.
    /// - Complexity: O(s + c) for s series and c sealed chunks.
    public var sampleCount: Int {
        series.values.reduce(0) { total, state in total + state.open.count + state.sealed.reduce(0) { $0 + $1.count } }
    }

    /// Compressed bytes held: sealed chunks plus the open chunks' bit streams.
    /// - Complexity: O(s) in the number of series.
    public var byteCount: Int { sealedBytes + openByteCount }

    private var openByteCount: Int { series.values.reduce(0) { $0 + ($1.open.bitCount + 7) / 8 } }
}
