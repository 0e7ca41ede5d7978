/// Evaluates a set of ``AlertRule``s against every collection cycle's samples, keeping one
/// ``AlertSeriesState`` per (rule, series).
///
/// **Cost.** Which rules select a series is decided once, the first time the series is seen, and cached
/// by series key (a precomputed hash); a cycle then costs one dictionary lookup per sample plus one state
/// step per (rule, selected series), and one pass over the series with state to notice missing samples.
/// BENCHMARKS.md ("alert evaluation") measures 10,000 series per cycle.
///
/// **Series that disappear** keep their state until it resolves (``AlertRule/staleAfter``); a series
/// whose states are all idle and that has not been seen for `forgetAfter` seconds (default 600) is
/// forgotten (checked in the same pass), so churning labels do not grow memory without bound.
///
/// **Deduplication.** An alert's identity is (rule name, series): one state, so one `firing` and one
/// `resolved` notification per episode however many cycles it spans.
public struct AlertEvaluator: Sendable {
    /// The rules, in order; names are unique.
    public private(set) var rules: [AlertRule] {
        didSet { selectors = rules.map { CompiledSelector($0.selector) } }
    }
    /// `rules`' selectors, cheap matchers first.
    private var selectors: [CompiledSelector]
    /// Seconds an unseen series with only idle states is kept. Default 600.
    public var forgetAfter: Double = 600

    private struct Entry {
        /// Indices into `rules` of the rules that select this series.
        var rules: [Int]
        var states: [AlertSeriesState]
        var seenInCycle: UInt64
        var lastSeenAt: Double
    }

    private var entries: [SeriesKey: Entry] = [:]
    private var cycle: UInt64 = 0

    /// - Throws: ``AlertRuleError`` when two rules share a name.
    public init(rules: [AlertRule]) throws(AlertRuleError) {
        try Self.checkUnique(rules)
        self.rules = rules
        selectors = rules.map { CompiledSelector($0.selector) }
    }

    /// Evaluates one cycle: every sample at time `now` (Unix seconds), then every series with state that
    /// had no sample. Returns the notifications in series order within each rule.
    ///
    /// - Complexity: O(n + s) for n samples and s series with state, plus O(r) per series seen the first
    ///   time for r rules.
    public mutating func evaluate(_ samples: [Sample], at now: Double) -> [AlertNotification] {
        cycle &+= 1
        var notes: [AlertNotification] = []
        guard !rules.isEmpty else { return notes }
        for sample in samples {
            var index = entries.index(forKey: sample.series)
            if index == nil {
                let matching = selectors.indices.filter { selectors[$0].matches(sample.series) }
                entries[sample.series] = Entry(
                    rules: matching, states: Array(repeating: AlertSeriesState(), count: matching.count),
                    seenInCycle: 0, lastSeenAt: now)
                index = entries.index(forKey: sample.series)
            }
            guard let index else { continue }
            entries.values[index].seenInCycle = cycle
            entries.values[index].lastSeenAt = now
            guard !entries.values[index].rules.isEmpty else { continue }
            step(at: index, value: sample.value, now: now, into: &notes)
        }
        var forgotten: [SeriesKey] = []
        var index = entries.startIndex
        while index != entries.endIndex {
            if entries.values[index].seenInCycle != cycle {
                if !entries.values[index].rules.isEmpty {
                    step(at: index, value: nil, now: now, into: &notes)
                }
                if now - entries.values[index].lastSeenAt >= forgetAfter,
                    entries.values[index].states.allSatisfy(\.isIdle)
                {
                    forgotten.append(entries.keys[index])
                }
            }
            index = entries.index(after: index)
        }
        for key in forgotten { entries[key] = nil }
        return notes
    }

    private mutating func step(
        at index: Dictionary<SeriesKey, Entry>.Index, value: Double?, now: Double,
        into notes: inout [AlertNotification]
    ) {
        let key = entries.keys[index]
        for slot in entries.values[index].rules.indices {
            let rule = rules[entries.values[index].rules[slot]]
            let produced = entries.values[index].states[slot].observe(
                value, at: now, rule: rule, series: key.description)
            if !produced.isEmpty { notes += produced }
        }
    }

    /// Series the evaluator remembers (selected by a rule or not), for tests and statistics.
    public var trackedSeriesCount: Int { entries.count }

