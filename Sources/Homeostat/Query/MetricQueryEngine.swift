import HomeostatCore
import HomeostatStore

/// Answers ``MetricQuery``s from the three tiers of a ``MetricMemory``: raw samples from working memory
/// and the store's chunks, 1-minute and 1-hour rollups from the store plus the ones working memory has
/// not flushed yet. The seed's "retrieval" from working, short-term and long-term memory.
///
/// Tier choice: the finest tier whose retention reaches back to the query's start (raw for the last
/// `memory.raw_retention`, minutes for `monitoring.retention_period`, hours beyond), unless the query
/// names one.
///
/// Working memory is only locked while chunk references are copied out; decoding happens outside the lock.
public struct MetricQueryEngine: Sendable {
    public let memory: MetricMemory
    /// The most points one series may get from a stepped query: 100,000 (about 70 days at 1 minute).
    public static let maximumPointsPerSeries = 100_000

    public init(memory: MetricMemory) {
        self.memory = memory
    }

    /// The finest tier whose retention covers `start` at `now` (Unix ms).
    public func tier(covering start: Int64, now: Int64) -> MemoryTier {
        for tier in [MemoryTier.raw, .minute] where start >= now &- memory.retention(of: tier) {
            return tier
        }
        return .hour
    }

    /// Runs `query` at `now` (Unix ms, for tier choice).
    /// - Throws: ``QueryError`` for a reversed range, too many points, or an unreadable store.
    /// - Complexity: O(s + n) for s stored series and n samples or rollups read.
    public func run(_ query: MetricQuery, now: Int64) async throws(QueryError) -> QueryResult {
        guard query.start <= query.end else {
            throw QueryError(
                .invalidRange, "start \(JSONText.seconds(query.start)) is after end \(JSONText.seconds(query.end))")
        }
        let tier = query.tier ?? tier(covering: query.start, now: now)
        let plan = try Plan(query: query, tier: tier)
        var warnings: [String] = []
        var series: [QueryResult.Series] = []
        for (key, id) in try await selectedSeries(query.selector) {
            let points: [QueryPoint]
            if tier == .raw {
                let windowStart = plan.windows?.start ?? query.start
                let from = plan.aggregation == .rate ? windowStart &- (plan.windows?.step ?? 0) : windowStart
                let samples = try await rawSamples(key: key, id: id, from: from, to: query.end, warnings: &warnings)
                if let windows = plan.windows, let aggregation = plan.aggregation {
                    points = WindowAggregation.points(samples: samples, windows: windows, aggregation: aggregation)
                } else {
                    points = samples.lazy.filter { $0.timestamp >= query.start }
                        .map { QueryPoint(timestamp: $0.timestamp, value: $0.value) }
                }
            } else {
                let windows = plan.windows!
                let from = plan.aggregation == .rate ? windows.start &- windows.step : windows.start
                let rollups = try await rollups(
                    tier: tier, key: key, id: id, from: from, to: query.end, warnings: &warnings)
                points = WindowAggregation.points(
                    rollups: rollups, windows: windows, aggregation: plan.aggregation ?? .average)
            }
            if !points.isEmpty { series.append(QueryResult.Series(key: key, points: points)) }
        }
        return QueryResult(
            tier: tier, step: plan.reportedStep, aggregation: plan.aggregation,
            approximate: tier != .raw && !(plan.aggregation ?? .average).isExactOnRollups,
            series: series, warnings: warnings)
    }

    /// The newest sample of each selected series: from working memory, or else the newest stored raw
    /// chunk within the raw retention before `now` (Unix ms).
    public func latest(_ selector: SeriesSelector, now: Int64) async throws(QueryError) -> QueryResult {
        var warnings: [String] = []
        var series: [QueryResult.Series] = []
        for (key, id) in try await selectedSeries(selector) {
            var newest = memory.latest(of: key)
            if newest == nil, id != nil {
                newest = try await rawSamples(
                    key: key, id: id, from: now &- memory.retention(of: .raw), to: now, warnings: &warnings
                ).last
            }
            if let newest {
                series.append(
                    QueryResult.Series(key: key, points: [QueryPoint(timestamp: newest.timestamp, value: newest.value)])
                )
            }
        }
        return QueryResult(
            tier: .raw, step: nil, aggregation: .last, approximate: false, series: series, warnings: warnings)
    }

    /// Selected series in canonical order, with their store id when the store has them.
    private func selectedSeries(_ selector: SeriesSelector) async throws(QueryError) -> [(SeriesKey, Int64?)] {
        var found: [SeriesKey: Int64?] = [:]
        do {
            for (id, key) in try await memory.store.series(named: selector.name) where selector.matches(key) {
                found[key] = id
            }
        } catch {
            throw QueryError(.store, "cannot read the series list: \(error)")
        }
        for key in memory.workingKeys where found[key] == nil && selector.matches(key) {
            found[key] = .some(nil)
        }
        // Canonical order by the selector text of each key, computed once per key.
        return found.map { (text: $0.key.description, key: $0.key, id: $0.value) }
            .sorted { $0.text < $1.text }
            .map { ($0.key, $0.id) }
    }

