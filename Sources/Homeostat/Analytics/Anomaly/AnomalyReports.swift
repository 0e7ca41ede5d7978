import HomeostatCore

/// `GET /api/v1/anomalies` and `homeostat anomalies --json`: the series flagged in the latest cycle.
/// Times are Unix seconds.
public struct AnomaliesReport: Codable, Sendable, Equatable {
    /// One flagged series.
    public struct Series: Codable, Sendable, Equatable {
        /// The series as selector text: `system.cpu.utilization{cpu="total",state="user"}`.
        public var series: String
        public var name: String
        public var labels: [String: String]
        /// The combined score in [0, 1].
        public var score: Double
        public var value: Double
        /// The column's feedback-adjusted sensitivity (0.5…2, default 1).
        public var sensitivity: Double
        /// The detector with the largest contribution.
        public var strongest: String?
        /// Each detector's calibrated score in [0, 1], by detector name (median, ewma, seasonal, cusum, rate).
        public var contributions: [String: Double]
    }

    /// The latest scored snapshot's time; absent before the first cycle.
    public var timestamp: Double?
    public var threshold: Double
    /// Columns held (series watched).
    public var columns: Int
    public var shards: Int
    /// CPU seconds the latest cycle's scoring took, summed over shards, and the cycle's wall seconds.
    public var cycleCPUSeconds: Double
    public var cycleWallSeconds: Double
    /// The id of the open incident, if one is open.
    public var openIncident: Int?
    /// Highest score first.
    public var series: [Series]

    enum CodingKeys: String, CodingKey {
        case timestamp, threshold, columns, shards, series
        case cycleCPUSeconds = "cycle_cpu_seconds"
        case cycleWallSeconds = "cycle_wall_seconds"
        case openIncident = "open_incident"
    }

    public init(monitor: AnomalyMonitor) {
        let (flagged, statistics, open) = monitor.latestCycle
        timestamp = statistics.timestamp.map { Double($0) / 1000 }
        threshold = monitor.configuration.threshold
        columns = statistics.columns
        shards = monitor.shardCount
        cycleCPUSeconds = statistics.cpuSeconds
        cycleWallSeconds = statistics.wallSeconds
        openIncident = open
        series = flagged.map {
            Series(
                series: $0.series.description, name: $0.series.name, labels: labelDictionary($0.series),
                score: $0.score.value, value: $0.value, sensitivity: $0.sensitivity,
                strongest: $0.score.contributions.strongest?.rawValue,
                contributions: contributionDictionary($0.score.contributions))
        }
    }
}

/// `GET /api/v1/incidents` and `homeostat anomalies --incidents --json`: the open incident and the
/// recent closed ones, newest first. Times are Unix seconds.
public struct IncidentsReport: Codable, Sendable, Equatable {
    public struct Incident: Codable, Sendable, Equatable {
        public var id: Int
        /// `open` or `closed`.
        public var state: String
        /// First and last flagged sample.
        public var start: Double
        public var end: Double
        /// When the grouper saw the window pass; absent while open.
        public var closedAt: Double?
        public var durationSeconds: Double
        /// The most flags within any minute of the incident (all series together).
        public var densestFlags: Int
        /// Whether the incident notified (``IncidentNotificationPolicy``); absent when never judged.
        public var notified: Bool?
        /// The policy's reason: `notify`, or what the incident lacked (e.g. `sparse: …`).
        public var verdict: String?
        /// Contributing series, strongest first.
        public var series: [Contributor]

        enum CodingKeys: String, CodingKey {
            case id, state, start, end, series, notified, verdict
            case closedAt = "closed_at"
            case durationSeconds = "duration_seconds"
            case densestFlags = "densest_flags"
        }
    }

    public struct Contributor: Codable, Sendable, Equatable {
        public var series: String
        public var peakScore: Double
        public var peakValue: Double
        public var peakTime: Double
        public var flaggedSamples: Int
        public var firstFlagged: Double
        public var lastFlagged: Double
        /// The detector with the largest contribution at the peak.
        public var strongest: String?
        /// Each detector's calibrated score at the peak.
        public var contributions: [String: Double]

        enum CodingKeys: String, CodingKey {
            case series, strongest, contributions
            case peakScore = "peak_score"
            case peakValue = "peak_value"
            case peakTime = "peak_time"
            case flaggedSamples = "flagged_samples"
            case firstFlagged = "first_flagged"
            case lastFlagged = "last_flagged"
        }
    }

    public var threshold: Double
    public var windowSeconds: Double
    public var incidents: [Incident]

    enum CodingKeys: String, CodingKey {
        case threshold, incidents
        case windowSeconds = "window_seconds"
    }

    /// - Parameter limit: incidents reported at most, the open one included.
    public init(monitor: AnomalyMonitor, limit: Int) {
        threshold = monitor.configuration.threshold
        windowSeconds = monitor.configuration.incidentWindow
        incidents = monitor.incidents(limit: limit).map { incident in
            let verdict = monitor.verdict(incident: incident.id)
            return Incident(
                id: incident.id, state: incident.isOpen ? "open" : "closed", start: Double(incident.start) / 1000,
                end: Double(incident.end) / 1000, closedAt: incident.closedAt.map { Double($0) / 1000 },
                durationSeconds: Double(incident.end - incident.start) / 1000, densestFlags: incident.densestFlags,
                notified: verdict?.notifies, verdict: verdict?.reason,
                series: incident.contributors.map {
                    Contributor(
                        series: $0.series.description, peakScore: $0.peakScore, peakValue: $0.peakValue,
                        peakTime: Double($0.peakTime) / 1000, flaggedSamples: $0.flaggedSamples,
                        firstFlagged: Double($0.firstFlagged) / 1000, lastFlagged: Double($0.lastFlagged) / 1000,
                        strongest: $0.peakContributions.strongest?.rawValue,
                        contributions: contributionDictionary($0.peakContributions))
                })
        }
    }
}

private func labelDictionary(_ key: SeriesKey) -> [String: String] {
    Dictionary(key.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
}

private func contributionDictionary(_ contributions: AnomalyScore.Contributions) -> [String: Double] {
    Dictionary(uniqueKeysWithValues: AnomalyDetectorKind.allCases.map { ($0.rawValue, contributions[$0]) })
}
