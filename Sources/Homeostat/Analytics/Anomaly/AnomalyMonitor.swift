import Foundation
import HomeostatCore
import Synchronization

/// One ``AnomalyColumn`` per series, fed from every collection snapshot, with the anomalies grouped
/// into incidents (``IncidentGrouper``).
///
/// **Sharding.** Series are spread over `shardCount` shards by their (precomputed) hash; each shard owns
/// its columns behind its own `Mutex`. ``observe(_:)`` scores the shards in parallel, one child task of
/// a task group per shard, then feeds the flagged samples to the incident grouper in series order, so
/// the outcome does not depend on which shard finished first.
///
/// **Lifetime of a column.** Created when a series is first seen (its first `warmUp` samples, 96 by
/// default, score 0 while it learns); dropped when the series has not been seen for `forgetAfter`
/// (default 600 s), checked every 10 s of snapshot time. Series whose name starts with one of
/// `excludedPrefixes` (default `homeostat.`: the agent's own measurements, including the scores this
/// monitor exports) or carrying one of `excludedLabels` get no column.
///
/// **Exported metrics** (``samples()``, appended by the collector to the same snapshot):
/// `homeostat.anomaly.score{series="<series text>"}` for each series scoring at least `threshold` in the
/// cycle only (so the number of stored series does not double), `homeostat.anomaly.series_flagged`
/// (how many), `homeostat.anomaly.incidents.open` (0 or 1), `homeostat.anomaly.columns`, and
/// `homeostat.anomaly.cycle.cpu_time` (CPU seconds the cycle's scoring took, summed over the shards).
///
/// **Cost** (release build, BENCHMARKS.md, "anomaly columns in the agent"): about 0.7 µs of CPU per
/// series per cycle, 120 µs for 170 series; in the agent on 150 host series p50 159 µs, p99 465 µs.
/// Memory: about 17 KiB per column (16 KiB of seasonal history), 2.9 MB for 170 series.
///
/// `observe` is meant to be called by one caller at a time (the collector); reads (``flagged``,
/// ``incidents(limit:)``, ``statistics``) and ``feedback(series:verdict:)`` may come from any task.
public final class AnomalyMonitor: Sendable {
    /// How the monitor is set up.
    public struct Configuration: Sendable, Equatable {
        /// Every column's configuration (default: `homeostat detect`'s defaults — all five detectors and
        /// ``Habituation``, so bursts a host repeats stop being flagged).
        public var column = AnomalyColumn.Configuration()
        /// A sample is flagged, exported and grouped when its score is at least this (default 0.5).
        public var threshold = 0.5
        /// Seconds after an incident's last flagged sample within which a new flag joins it, and
        /// without which it closes (default 30).
        public var incidentWindow = 30.0
        /// Seconds over which an incident's densest stretch is measured (default 60; see
        /// ``Incident/densestFlags``).
        public var incidentDensityWindow = 60.0
        /// Closed incidents kept in memory (default 100).
        public var retainedIncidents = 100
        /// Seconds a series may be absent before its column is dropped (default 600).
        public var forgetAfter = 600.0
        /// Series whose name starts with one of these get no column (default `["homeostat."]`; the agent
        /// adds its HTTP server's `hb.` and `http.server.` metrics).
        public var excludedPrefixes = ["homeostat."]
        /// Series carrying one of these labels get no column (default none; the agent adds
        /// `process.pid="<its own pid>"`, so its own process metrics are left out too).
        public var excludedLabels: [Label] = []
        /// Shards scored in parallel; nil (the default) uses the active processor count, capped at
        /// `maxShards`.
        public var shardCount: Int?
        /// Upper bound of the automatic shard count (default 8).
        public var maxShards = 8
        /// Which incidents notify (default: ``IncidentNotificationPolicy``'s defaults).
        public var notification = IncidentNotificationPolicy()
        /// Where feedback-adjusted sensitivities persist (``AnomalyFeedbackFile``); nil (the default)
        /// keeps them in memory only. The agent uses `anomaly-feedback.json` in its data directory.
        public var feedbackFile: String?

        public init() {}

