/// The alert state machine of one rule on one series: inactive → pending → firing → (resolved) inactive,
/// plus what its receivers were last told (deduplication) and whether it flaps.
///
/// Feed it one ``observe(_:at:rule:)`` per evaluation, with nil when the series had no (finite) sample.
/// Transitions (times in Unix seconds):
/// - inactive, condition holds: pending since now; firing at once when `for` is 0.
/// - pending, condition holds for `for` seconds since it started: firing.
/// - pending, condition does not hold: inactive (no notification: receivers never heard of it).
/// - firing, value not past the clear threshold: the clear time starts; resolved (→ inactive) once
///   `keep_firing_for` seconds passed since it was last active.
/// - no sample: pending drops and firing resolves once the series is stale (`stale_after` seconds since its
///   last sample) and `keep_firing_for` passed since it was last active.
///
/// Notifications: one `firing` when it starts firing and one `resolved` when it resolves (only if `firing`
/// was sent), `repeated` every `repeat_interval` while firing. While the condition flaps
/// (``FlapDetector``) none are sent; when it settles, one notification brings the receivers up to date
/// if the state differs from what they were last told.
///
/// - Complexity: O(1) per observation, plus O(w) for a rule with a window of w samples.
public struct AlertSeriesState: Sendable, Hashable, Codable {
    public private(set) var phase = AlertPhase.inactive
    /// When the condition first held in the current episode (pending or firing).
    public private(set) var startedAt: Double?
    /// When the condition last held (with hysteresis while firing).
    public private(set) var lastActiveAt: Double?
    /// When the series last had a sample.
    public private(set) var lastSeenAt: Double?
    /// The last compared value (after the window's aggregation).
    public private(set) var lastValue: Double?
    /// Whether receivers were last told "firing" (and not yet "resolved").
    public private(set) var notifiedFiring = false
    /// When the last firing/repeated notification was sent.
    public private(set) var lastNotifiedAt: Double?
    public private(set) var flap = FlapDetector()
    /// The samples of the window, oldest first: (Unix seconds, value).
    private var windowTimes: [Double] = []
    private var windowValues: [Double] = []

    public init() {}

    /// Advances the state machine by one evaluation and returns the notifications it produces (at most
    /// three: a flapping record, a settled or transition notification).
    ///
    /// - Parameter series: the series text for notifications, only evaluated when one is produced.
    public mutating func observe(
        _ sample: Double?, at now: Double, rule: AlertRule, series: @autoclosure () -> String
    ) -> [AlertNotification] {
        var value: Double?
        if let sample, sample.isFinite {
            lastSeenAt = now
            value = aggregate(sample, at: now, window: rule.window)
            lastValue = value
        }
        var transition: AlertNotification.Kind?
        var resolvedStart: Double?
        var active: Bool?
        if let value {
            active = phase == .firing ? rule.stillActive(value) : rule.breaches(value)
        }
        switch (phase, active) {
        case (.inactive, true?):
            startedAt = now
            lastActiveAt = now
            phase = .pending
            if rule.forDuration <= 0 {
                phase = .firing
                transition = .firing
            }
        case (.inactive, _):
            break
        case (.pending, true?):
            lastActiveAt = now
            if now - (startedAt ?? now) >= rule.forDuration {
                phase = .firing
                transition = .firing
            }
        case (.pending, false?):
            reset()
        case (.pending, nil):
            if isStale(now, rule) { reset() }
        case (.firing, true?):
            lastActiveAt = now
        case (.firing, false?):
            if now - (lastActiveAt ?? now) >= rule.keepFiringFor {
                resolvedStart = startedAt
                reset()
                transition = .resolved
            }
        case (.firing, nil):
            if isStale(now, rule), now - (lastActiveAt ?? now) >= rule.keepFiringFor {
                resolvedStart = startedAt
                reset()
                transition = .resolved
            }
        }

        var notes: [AlertNotification] = []
        func note(_ kind: AlertNotification.Kind, started: Double? = nil, resolved: Double? = nil) {
            notes.append(
                AlertNotification(
                    kind: kind, rule: rule.name, series: series(), value: value, threshold: rule.threshold,
                    comparison: rule.comparison, severity: rule.severity, state: phase,
                    startedAt: started ?? startedAt, resolvedAt: resolved, at: now, summary: rule.summary))
        }
        if let active, flap.record(active) {
            note(flap.isFlapping ? .flappingStarted : .flappingStopped)
            if !flap.isFlapping, transition == nil {
                // Settled: bring receivers up to date once.
                if phase == .firing, !notifiedFiring {
                    notifiedFiring = true
                    lastNotifiedAt = now
                    note(.firing)
                } else if phase != .firing, notifiedFiring {
                    notifiedFiring = false
                    note(.resolved, started: nil, resolved: now)
                }
            }
        }
        guard !flap.isFlapping else { return notes }
        switch transition {
        case .firing?:
            notifiedFiring = true
            lastNotifiedAt = now
            note(.firing)
        case .resolved?:
            if notifiedFiring {
                notifiedFiring = false
                note(.resolved, started: resolvedStart, resolved: now)
            }
        default:
            if phase == .firing, notifiedFiring, let repeatInterval = rule.repeatInterval,
                now - (lastNotifiedAt ?? now) >= repeatInterval
            {
                lastNotifiedAt = now
                note(.repeated)
            }
        }
        return notes
    }

    private func isStale(_ now: Double, _ rule: AlertRule) -> Bool {
        now - (lastSeenAt ?? now) >= rule.staleAfter
    }

    private mutating func reset() {
        phase = .inactive
        startedAt = nil
        lastActiveAt = nil
    }

    /// The sample itself without a window; else the window's aggregate including it.
    private mutating func aggregate(_ sample: Double, at now: Double, window: AlertWindow?) -> Double {
        guard let window else { return sample }
        windowTimes.append(now)
        windowValues.append(sample)
        let expired = windowTimes.prefix { $0 <= now - window.seconds }.count
        if expired > 0 {
            windowTimes.removeFirst(expired)
            windowValues.removeFirst(expired)
        }
        switch window.aggregation {
        case .avg: return windowValues.reduce(0, +) / Double(windowValues.count)
        case .min: return windowValues.min() ?? sample
        case .max: return windowValues.max() ?? sample
        }
    }

    /// Whether the state holds nothing worth keeping: inactive, receivers told nothing firing, not
    /// flapping. Such states may be dropped and recreated.
    public var isIdle: Bool { phase == .inactive && !notifiedFiring && !flap.isFlapping }
}
