import HomeostatCore
import HomeostatSensors
import HomeostatStore

/// Replays stored raw samples through a fresh ``AnomalyMonitor``, cycle by cycle as the agent saw them,
/// and reports the incidents it forms and which of them would have notified — "what would have alerted
/// last night with these settings?" (the backtest `promtool test rules` gives Prometheus rules).
///
/// The agent writes every sample of one collection cycle with the cycle's timestamp, so grouping the
/// stored samples by timestamp rebuilds each cycle's snapshot. Units are not stored; they come from
/// ``MetricCatalog`` (unknown names get no unit, hence no σ floor).
///
/// Reads an hour of chunks at a time, so memory stays O(series × samples per hour) however long the
/// replayed range.
public enum AnomalyReplay {
    /// What a replay found.
    public struct Result: Sendable {
        /// Every incident the monitor formed, oldest first (the last may still have been open at the end).
        public var incidents: [Incident]
        /// The notification policy's verdict on each incident, in the same order.
        public var verdicts: [IncidentNotificationPolicy.Verdict]
        /// Collection cycles replayed.
        public var cycles = 0
        /// Samples scored.
        public var samples = 0
        /// Samples scoring at least the monitor's threshold (the detections before grouping).
        public var flaggedSamples = 0
        /// Series that got a column.
        public var series = 0
        /// Unix milliseconds of the first and last replayed cycle; nil when nothing was stored in range.
        public var first: Int64?
        public var last: Int64?
        /// Chunks skipped because their checksum failed.
        public var corruptedChunks = 0
        /// What the alert rules replayed alongside sent (firing, resolved, repeated), oldest first.
        public var alertNotifications: [AlertNotification] = []

        /// Rule alerts that announced a problem: firing or repeated (resolutions and flapping notices
        /// only follow up on one).
        public var alertAnnouncements: Int {
            alertNotifications.filter { $0.kind == .firing || $0.kind == .repeated }.count
        }

        /// Notifications that announced a problem to a person: incidents that notified plus rule alerts
        /// that fired or repeated.
        public var announcements: Int { notifications.count + alertAnnouncements }

        /// Hours between the first and last cycle.
        public var hours: Double {
            guard let first, let last else { return 0 }
            return Double(last - first) / 3_600_000
        }

        /// The incidents that would have notified.
        public var notifications: [Incident] {
            zip(incidents, verdicts).filter { $0.1.notifies }.map(\.0)
        }
    }

    /// Replays `store`'s raw samples from `from` to `to` (Unix milliseconds, inclusive).
    /// - Parameters:
    ///   - monitor: the monitor's settings; `retainedIncidents` is raised so no incident is dropped.
    ///   - policy: decides which incidents notify.
    ///   - alerts: rules to evaluate on the same cycles (the agent's defaults and configured rules), if any.
    ///   - progress: called after each replayed hour with the fraction done (0–1).
    /// - Complexity: O(n) decoding and scoring for n stored samples, plus O(c log c) sorting c cycles per hour.
    public static func run(
        store: MetricStore, from: Int64, to: Int64,
        monitor configuration: AnomalyMonitor.Configuration = AnomalyMonitor.Configuration(),
        policy: IncidentNotificationPolicy = IncidentNotificationPolicy(),
        alerts: AlertEvaluator? = nil,
        progress: (Double) -> Void = { _ in }
    ) async throws(StoreError) -> Result {
        var settings = configuration
        settings.retainedIncidents = Int.max / 2
        settings.forgetAfter = max(settings.forgetAfter, 3600)
        settings.notification = policy
        let monitor = AnomalyMonitor(configuration: settings)
        let stored = try await store.series(named: nil).filter { monitor.isMonitored($0.key) }
        let units = Dictionary(
            uniqueKeysWithValues: stored.map { ($0.id, MetricCatalog.describe($0.key.name)?.unit ?? "") })
        var result = Result(incidents: [], verdicts: [])
        var alerts = alerts
        result.series = stored.count
        let hour: Int64 = 3_600_000
        var windowStart = from
        while windowStart <= to {
            let windowEnd = min(to, windowStart &+ hour &- 1)
            var cycles: [Int64: [Sample]] = [:]
            for (id, key) in stored {
                let read = try await store.chunks(seriesID: id, from: windowStart, to: windowEnd)
                result.corruptedChunks += read.corrupted.count
                for chunk in read.chunks {
                    guard var decoder = try? chunk.decoder() else {
                        result.corruptedChunks += 1
                        continue
                    }
                    while let sample = try? decoder.next() {
                        guard sample.timestamp >= windowStart, sample.timestamp <= windowEnd else { continue }
                        cycles[sample.timestamp, default: []].append(Sample(key, sample.value, unit: units[id] ?? ""))
                    }
                }
            }
            for timestamp in cycles.keys.sorted() {
                let samples = cycles[timestamp] ?? []
                let flagged = await monitor.observe(Snapshot(timestamp: Double(timestamp) / 1000, samples: samples))
                if alerts != nil {
                    result.alertNotifications += alerts?.evaluate(samples, at: Double(timestamp) / 1000) ?? []
                }
                result.flaggedSamples += flagged.count
                result.cycles += 1
                result.samples += samples.count
                result.first = result.first ?? timestamp
                result.last = timestamp
            }
            progress(to > from ? Double(windowEnd - from) / Double(to - from) : 1)
            windowStart = windowEnd &+ 1
        }
        result.incidents = Array(monitor.incidents(limit: Int.max / 2).reversed())
        // The verdicts the monitor reached live, as the agent would have: an incident is judged in
        // every cycle it gains flags until it notifies.
        result.verdicts = result.incidents.map { incident in
            monitor.verdict(incident: incident.id)
                ?? IncidentNotificationPolicy.Verdict(notifies: false, reason: "not judged", signature: [])
        }
        return result
    }
}
