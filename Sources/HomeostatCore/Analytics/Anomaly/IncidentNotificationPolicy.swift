/// Decides which anomaly incidents are worth a notification, so that the columns' detections — many
/// of them real but unremarkable (a compile burst, a page-cache step) — do not page anyone.
///
/// An incident notifies when all of these hold:
/// 1. **Learnt**: the monitor has watched the host for at least `learningPeriod` (default 1 h) — its
///    columns and their ``Habituation`` memories know the host's usual bursts only after a while.
/// 2. **Dense**: at its worst minute, the share of all monitored samples flagged (the node anomaly
///    rate, ``Incident/densestFlags`` over the samples of that span) reached `minimumAnomalyRate`
///    (default 0.01: Netdata's `ml_1min_node_ar` warning level).
/// 3. **Sustained**: some contributor was flagged in at least `minimumFlaggedSamples` samples (default
///    5; at 1 s, seconds), so a one-cycle blip never notifies.
/// 4. **Broad**: at least `minimumSeries` series (default 3) from at least `minimumMetrics` (default 2)
///    metric names contributed: one quantity misbehaving alone is a detection, several agreeing is an
///    incident.
/// 5. **Novel**: the incident's leading metrics — the names of its `signatureSize` strongest
///    contributors — did not lead an incident that notified within `habituationWindow` (default 24 h).
///
/// Pure and deterministic: feed incidents oldest first to ``verdicts(_:context:)``. Times are the
/// incidents' (milliseconds in the agent).
public struct IncidentNotificationPolicy: Sendable, Equatable {
    /// Milliseconds of watching before any incident notifies (default 3,600,000: 1 h).
    public var learningPeriod: Int64 = 3_600_000
    /// The smallest node anomaly rate, at the incident's densest minute, that notifies (default 0.01).
    public var minimumAnomalyRate = 0.01
    /// Flagged samples the most persistent contributor needs (default 5).
    public var minimumFlaggedSamples = 5
    /// Contributing series needed (default 3).
    public var minimumSeries = 3
    /// Distinct metric names among them needed (default 2).
    public var minimumMetrics = 2
    /// Metric names of the strongest contributors that identify an incident's kind (default 3).
    public var signatureSize = 3
    /// Milliseconds during which an incident of an already notified kind is not notified again
    /// (default 86,400,000: 24 h).
    public var habituationWindow: Int64 = 86_400_000

    /// What the policy needs to know about the monitor.
    public struct Context: Sendable, Equatable {
        /// When the monitor started watching (the incidents' time unit).
        public var watchingSince: Int64
        /// Samples all monitored series produce in the grouper's density window (series × cycles in
        /// it): the denominator of the node anomaly rate.
        public var samplesPerDensityWindow: Double

        public init(watchingSince: Int64, samplesPerDensityWindow: Double) {
            self.watchingSince = watchingSince
            self.samplesPerDensityWindow = samplesPerDensityWindow
        }
    }

    public init() {}

    /// Why an incident notifies or not.
    public struct Verdict: Sendable, Equatable {
        public var notifies: Bool
        /// A short reason a person can read: what it failed, or "notify".
        public var reason: String
        /// The leading metric names (the signature), sorted.
        public var signature: [String]

        public init(notifies: Bool, reason: String, signature: [String]) {
            self.notifies = notifies
            self.reason = reason
            self.signature = signature
        }
    }

    /// The verdict on each of `incidents`, oldest first; habituation makes each depend on the
    /// earlier ones.
    /// - Complexity: O(n k log k) for n incidents of at most k contributors.
    public func verdicts(_ incidents: [Incident], context: Context) -> [Verdict] {
        var lastNotified: [[String]: Int64] = [:]
        return incidents.map { incident in
            let verdict = judge(incident, context: context, lastNotified: lastNotified)
            if verdict.notifies { lastNotified[verdict.signature] = incident.start }
            return verdict
        }
    }

    /// The verdict on one incident, given when each signature last notified.
    public func judge(_ incident: Incident, context: Context, lastNotified: [[String]: Int64]) -> Verdict {
        var names: [String] = []
        for contributor in incident.contributors.sorted(by: { $0.ranksBefore($1) })
        where !names.contains(contributor.series.name) {
            names.append(contributor.series.name)
            if names.count == signatureSize { break }
        }
        let signature = names.sorted()
        func verdict(_ notifies: Bool, _ reason: String) -> Verdict {
            Verdict(notifies: notifies, reason: reason, signature: signature)
        }
        let watched = incident.start - context.watchingSince
        guard watched >= learningPeriod else {
            return verdict(false, "learning: \(watched / 1000) s of \(learningPeriod / 1000) s watched")
        }
        let rate =
            context.samplesPerDensityWindow > 0 ? Double(incident.densestFlags) / context.samplesPerDensityWindow : 0
        guard rate >= minimumAnomalyRate else {
            return verdict(
                false,
                "sparse: node anomaly rate \(Self.percent(rate)) at the densest minute (< \(Self.percent(minimumAnomalyRate)))"
            )
        }
        let longest = incident.contributors.map(\.flaggedSamples).max() ?? 0
        guard longest >= minimumFlaggedSamples else {
            return verdict(
                false, "transient: at most \(longest) flagged samples per series (< \(minimumFlaggedSamples))")
        }
        let metrics = Set(incident.contributors.map(\.series.name)).count
        guard incident.contributors.count >= minimumSeries, metrics >= minimumMetrics else {
            return verdict(
                false,
                "narrow: \(incident.contributors.count) series of \(metrics) metrics (needs \(minimumSeries) of \(minimumMetrics))"
            )
        }
        if let previous = lastNotified[signature], incident.start - previous < habituationWindow {
            return verdict(false, "habituated: the same kind notified \((incident.start - previous) / 1000) s before")
        }
        return verdict(true, "notify")
    }

    /// A ratio as a percentage with two decimals: 0.00983 → "0.98 %".
    private static func percent(_ ratio: Double) -> String {
        let hundredths = Int((ratio * 10_000).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) %"
    }
}
