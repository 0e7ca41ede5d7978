/// Groups anomalies that are close in time across series into incidents (what Netdata's "anomaly
/// advisor" does): one flagged series opens an incident, every series flagged within `window` of the
/// incident's last flagged sample joins it, and the incident closes once `window` has passed without a
/// new flag.
///
/// Deterministic and free of I/O: time is whatever the caller passes (milliseconds in the agent), so
/// the same sequence of ``observe(series:timestamp:score:value:contributions:)`` and
/// ``advance(to:)`` calls always gives the same incidents.
///
/// ```swift
/// var grouper = IncidentGrouper()
/// grouper.observe(series: disk, timestamp: 1_000, score: 0.7, value: 0.98)
/// grouper.observe(series: cpu, timestamp: 11_000, score: 0.9, value: 0.95)   // joins: within 30 s
/// grouper.advance(to: 41_001)                                                // 30 s after 11 s: closes
/// grouper.closed.last?.contributors.map(\.series)                            // [cpu, disk]: by peak
/// ```
public struct IncidentGrouper: Sendable {
    /// How anomalies are grouped. Times are in the caller's unit (milliseconds in the agent).
    public struct Configuration: Sendable, Equatable {
        /// A sample is flagged when its score is at least this (default 0.5, the column's detection
        /// threshold).
        public var threshold = 0.5
        /// How long after the incident's last flagged sample a new flag still joins it, and how long
        /// without a flag closes it (default 30,000: 30 s in milliseconds). A flag exactly `window`
        /// after the last one still joins.
        public var window: Int64 = 30_000
        /// Closed incidents kept, newest last (default 100); older ones are dropped.
        public var retainedIncidents = 100
        /// The span over which an incident's densest stretch is measured (``Incident/densestFlags``;
        /// default 60,000: a minute in milliseconds).
        public var densityWindow: Int64 = 60_000

        public init() {}
    }

    public let configuration: Configuration
    /// The incident still absorbing flags, if any.
    public private(set) var open: Incident?
    /// Closed incidents, oldest first, at most `configuration.retainedIncidents`.
    public var closed: [Incident] { Array(closedRing[closedStart...] + closedRing[..<closedStart]) }
    /// Incidents opened so far; the next incident's ``Incident/id`` is this plus 1.
    public private(set) var openedCount = 0

    /// A ring of closed incidents: `closedRing[closedStart]` is the oldest once the ring is full.
    private var closedRing: [Incident] = []
    private var closedStart = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Takes one scored sample. A score below the threshold (or NaN) only advances the clock.
    /// - Parameters:
    ///   - timestamp: the sample's time; a flag later than `window` after the open incident's last flag
    ///     closes that incident and opens a new one.
    ///   - value: the series' value at that sample, kept when it is the series' peak.
    ///   - contributions: the per-detector scores of the sample, kept at the peak.
    /// - Complexity: O(1) amortized, O(k log k) when it closes an incident of k series (ranking).
    public mutating func observe(
        series: SeriesKey, timestamp: Int64, score: Double, value: Double,
        contributions: AnomalyScore.Contributions = AnomalyScore.Contributions()
    ) {
        advance(to: timestamp)
        guard score >= configuration.threshold else { return }
        if open == nil {
            openedCount += 1
            open = Incident(id: openedCount, start: timestamp)
        }
        open?.absorb(
            series: series, timestamp: timestamp, score: score, value: value, contributions: contributions,
            densityWindow: configuration.densityWindow)
    }

    /// Moves the clock to `now`: closes the open incident when more than `window` has passed since its
    /// last flagged sample. Call it every cycle, flagged or not.
    /// - Complexity: O(k log k) when it closes an incident of k series, else O(1).
    public mutating func advance(to now: Int64) {
        guard let incident = open, now > incident.end &+ configuration.window else { return }
        open = nil
        var closing = incident
        closing.closedAt = now
        closing.rank()
        retain(closing)
    }

    /// The open incident (if any) followed by the closed ones, newest first, at most `limit` in all.
    public func recent(limit: Int) -> [Incident] {
        var result: [Incident] = []
        if let open, limit > 0 {
            var ranked = open
            ranked.rank()
            result.append(ranked)
        }
        let newestFirst = closed.reversed()
        result.append(contentsOf: newestFirst.prefix(max(0, limit - result.count)))
        return result
    }

    private mutating func retain(_ incident: Incident) {
        let capacity = max(0, configuration.retainedIncidents)
        guard capacity > 0 else { return }
        if closedRing.count < capacity {
            closedRing.append(incident)
        } else {
            closedRing[closedStart] = incident
            closedStart = (closedStart + 1) % capacity
        }
    }
}