    /// Every (rule, series) that is pending or firing, ordered by rule then series.
    ///
    /// - Complexity: O(s log s) for s series with state.
    public var activeAlerts: [ActiveAlert] {
        var result: [ActiveAlert] = []
        for (key, entry) in entries {
            for (slot, ruleIndex) in entry.rules.enumerated() where entry.states[slot].phase != .inactive {
                result.append(ActiveAlert(rule: rules[ruleIndex], series: key, state: entry.states[slot]))
            }
        }
        return result.sorted { ($0.rule.name, $0.series) < ($1.rule.name, $1.series) }
    }

    /// Every state that is not idle, for persisting: (rule name, series, state).
    public var persistentStates: [(rule: String, series: SeriesKey, state: AlertSeriesState)] {
        var result: [(String, SeriesKey, AlertSeriesState)] = []
        for (key, entry) in entries {
            for (slot, ruleIndex) in entry.rules.enumerated() where !entry.states[slot].isIdle {
                result.append((rules[ruleIndex].name, key, entry.states[slot]))
            }
        }
        return result
    }

    /// Puts back states saved by ``persistentStates`` (after a restart): a firing alert keeps firing and
    /// is not notified again. States of rules that no longer exist or no longer select the series are
    /// ignored. `now` counts as the series' last sighting, so it goes stale only `stale_after` from now.
    public mutating func restore(_ saved: [(rule: String, series: SeriesKey, state: AlertSeriesState)], now: Double) {
        for (ruleName, key, state) in saved {
            if entries[key] == nil {
                let matching = selectors.indices.filter { selectors[$0].matches(key) }
                entries[key] = Entry(
                    rules: matching, states: Array(repeating: AlertSeriesState(), count: matching.count),
                    seenInCycle: 0, lastSeenAt: now)
            }
            guard let ruleIndex = rules.firstIndex(where: { $0.name == ruleName }),
                let slot = entries[key]?.rules.firstIndex(of: ruleIndex)
            else { continue }
            entries[key]?.states[slot] = state
        }
    }

    /// Adds a rule or replaces the rule of the same name. A replaced rule keeps its alerts' states (as
    /// Prometheus keeps alerts across a rule reload), so a firing alert is not announced again and
    /// resolves by the new rule's condition.
    ///
    /// - Complexity: O(s · r) for s known series and r rules.
    public mutating func upsert(_ rule: AlertRule) {
        var next = rules
        if let index = next.firstIndex(where: { $0.name == rule.name }) {
            next[index] = rule
        } else {
            next.append(rule)
        }
        replaceRules(next, keepingStatesOf: Set(next.map(\.name)))
    }

    /// Removes the rule named `name`; returns whether there was one.
    @discardableResult
    public mutating func remove(named name: String) -> Bool {
        guard rules.contains(where: { $0.name == name }) else { return false }
        let next = rules.filter { $0.name != name }
        replaceRules(next, keepingStatesOf: Set(next.map(\.name)))
        return true
    }

    private mutating func replaceRules(_ next: [AlertRule], keepingStatesOf kept: Set<String>) {
        let old = rules
        rules = next
        for index in entries.indices {
            let key = entries.keys[index]
            var previous: [String: AlertSeriesState] = [:]
            for (slot, ruleIndex) in entries.values[index].rules.enumerated() where kept.contains(old[ruleIndex].name) {
                previous[old[ruleIndex].name] = entries.values[index].states[slot]
            }
            let matching = selectors.indices.filter { selectors[$0].matches(key) }
            entries.values[index].rules = matching
            entries.values[index].states = matching.map { previous[next[$0].name] ?? AlertSeriesState() }
        }
    }

    private static func checkUnique(_ rules: [AlertRule]) throws(AlertRuleError) {
        var seen: Set<String> = []
        for rule in rules where !seen.insert(rule.name).inserted {
            throw AlertRuleError(
                rule: rule.name, field: "name", expected: "a name no other rule has", got: "a duplicate")
        }
    }
}

/// A pending or firing alert: its rule, series and state.
public struct ActiveAlert: Sendable, Hashable {
    public var rule: AlertRule
    public var series: SeriesKey
    public var state: AlertSeriesState
}