        /// The agent's settings: `config.anomalies`, and no columns for the agent's own HTTP server
        /// metrics (`hb.`, `http.server.`) nor for its own process (`process.pid="<ownPID>"`, when known).
        public static func agent(ownPID: Int32?, config: PerformanceConfig = PerformanceConfig()) -> Configuration {
            var configuration = Configuration()
            let settings = config.anomalies
            configuration.threshold = settings.threshold
            configuration.incidentWindow = settings.incidentWindow
            if settings.habituation {
                // The half-life is in samples: seconds over the collection interval.
                configuration.column.habituation?.halfLife =
                    settings.habituationHalfLife / config.monitoring.collectionInterval
            } else {
                configuration.column.habituation = nil
            }
            configuration.notification.learningPeriod = Int64((settings.notifyLearningPeriod * 1000).rounded())
            configuration.notification.minimumAnomalyRate = settings.notifyMinimumAnomalyRate
            configuration.notification.minimumSeries = settings.notifyMinimumSeries
            configuration.notification.habituationWindow = Int64((settings.notifyRepeatAfter * 1000).rounded())
            configuration.excludedPrefixes += ["hb.", "http.server."]
            if let ownPID { configuration.excludedLabels.append(Label("process.pid", String(ownPID))) }
            return configuration
        }
    }

    /// A series scoring at least the threshold in the latest cycle.
    public struct FlaggedSeries: Sendable, Equatable {
        public var series: SeriesKey
        public var score: AnomalyScore
        public var value: Double
        /// Milliseconds since the Unix epoch.
        public var timestamp: Int64
        /// The column's feedback-adjusted sensitivity (see ``AnomalyColumn/sensitivity``).
        public var sensitivity: Double
    }

    /// What the latest cycle did.
    public struct CycleStatistics: Sendable, Equatable {
        /// Milliseconds since the Unix epoch of the latest observed snapshot; nil before the first.
        public var timestamp: Int64?
        /// Samples scored in the cycle.
        public var samplesScored = 0
        /// Columns held after the cycle.
        public var columns = 0
        /// Columns dropped in the cycle because their series was gone for `forgetAfter`.
        public var columnsDropped = 0
        /// CPU seconds of the scoring, summed over the shards (thread CPU time).
        public var cpuSeconds = 0.0
        /// Wall seconds of the whole ``observe(_:)`` call, partitioning and grouping included.
        public var wallSeconds = 0.0
        /// Shards the columns are spread over.
        public var shards = 0
    }

    public let configuration: Configuration
    /// Shards in use: `configuration.shardCount`, or the active processor count capped at `maxShards`.
    public let shardCount: Int

    private let shards: [Shard]
    private let state: Mutex<State>
    /// Sensitivities set by feedback, by series text: applied to a series' column when it is created.
    private let learned: Mutex<[String: Double]>
    /// Why the feedback file could not be loaded (it was moved aside to `<file>.corrupt`), if so.
    public let feedbackFileProblem: AnomalyFeedbackFileError?