    /// Raw samples of one series in [from, to]: the store's chunks for what working memory no longer
    /// holds, then working memory's.
    private func rawSamples(
        key: SeriesKey, id: Int64?, from: Int64, to: Int64, warnings: inout [String]
    ) async throws(QueryError) -> [ChunkDecoder.Sample] {
        let started = ContinuousClock.now
        let working = memory.workingChunks(of: key, from: from, to: to)
        var samples: [ChunkDecoder.Sample] = []
        let needsStore = id != nil && (working.oldest.map { from < $0 } ?? true)
        defer {
            memory.statistics.recordRead(.raw, seconds: (ContinuousClock.now - started).seconds, hit: !needsStore)
        }
        if let id, needsStore {
            let storedTo = working.oldest.map { Swift.min(to, $0 &- 1) } ?? to
            do {
                let read = try await memory.store.chunks(seriesID: id, from: from, to: storedTo)
                warnings += read.corrupted.map { "\(key): skipped \($0)" }
                for chunk in read.chunks {
                    do {
                        let decoded = try chunk.decoder().decodeAll()
                        samples += decoded.lazy.filter { $0.timestamp >= from && $0.timestamp <= storedTo }
                    } catch {
                        warnings.append(
                            "\(key): skipped undecodable chunk starting at \(chunk.timeRange?.lowerBound ?? 0) ms: \(error)"
                        )
                    }
                }
            } catch {
                throw QueryError(.store, "cannot read raw chunks of \(key): \(error)")
            }
        }
        samples += WorkingMemory.decode(working.chunks, from: from, to: to)
        return samples
    }

    /// Rollups of one series overlapping [from, to]: the store's, superseded from the first bucket
    /// working memory still holds by working memory's own (pending and open).
    private func rollups(
        tier: MemoryTier, key: SeriesKey, id: Int64?, from: Int64, to: Int64, warnings: inout [String]
    ) async throws(QueryError) -> [Rollup] {
        let started = ContinuousClock.now
        let recent = memory.recentRollups(of: key, resolution: tier.resolution)
        let recentStart = recent.first?.start ?? .max
        var result: [Rollup] = []
        let needsStore = id != nil && from < recentStart
        defer {
            memory.statistics.recordRead(tier, seconds: (ContinuousClock.now - started).seconds, hit: !needsStore)
        }
        if let id, needsStore {
            do {
                let read = try await memory.store.rollups(
                    tier == .minute ? .minute : .hour, seriesID: id, from: from, to: Swift.min(to, recentStart &- 1))
                warnings += read.corrupted.map { "\(key): skipped \($0)" }
                // The read stops before `recentStart`, so nothing here is superseded.
                result = read.rollups
            } catch {
                throw QueryError(.store, "cannot read \(tier.rawValue) rollups of \(key): \(error)")
            }
        }
        result += recent.lazy.filter { $0.start <= to && $0.start &+ tier.resolution > from }
        return result
    }
}

/// How a query's range becomes windows on its tier.
private struct Plan {
    var windows: QueryWindows?
    var aggregation: QueryAggregation?
    /// The step to report: nil for raw samples as they are.
    var reportedStep: Int64?

    init(query: MetricQuery, tier: MemoryTier) throws(QueryError) {
        switch (query.step, query.aggregation) {
        case (nil, nil):
            // Raw samples as they are, or whole buckets as they are (aligned to the tier's grid).
            guard tier != .raw else { return }
            let resolution = tier.resolution
            windows = QueryWindows(start: Self.floor(query.start, to: resolution), end: query.end, step: resolution)
            aggregation = .average
            reportedStep = resolution
        case (nil, let aggregation?):
            // One window over the whole range.
            let width = query.end.subtractingReportingOverflow(query.start).partialValue &+ 1
            windows = QueryWindows(start: query.start, end: query.end, step: Swift.max(1, width))
            self.aggregation = aggregation
        case (let step?, let aggregation):
            let count = (query.end &- query.start) / step &+ 1
            guard count <= MetricQueryEngine.maximumPointsPerSeries else {
                throw QueryError(
                    .tooManyPoints,
                    "step \(JSONText.seconds(step)) s over this range gives \(count) points per series, more than "
                        + "\(MetricQueryEngine.maximumPointsPerSeries); use a larger step")
            }
            // Windows sit on multiples of the step since the epoch (as Grafana aligns its queries), so
            // answers are stable from one refresh to the next and exact on rollups for whole-minute steps.
            windows = QueryWindows(start: Self.floor(query.start, to: step), end: query.end, step: step)
            self.aggregation = aggregation ?? .average
            reportedStep = step
        }
    }

    /// The largest multiple of `step` at or before `time` (floor division, also before 1970).
    static func floor(_ time: Int64, to step: Int64) -> Int64 {
        let remainder = time % step
        return time &- (remainder < 0 ? remainder &+ step : remainder)
    }
}
