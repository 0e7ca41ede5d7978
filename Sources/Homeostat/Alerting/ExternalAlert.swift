import HomeostatCore

/// An alert raised by another part of Homeostat (an anomaly incident, a watched process that died),
/// routed through the same deduplication, flap suppression, history and actions as rule alerts with
/// ``AlertMonitor/notify(_:)``.
///
/// Identity is (`source`, `key`): calling `notify` with `active: true` again and again produces one
/// `firing` notification; `active: false` then produces one `resolved`. An identity that toggles on
/// most calls is flapping (``FlapDetector``) and stays quiet until it settles.
///
/// ```swift
/// engine.alerts.notify(ExternalAlert(
///     source: "anomaly_incident", key: "incident-42", active: true, value: 0.93,
///     severity: .warning, summary: "3 series anomalous since 10:02", actions: [.log, .webhook(url: hook, timeout: 5)]))
/// ```
public struct ExternalAlert: Sendable, Hashable {
    /// The kind of event; becomes the notification's `rule` (`[A-Za-z0-9_.-]`, like rule names).
    public var source: String
    /// Which event of that kind; becomes the notification's `series`.
    public var key: String
    /// Whether the condition holds now (true: firing; false: resolved).
    public var active: Bool
    /// The value to report (a score, a count); nil when there is none.
    public var value: Double?
    /// The level it is compared with, for receivers. Default 0.
    public var threshold: Double
    public var severity: AlertSeverity
    public var summary: String?
    /// What to run on firing and resolved (default `[.log]`).
    public var actions: [AlertAction]
    /// Seconds between repeated notifications while active; nil (default) notifies once.
    public var repeatInterval: Double?

    public init(
        source: String, key: String, active: Bool, value: Double? = nil, threshold: Double = 0,
        severity: AlertSeverity = .warning, summary: String? = nil, actions: [AlertAction] = [.log],
        repeatInterval: Double? = nil
    ) {
        self.source = source
        self.key = key
        self.active = active
        self.value = value
        self.threshold = threshold
        self.severity = severity
        self.summary = summary
        self.actions = actions
        self.repeatInterval = repeatInterval
    }

    /// The rule the state machine runs for it: fires at once on `active` (value 1 > 0.5), resolves at once.
    func rule() throws(AlertRuleError) -> AlertRule {
        try AlertRule(
            name: source, selector: SeriesSelector(name: "external"), comparison: .greater, threshold: 0.5,
            repeatInterval: repeatInterval, severity: severity, actions: actions.isEmpty ? [.log] : actions,
            summary: summary)
    }
}