    private struct State: Sendable {
        var grouper: IncidentGrouper
        var flagged: [FlaggedSeries] = []
        var statistics = CycleStatistics()
        /// Milliseconds: the first observed snapshot, and the previous one.
        var watchingSince: Int64?
        var previousTimestamp: Int64?
        /// Milliseconds between cycles, smoothed (EWMA, α = 0.1).
        var cycleInterval: Double?
        /// The latest verdict on each incident still retained, by id.
        var verdicts: [Int: IncidentNotificationPolicy.Verdict] = [:]
        /// When each incident kind (signature) last notified.
        var lastNotified: [[String]: Int64] = [:]
        /// Notifications sent, oldest first, at most `retainedIncidents`.
        var notifications: [IncidentNotification] = []
        /// The open incident that notified, with the node anomaly rate it notified at, until it closes.
        var notifiedOpen: (id: Int, anomalyRate: Double)?
        var handler: (@Sendable (IncidentNotification) -> Void)?
    }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let automatic = min(ProcessInfo.processInfo.activeProcessorCount, configuration.maxShards)
        shardCount = max(1, configuration.shardCount ?? automatic)
        shards = (0..<shardCount).map { _ in Shard() }
        var grouping = IncidentGrouper.Configuration()
        grouping.threshold = configuration.threshold
        grouping.window = Int64((configuration.incidentWindow * 1000).rounded())
        grouping.retainedIncidents = configuration.retainedIncidents
        grouping.densityWindow = Int64((configuration.incidentDensityWindow * 1000).rounded())
        state = Mutex(State(grouper: IncidentGrouper(configuration: grouping)))
        var loaded: [String: Double] = [:]
        var problem: AnomalyFeedbackFileError?
        if let path = configuration.feedbackFile {
            do {
                loaded = try AnomalyFeedbackFile.load(path)
            } catch {
                // Kept for a person to look at; the next verdict writes a fresh file.
                _ = try? FileManager.default.removeItem(atPath: path + ".corrupt")
                _ = try? FileManager.default.moveItem(atPath: path, toPath: path + ".corrupt")
                problem = error
            }
        }
        learned = Mutex(loaded)
        feedbackFileProblem = problem
    }

    /// The column configuration for a series of `unit` (UCUM, as sensors write it): `base` with σ
    /// floors where it has none, so that changes too small to matter in that unit are not news.
    /// Ratios (`1`): at least 0.005 (half a percentage point; a CPU share from 100 Hz ticks moves in
    /// steps of 0.005 on 2 cores). Byte gauges (`By`): at least 0.2 % of the series' typical level.
    /// Rates (units ending in `/s`): at least 5 % of their typical level. Other units: `base` as is.
    public static func columnConfiguration(_ base: AnomalyColumn.Configuration, unit: String)
        -> AnomalyColumn.Configuration
    {
        var configuration = base
        guard base.minimumSigma == 0, base.relativeSigmaFloor == 0 else { return base }
        if unit == "1" {
            configuration.minimumSigma = 0.005
        } else if unit == "By" {
            configuration.relativeSigmaFloor = 0.002
        } else if unit.hasSuffix("/s") {
            configuration.relativeSigmaFloor = 0.05
        }
        return configuration
    }

    /// Scores every monitored sample of `snapshot` with its series' column (creating columns for new
    /// series), drops columns of series gone for `forgetAfter`, and groups the flagged samples into
    /// incidents.
    /// - Returns: the series flagged in this snapshot, highest score first.
    /// - Complexity: O(n / shards) per shard for n samples, in parallel, plus O(f log f) for f flagged.
    @discardableResult
    public func observe(_ snapshot: Snapshot) async -> [FlaggedSeries] {
        let started = ContinuousClock.now
        let timestamp = Int64((snapshot.timestamp * 1000).rounded())
        var parts = [[(SeriesKey, Double, String)]](repeating: [], count: shardCount)
        for sample in snapshot.samples where isMonitored(sample.series) {
            parts[shardIndex(sample.series)].append((sample.series, sample.value, sample.unit))
        }
        let settings = Shard.Settings(
            column: configuration.column, threshold: configuration.threshold,
            forgetAfter: Int64((configuration.forgetAfter * 1000).rounded()), learned: learned.withLock { $0 })
        let shards = self.shards
        let results = await withTaskGroup(of: Shard.Result.self, returning: [Shard.Result].self) { group in
            for (shard, part) in zip(shards, parts) {
                group.addTask { shard.observe(part, at: timestamp, settings: settings) }
            }
            var results: [Shard.Result] = []
            for await result in group { results.append(result) }
            return results
        }
        var flagged = results.flatMap(\.flagged)
        flagged.sort { $0.series < $1.series }
        let wall = ContinuousClock.now - started
        let columns = results.reduce(0) { $0 + $1.columns }
        let (result, notifications, handler) = state.withLock { state in
            for item in flagged {
                state.grouper.observe(
                    series: item.series, timestamp: item.timestamp, score: item.score.value, value: item.value,
                    contributions: item.score.contributions)
            }
            state.grouper.advance(to: timestamp)
            var notifications = closeNotifiedIncident(&state, at: timestamp).map { [$0] } ?? []
            if let opened = judgeOpenIncident(&state, at: timestamp, columns: columns, changed: !flagged.isEmpty) {
                notifications.append(opened)
            }
            flagged.sort { $0.score.value != $1.score.value ? $0.score.value > $1.score.value : $0.series < $1.series }
            state.flagged = flagged
            state.statistics = CycleStatistics(
                timestamp: timestamp, samplesScored: results.reduce(0) { $0 + $1.scored },
                columns: results.reduce(0) { $0 + $1.columns }, columnsDropped: results.reduce(0) { $0 + $1.dropped },
                cpuSeconds: results.reduce(0) { $0 + $1.cpuSeconds },
                wallSeconds: wall.seconds,
                shards: shardCount)
            return (flagged, notifications, state.handler)
        }
        if let handler { notifications.forEach(handler) }
        return result
    }

    /// When the incident that notified has closed: its resolved notification (recorded), else nil.
    private func closeNotifiedIncident(_ state: inout State, at timestamp: Int64) -> IncidentNotification? {
        guard let notified = state.notifiedOpen, state.grouper.open?.id != notified.id else { return nil }
        state.notifiedOpen = nil
        guard let closed = state.grouper.closed.last(where: { $0.id == notified.id }) else { return nil }
        let notification = IncidentNotification(
            incident: closed, notifiedAt: timestamp, anomalyRate: notified.anomalyRate, resolved: true)
        state.notifications.append(notification)
        if state.notifications.count > max(1, configuration.retainedIncidents) { state.notifications.removeFirst() }
        return notification
    }

    /// Judges the open incident when it changed this cycle and has not notified yet; records and returns
    /// the notification when it now does. Also learns the cycle interval and prunes old verdicts.
    private func judgeOpenIncident(_ state: inout State, at timestamp: Int64, columns: Int, changed: Bool)
        -> IncidentNotification?
    {
        if state.watchingSince == nil { state.watchingSince = timestamp }
        if let previous = state.previousTimestamp, timestamp > previous {
            let delta = Double(timestamp - previous)
            state.cycleInterval = state.cycleInterval.map { $0 + 0.1 * (delta - $0) } ?? delta
        }
        state.previousTimestamp = timestamp
        if state.verdicts.count > 2 * max(1, configuration.retainedIncidents) {
            let oldest = state.grouper.closed.first?.id ?? state.grouper.open?.id ?? 0
            state.verdicts = state.verdicts.filter { $0.key >= oldest }
        }
        guard changed, let id = state.grouper.open?.id, state.verdicts[id]?.notifies != true,
            let watchingSince = state.watchingSince, let interval = state.cycleInterval, interval > 0,
            let open = state.grouper.recent(limit: 1).first  // the open incident, ranked
        else { return nil }
        let context = IncidentNotificationPolicy.Context(
            watchingSince: watchingSince,
            samplesPerDensityWindow: Double(columns) * configuration.incidentDensityWindow * 1000 / interval)
        let verdict = configuration.notification.judge(open, context: context, lastNotified: state.lastNotified)
        state.verdicts[open.id] = verdict
        guard verdict.notifies else { return nil }
        state.lastNotified[verdict.signature] = open.start
        let notification = IncidentNotification(
            incident: open, notifiedAt: timestamp,
            anomalyRate: context.samplesPerDensityWindow > 0
                ? Double(open.densestFlags) / context.samplesPerDensityWindow : 0)
        state.notifications.append(notification)
        if state.notifications.count > max(1, configuration.retainedIncidents) { state.notifications.removeFirst() }
        state.notifiedOpen = (open.id, notification.anomalyRate)
        return notification
    }

    /// Calls `handler` (from the collector's task, outside any lock) for every incident that notifies from
    /// now on, and once more (``IncidentNotification/resolved`` true) when that incident closes; replaces
    /// an earlier handler. The engine routes these to the alerting system's actions.
    public func onNotification(_ handler: @escaping @Sendable (IncidentNotification) -> Void) {
        state.withLock { $0.handler = handler }
    }

    /// Incidents that notified, oldest first (at most `retainedIncidents`).
    public var notifications: [IncidentNotification] { state.withLock { $0.notifications } }

    /// The notification policy's latest verdict on an incident, if it was judged (incidents are judged
    /// while open, in cycles where they gain flags).
    public func verdict(incident id: Int) -> IncidentNotificationPolicy.Verdict? {
        state.withLock { $0.verdicts[id] }
    }

    /// Whether `series` gets a column: its name has none of the excluded prefixes and it carries none of
    /// the excluded labels.
    public func isMonitored(_ series: SeriesKey) -> Bool {
        !configuration.excludedPrefixes.contains { series.name.hasPrefix($0) }
            && !configuration.excludedLabels.contains { series.labels.contains($0) }
    }

    /// The series flagged in the latest cycle, highest score first (ties by series).
    public var flagged: [FlaggedSeries] { state.withLock { $0.flagged } }

    /// What the latest cycle did and cost.
    public var statistics: CycleStatistics { state.withLock { $0.statistics } }

    /// The latest cycle's flagged series and statistics, and the open incident's id, read together
    /// under one lock so they describe the same cycle.
    public var latestCycle: (flagged: [FlaggedSeries], statistics: CycleStatistics, openIncident: Int?) {
        state.withLock { ($0.flagged, $0.statistics, $0.grouper.open?.id) }
    }

    /// The open incident (if any) and then the closed ones, newest first, at most `limit` in all.
    public func incidents(limit: Int = 20) -> [Incident] {
        state.withLock { $0.grouper.recent(limit: limit) }
    }

    /// Applies an operator's verdict on the last detection of a series: ``AnomalyColumn/markFalsePositive()``
    /// or ``AnomalyColumn/markTruePositive()``.
    /// - Parameter series: the series as ``HomeostatCore/SeriesKey/description`` writes it.
    /// - Returns: the column's sensitivity after the feedback.
    /// - Throws: ``AnomalyFeedbackError`` `.unknownSeries` when no column watches that series;
    ///   `.notPersisted` when the verdict was applied but `feedbackFile` could not be written.
    /// - Complexity: O(n) in the number of columns (feedback is rare; the scan avoids a second index).
    @discardableResult
    public func feedback(series: String, verdict: AnomalyVerdict) throws(AnomalyFeedbackError) -> Double {
        for shard in shards {
            if let sensitivity = shard.apply(verdict, to: series) {
                let table = learned.withLock { learned in
                    learned[series] = sensitivity
                    return learned
                }
                if let path = configuration.feedbackFile {
                    do {
                        try AnomalyFeedbackFile.save(table, to: path)
                    } catch {
                        throw AnomalyFeedbackError(
                            .notPersisted, "applied (sensitivity \(sensitivity)) but not saved: \(error)")
                    }
                }
                return sensitivity
            }
        }
        throw AnomalyFeedbackError(
            .unknownSeries,
            "no anomaly column watches \(series) (never collected, excluded, or gone for over "
                + "\(Int(configuration.forgetAfter)) s)")
    }

    /// The monitor's own metrics from the latest cycle, for the collector to append to its snapshot: see
    /// the type's documentation. The names start with `homeostat.`, so they never get columns.
    public func samples() -> [Sample] {
        let (flagged, statistics, open) = state.withLock { ($0.flagged, $0.statistics, $0.grouper.open != nil) }
        var samples = flagged.map {
            Sample(SeriesKey("homeostat.anomaly.score", ["series": $0.series.description]), $0.score.value, unit: "1")
        }
        samples.append(Sample(SeriesKey("homeostat.anomaly.series_flagged"), Double(flagged.count), unit: "{series}"))
        samples.append(Sample(SeriesKey("homeostat.anomaly.incidents.open"), open ? 1 : 0, unit: "{incident}"))
        samples.append(Sample(SeriesKey("homeostat.anomaly.columns"), Double(statistics.columns), unit: "{series}"))
        samples.append(Sample(SeriesKey("homeostat.anomaly.cycle.cpu_time"), statistics.cpuSeconds, unit: "s"))
        return samples
    }

    /// FNV-1a (64-bit) of `text`'s UTF-8 bytes: a hash that is the same in every process.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private func shardIndex(_ series: SeriesKey) -> Int {
        Int(UInt(bitPattern: series.hashValue) % UInt(shardCount))
    }
}

