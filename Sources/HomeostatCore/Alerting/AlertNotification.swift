/// What an alert tells its receivers (and its history): one transition of one rule on one series.
///
/// Encoded as the webhook body and the command's stdin, with snake_case keys:
/// `{"kind":"firing","rule":"cpu_usage","series":"system.cpu.utilization{cpu=\"total\",state=\"idle\"}",
/// "value":0.05,"threshold":0.2,"comparison":"<","severity":"warning","state":"firing",
/// "started_at":1764037200,"at":1764037500,"summary":"…"}`; keys without a value (`resolved_at` while
/// firing, `value` of a stale series) are absent. Times are Unix seconds.
public struct AlertNotification: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The alert started firing (or, after flapping settled, is firing).
        case firing
        /// The alert stopped firing.
        case resolved
        /// Still firing after the rule's `repeat_interval`.
        case repeated
        /// Flapping started: notifications are held back (history only, no actions run).
        case flappingStarted = "flapping_started"
        /// Flapping stopped (history only; a settled firing/resolved notification follows if it changed).
        case flappingStopped = "flapping_stopped"
    }

    public var kind: Kind
    public var rule: String
    /// The series text, `name{label="value",…}`; for external alerts, the source's own identity.
    public var series: String
    /// The value compared (after the window's aggregation); nil when the series went stale.
    public var value: Double?
    public var threshold: Double
    public var comparison: AlertComparison
    public var severity: AlertSeverity
    /// `pending`, `firing` or `inactive` after the transition.
    public var state: AlertPhase
    /// Unix seconds the condition first held in this episode.
    public var startedAt: Double?
    /// Unix seconds the alert resolved, for `resolved`.
    public var resolvedAt: Double?
    /// Unix seconds of the evaluation that produced it.
    public var at: Double
    public var summary: String?

    public init(
        kind: Kind, rule: String, series: String, value: Double?, threshold: Double, comparison: AlertComparison,
        severity: AlertSeverity, state: AlertPhase, startedAt: Double?, resolvedAt: Double?, at: Double,
        summary: String?
    ) {
        self.kind = kind
        self.rule = rule
        self.series = series
        self.value = value
        self.threshold = threshold
        self.comparison = comparison
        self.severity = severity
        self.state = state
        self.startedAt = startedAt
        self.resolvedAt = resolvedAt
        self.at = at
        self.summary = summary
    }

    /// Whether actions run for it (firing, resolved, repeated); flapping records are history only.
    public var runsActions: Bool { kind == .firing || kind == .resolved || kind == .repeated }

    enum CodingKeys: String, CodingKey {
        case kind, rule, series, value, threshold, comparison, severity, state, at, summary
        case startedAt = "started_at"
        case resolvedAt = "resolved_at"
    }
}
