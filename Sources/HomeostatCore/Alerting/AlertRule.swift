/// One alerting rule: which series, the condition, how long it must hold, and what to do.
///
/// Semantics follow Prometheus: a series whose value meets the condition is *pending*; once it has met
/// it for `forDuration` seconds without a break the alert is *firing*; it *resolves* when the value is
/// back past the clear threshold (hysteresis) and has stayed so for `keepFiringFor` seconds. A value is
/// built with ``init(name:selector:comparison:threshold:clearThreshold:forDuration:keepFiringFor:staleAfter:repeatInterval:severity:actions:window:summary:)``
/// or parsed by ``AlertRuleParser``, which validate every field, so a value of this type is always valid.
public struct AlertRule: Sendable, Hashable {
    /// Unique among the rules: `[A-Za-z0-9_.-]`, 1 to 128 characters.
    public private(set) var name: String
    /// The series the rule watches; each selected series has its own alert state.
    public private(set) var selector: SeriesSelector
    public private(set) var comparison: AlertComparison
    /// The value past which the condition holds, in the series' unit.
    public private(set) var threshold: Double
    /// A firing alert stays active until the value is past this (default: `threshold`); for `>`/`>=` it
    /// must be at most `threshold`, for `<`/`<=` at least.
    public private(set) var clearThreshold: Double
    /// Seconds the condition must hold before firing. Default 0 (fire on the first breaching sample).
    public private(set) var forDuration: Double
    /// Seconds a firing alert keeps firing after the condition cleared. Default 0.
    public private(set) var keepFiringFor: Double
    /// Seconds a series may go without samples before its pending alert drops and its firing alert
    /// resolves (after `keepFiringFor` too). Default 300.
    public private(set) var staleAfter: Double
    /// Seconds between repeated notifications of a still-firing alert; nil (default) notifies once.
    public private(set) var repeatInterval: Double?
    public private(set) var severity: AlertSeverity
    /// Default `[.log]`.
    public private(set) var actions: [AlertAction]
    /// Compare an aggregate over a window instead of the latest sample; nil (default) uses the sample.
    public private(set) var window: AlertWindow?
    /// A line for people, sent with notifications.
    public private(set) var summary: String?

    /// Checks every field. - Throws: ``AlertRuleError`` naming the first field that is wrong.
    public init(
        name: String, selector: SeriesSelector, comparison: AlertComparison, threshold: Double,
        clearThreshold: Double? = nil, forDuration: Double = 0, keepFiringFor: Double = 0, staleAfter: Double = 300,
        repeatInterval: Double? = nil, severity: AlertSeverity = .warning, actions: [AlertAction] = [.log],
        window: AlertWindow? = nil, summary: String? = nil
    ) throws(AlertRuleError) {
        func fail(_ field: String, _ expected: String, _ got: String) -> AlertRuleError {
            AlertRuleError(rule: name, field: field, expected: expected, got: got)
        }
        guard Self.isValidName(name) else {
            throw fail("name", "1 to 128 characters of A-Z a-z 0-9 _ . -", "\"\(name)\"")
        }
        guard threshold.isFinite else { throw fail("threshold", "a finite number", "\(threshold)") }
        let clear = clearThreshold ?? threshold
        guard clear.isFinite else { throw fail("clear_threshold", "a finite number", "\(clear)") }
        if comparison.firesHigh, clear > threshold {
            throw fail(
                "clear_threshold", "a number at most the threshold \(threshold) (the alert fires above it)", "\(clear)")
        }
        if !comparison.firesHigh, clear < threshold {
            throw fail(
                "clear_threshold", "a number at least the threshold \(threshold) (the alert fires below it)", "\(clear)"
            )
        }
        for (field, value) in [("for", forDuration), ("keep_firing_for", keepFiringFor)] {
            guard value.isFinite, value >= 0 else { throw fail(field, "a duration of 0 or more seconds", "\(value)") }
        }
        guard staleAfter.isFinite, staleAfter > 0 else {
            throw fail("stale_after", "a duration greater than 0 seconds", "\(staleAfter)")
        }
        if let repeatInterval, !(repeatInterval.isFinite && repeatInterval > 0) {
            throw fail("repeat_interval", "a duration greater than 0 seconds", "\(repeatInterval)")
        }
        if let window, !(window.seconds.isFinite && window.seconds > 0) {
            throw fail("window", "a duration greater than 0 seconds", "\(window.seconds)")
        }
        guard !actions.isEmpty else { throw fail("actions", "at least one action", "none") }
        for action in actions {
            switch action {
            case .webhook(let url, let timeout):
                guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.count > 8 else {
                    throw fail("actions.webhook", "an http:// or https:// URL", "\"\(url)\"")
                }
                guard timeout.isFinite, timeout > 0 else {
                    throw fail("actions.webhook.timeout", "a duration greater than 0 seconds", "\(timeout)")
                }
            case .command(let arguments, let timeout):
                guard let program = arguments.first, !program.isEmpty else {
                    throw fail("actions.command", "a program and its arguments", "an empty list")
                }
                guard timeout.isFinite, timeout > 0 else {
                    throw fail("actions.command.timeout", "a duration greater than 0 seconds", "\(timeout)")
                }
            case .log, .optimizeAutomatically:
                break
            }
        }
        self.name = name
        self.selector = selector
        self.comparison = comparison
        self.threshold = threshold
        self.clearThreshold = clear
        self.forDuration = forDuration
        self.keepFiringFor = keepFiringFor
        self.staleAfter = staleAfter
        self.repeatInterval = repeatInterval
        self.severity = severity
        self.actions = actions
        self.window = window
        self.summary = summary
    }

    /// Whether a value starts the alert (the condition against `threshold`).
    @inlinable public func breaches(_ value: Double) -> Bool { comparison.holds(value, threshold) }

    /// Whether a firing alert's value still counts as active (the condition against `clearThreshold`).
    @inlinable public func stillActive(_ value: Double) -> Bool { comparison.holds(value, clearThreshold) }

    /// Whether the rule runs a program (such rules come from the configuration file only).
    public var hasCommand: Bool {
        actions.contains { if case .command = $0 { return true } else { return false } }
    }

    /// `[A-Za-z0-9_.-]{1,128}`.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...128).contains(name.utf8.count) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "-": return true
            default: return false
            }
        }
    }
}