/// One shard's columns. A class so the array of shards can hold the non-copyable `Mutex`.
private final class Shard: Sendable {
    struct Settings: Sendable {
        var column: AnomalyColumn.Configuration
        var threshold: Double
        /// Milliseconds.
        var forgetAfter: Int64
        /// Feedback-adjusted sensitivities by series text, for new columns.
        var learned: [String: Double]
    }

    struct Result: Sendable {
        var flagged: [AnomalyMonitor.FlaggedSeries] = []
        var scored = 0
        var columns = 0
        var dropped = 0
        var cpuSeconds = 0.0
    }

    private struct Entry: Sendable {
        var column: AnomalyColumn
        var lastSeen: Int64
    }

    private struct State: Sendable {
        var entries: [SeriesKey: Entry] = [:]
        var lastSweep: Int64?
    }

    /// How often gone series are looked for, in milliseconds of snapshot time.
    private static let sweepInterval: Int64 = 10_000

    private let state = Mutex(State())

    /// Scores `samples` (all at `timestamp`, milliseconds) and drops columns of series gone too long.
    func observe(_ samples: [(SeriesKey, Double, String)], at timestamp: Int64, settings: Settings) -> Result {
        let cpuStart = Self.threadCPUTime()
        var result = Result()
        state.withLock { state in
            for (series, value, unit) in samples {
                let score: AnomalyScore
                let sensitivity: Double
                if let existing = state.entries.index(forKey: series) {
                    state.entries.values[existing].lastSeen = timestamp
                    score = state.entries.values[existing].column.observe(timestamp: timestamp, value: value)
                    sensitivity = state.entries.values[existing].column.sensitivity
                } else {
                    var configuration = AnomalyMonitor.columnConfiguration(settings.column, unit: unit)
                    // Spread the columns' periodic period detections over the 1,024-sample cycle.
                    // (A stable hash, so a replay gives the same scores in every process.)
                    configuration.periodDetectionPhase = Int(AnomalyMonitor.fnv1a(series.description) % 1024)
                    var column = AnomalyColumn(configuration: configuration)
                    if !settings.learned.isEmpty, let learned = settings.learned[series.description] {
                        column.sensitivity = learned
                    }
                    score = column.observe(timestamp: timestamp, value: value)
                    sensitivity = column.sensitivity
                    state.entries[series] = Entry(column: column, lastSeen: timestamp)
                }
                result.scored += 1
                if score.value >= settings.threshold {
                    result.flagged.append(
                        AnomalyMonitor.FlaggedSeries(
                            series: series, score: score, value: value, timestamp: timestamp,
                            sensitivity: sensitivity))
                }
            }
            if timestamp - (state.lastSweep ?? timestamp) >= Self.sweepInterval {
                let before = state.entries.count
                state.entries = state.entries.filter { timestamp - $0.value.lastSeen <= settings.forgetAfter }
                result.dropped = before - state.entries.count
                state.lastSweep = timestamp
            } else if state.lastSweep == nil {
                state.lastSweep = timestamp
            }
            result.columns = state.entries.count
        }
        result.cpuSeconds = Self.threadCPUTime() - cpuStart
        return result
    }

    /// Applies a verdict to the column whose series text is `series`; its new sensitivity, or nil when
    /// this shard has no such column.
    func apply(_ verdict: AnomalyVerdict, to series: String) -> Double? {
        state.withLock { state in
            guard let key = state.entries.keys.first(where: { $0.description == series }) else { return nil }
            switch verdict {
            case .falsePositive: state.entries[key]?.column.markFalsePositive()
            case .truePositive: state.entries[key]?.column.markTruePositive()
            }
            return state.entries[key]?.column.sensitivity
        }
    }

    /// CPU seconds the calling thread has used. The shard's work holds a lock and never suspends, so
    /// it runs on one thread and the difference of two readings is its CPU time.
    private static func threadCPUTime() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