/// Anomalies in several series close in time: one incident of ``IncidentGrouper``.
public struct Incident: Sendable, Equatable, Identifiable {
    /// 1 for the first incident the grouper opened, then 2, 3, …
    public let id: Int
    /// Time of the first flagged sample.
    public let start: Int64
    /// Time of the last flagged sample so far.
    public private(set) var end: Int64
    /// The time at which the grouper saw that the window had passed; nil while open.
    public internal(set) var closedAt: Int64?
    /// The series that contributed, strongest first: by peak score (higher first), then number of
    /// flagged samples (more first), then first flag (earlier first), then series (ascending), so the
    /// order is total. Ranked when the incident closes and whenever ``IncidentGrouper/recent(limit:)``
    /// returns it open.
    public private(set) var contributors: [Contributor] = []
    /// The most flagged samples (over all series) within any span of the grouper's `densityWindow`
    /// (a minute by default): how broad and sustained the incident was at its worst. Divided by the
    /// samples the monitored series produce in that span, it is the node anomaly rate of that minute.
    public private(set) var densestFlags = 0
    /// Flag times within the last `densityWindow`, oldest first from `recentStart`.
    private var recentFlags: [Int64] = []
    private var recentStart = 0

    /// Whether the incident still absorbs flags.
    public var isOpen: Bool { closedAt == nil }

    /// One series' part in an incident.
    public struct Contributor: Sendable, Equatable {
        public let series: SeriesKey
        /// The highest score the series reached in the incident, in [0, 1].
        public var peakScore: Double
        /// The series' value at the peak (the first sample with the peak score).
        public var peakValue: Double
        /// Time of the peak.
        public var peakTime: Int64
        /// The per-detector scores at the peak.
        public var peakContributions: AnomalyScore.Contributions
        /// Samples of the series at or above the threshold during the incident.
        public var flaggedSamples: Int
        /// Times of the series' first and last flagged samples.
        public var firstFlagged: Int64
        public var lastFlagged: Int64

        public init(
            series: SeriesKey, peakScore: Double, peakValue: Double, peakTime: Int64,
            peakContributions: AnomalyScore.Contributions = AnomalyScore.Contributions(), flaggedSamples: Int,
            firstFlagged: Int64, lastFlagged: Int64
        ) {
            self.series = series
            self.peakScore = peakScore
            self.peakValue = peakValue
            self.peakTime = peakTime
            self.peakContributions = peakContributions
            self.flaggedSamples = flaggedSamples
            self.firstFlagged = firstFlagged
            self.lastFlagged = lastFlagged
        }

        /// Whether `self` ranks before `other` (see ``Incident/contributors``).
        public func ranksBefore(_ other: Contributor) -> Bool {
            if peakScore != other.peakScore { return peakScore > other.peakScore }
            if flaggedSamples != other.flaggedSamples { return flaggedSamples > other.flaggedSamples }
            if firstFlagged != other.firstFlagged { return firstFlagged < other.firstFlagged }
            return series < other.series
        }
    }

    /// Index of each series in `contributors`, so absorbing a flag is O(1).
    private var index: [SeriesKey: Int] = [:]

    public init(id: Int, start: Int64) {
        self.id = id
        self.start = start
        self.end = start
    }

    mutating func absorb(
        series: SeriesKey, timestamp: Int64, score: Double, value: Double, contributions: AnomalyScore.Contributions,
        densityWindow: Int64 = 60_000
    ) {
        end = max(end, timestamp)
        recentFlags.append(timestamp)
        while recentStart < recentFlags.count, recentFlags[recentStart] <= timestamp &- densityWindow {
            recentStart += 1
        }
        densestFlags = max(densestFlags, recentFlags.count - recentStart)
        if recentStart > 1024, recentStart * 2 > recentFlags.count {
            recentFlags.removeFirst(recentStart)
            recentStart = 0
        }
        if let position = index[series] {
            contributors[position].flaggedSamples += 1
            contributors[position].lastFlagged = max(contributors[position].lastFlagged, timestamp)
            if score > contributors[position].peakScore {
                contributors[position].peakScore = score
                contributors[position].peakValue = value
                contributors[position].peakTime = timestamp
                contributors[position].peakContributions = contributions
            }
        } else {
            index[series] = contributors.count
            contributors.append(
                Contributor(
                    series: series, peakScore: score, peakValue: value, peakTime: timestamp,
                    peakContributions: contributions, flaggedSamples: 1, firstFlagged: timestamp,
                    lastFlagged: timestamp))
        }
    }

    /// Sorts `contributors` strongest first and, once closed, frees the density window. O(k log k).
    mutating func rank() {
        if closedAt != nil {
            recentFlags = []
            recentStart = 0
        }
        contributors.sort { $0.ranksBefore($1) }
        index = Dictionary(uniqueKeysWithValues: contributors.enumerated().map { ($1.series, $0) })
    }

    public static func == (lhs: Incident, rhs: Incident) -> Bool {
        lhs.id == rhs.id && lhs.start == rhs.start && lhs.end == rhs.end && lhs.closedAt == rhs.closedAt
            && lhs.contributors == rhs.contributors && lhs.densestFlags == rhs.densestFlags
    }
}
