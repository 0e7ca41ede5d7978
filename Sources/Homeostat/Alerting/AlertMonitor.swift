import Foundation
import HomeostatCore
import HomeostatStore
import Logging
import Synchronization

/// The engine's alerting: evaluates the rules on every collection snapshot (``observe(_:)``, called by
/// the collector), keeps the active alerts, and hands notifications and state to the
/// ``AlertDispatcher`` service, which runs the actions and writes history and state off the
/// collection loop.
///
/// **Rules** come from three places: the seed's defaults (``DefaultAlertRules``, unless
/// `alerts.default_rules: false`), the configuration file (`alerts.rules`), and the API or library
/// (``addRule(_:body:)``, ``HomeostatEngine/setPerformanceAlert(metric:threshold:action:comparison:for:)``). Only the
/// last kind can be removed at run time; it persists in `alerts.sqlite` when there is a store.
///
/// **Persistence.** Non-idle states are saved after every cycle that notified, and every 30 s of
/// snapshot time otherwise; at start the saved states are restored, so an alert that was firing keeps
/// firing and is not announced again (its receivers already know).
///
/// **Cost.** ``observe(_:)`` runs the ``AlertEvaluator`` under a mutex: about 2 ms of CPU for 10,000 series
/// (BENCHMARKS.md, "alert evaluation"); sending work to the dispatcher never waits.
public final class AlertMonitor: Sendable {
    /// Which metric names rules may select.
    public let catalog: AlertMetricCatalog
    /// Runs actions and persistence; add it to the `ServiceGroup` (``HomeostatEngine/services`` does).
    public let dispatcher: AlertDispatcher
    private let store: AlertStore?
    private let logger: Logger
    private let state: Mutex<State>

    private struct State: Sendable {
        var evaluator: AlertEvaluator
        /// Names of rules that came from the API or library (removable).
        var dynamicRules: Set<String> = []
        var external: [String: AlertSeriesState] = [:]
        var lastSave = -Double.infinity
    }

    /// Seconds of snapshot time between saves of alert state when nothing notified.
    public static let saveInterval = 30.0

    /// - Parameters:
    ///   - rules: the default and configured rules (checked by the caller; see ``AlertMetricCatalog``).
    ///   - store: where state, history and API rules persist; nil keeps history in memory only.
    ///   - now: Unix seconds, the restored states' last sighting.
    public init(
        rules: [AlertRule], catalog: AlertMetricCatalog, store: AlertStore?, logger: Logger,
        now: Double = Date().timeIntervalSince1970
    ) {
        self.catalog = catalog
        self.store = store
        self.logger = logger
        dispatcher = AlertDispatcher(store: store, logger: logger)
        var unique: [AlertRule] = []
        for rule in rules where !unique.contains(where: { $0.name == rule.name }) { unique.append(rule) }
        var evaluator: AlertEvaluator
        do {
            evaluator = try AlertEvaluator(rules: unique)
        } catch {
            preconditionFailure("rule names were made unique above: \(error)")
        }
        var dynamic: Set<String> = []
        var external: [String: AlertSeriesState] = [:]
        if let store {
            do {
                for saved in try store.savedRules() {
                    do {
                        let rule = try Self.parseRule(json: Data(saved.body.utf8), catalog: catalog, fromAPI: false)
                        if evaluator.rules.contains(where: { $0.name == rule.name }) { continue }
                        evaluator.upsert(rule)
                        dynamic.insert(rule.name)
                    } catch {
                        logger.error(
                            "a saved alert rule is no longer valid; ignored",
                            metadata: ["rule": "\(saved.name)", "error": "\(error)"])
                    }
                }
                let saved = try store.loadStates()
                evaluator.restore(saved.filter { !$0.rule.hasPrefix(Self.externalPrefix) }, now: now)
                for item in saved where item.rule.hasPrefix(Self.externalPrefix) {
                    external[
                        Self.externalKey(String(item.rule.dropFirst(Self.externalPrefix.count)), item.series.name)] =
                        item.state
                }
            } catch {
                logger.error("cannot read saved alert state", metadata: ["path": "\(store.path)", "error": "\(error)"])
            }
        }
        state = Mutex(State(evaluator: evaluator, dynamicRules: dynamic, external: external))
    }

    /// Evaluates every rule on `snapshot` and queues the resulting notifications; called by the
    /// collector once per cycle.
    ///
    /// - Complexity: see ``AlertEvaluator/evaluate(_:at:)``.
    public func observe(_ snapshot: Snapshot) {
        let now = snapshot.timestamp
        let (work, states) = state.withLock { state -> ([AlertDispatcher.Delivery], [AlertStateRecord]?) in
            let notes = state.evaluator.evaluate(snapshot.samples, at: now)
            let work = notes.map { note in
                AlertDispatcher.Delivery(
                    notification: note, actions: state.evaluator.rules.first { $0.name == note.rule }?.actions ?? [])
            }
            guard store != nil, !notes.isEmpty || now - state.lastSave >= Self.saveInterval else { return (work, nil) }
            state.lastSave = now
            return (work, Self.records(state))
        }
        if !work.isEmpty { dispatcher.enqueue(.deliver(work)) }
        if let states { dispatcher.enqueue(.saveStates(states)) }
    }

    /// Routes an event from elsewhere (an anomaly incident) through deduplication, flap suppression,
    /// history and actions; see ``ExternalAlert``.
    ///
    /// - Parameter now: Unix seconds of the event (default: the current time).
    /// - Returns: the notifications it produced (empty when deduplicated or suppressed).
    /// - Throws: ``AlertRuleError`` when `source` is not a valid rule name or an action is invalid.
    @discardableResult
    public func notify(_ alert: ExternalAlert, now: Double = Date().timeIntervalSince1970) throws(AlertRuleError)
        -> [AlertNotification]
    {
        let rule = try alert.rule()
        let key = Self.externalKey(alert.source, alert.key)
        let (produced, records) = state.withLock { state -> ([AlertNotification], [AlertStateRecord]?) in
            let notes = state.external[key, default: AlertSeriesState()]
                .observe(alert.active ? 1 : 0, at: now, rule: rule, series: alert.key)
            if state.external.count > Self.externalLimit {
                state.external = state.external.filter { !$0.value.isIdle }
            }
            guard store != nil, !notes.isEmpty else { return (notes, nil) }
            return (notes, Self.records(state))
        }
        var notes = produced
        for index in notes.indices {
            notes[index].value = alert.value
            notes[index].threshold = alert.threshold
        }
        if !notes.isEmpty {
            dispatcher.enqueue(
                .deliver(notes.map { AlertDispatcher.Delivery(notification: $0, actions: rule.actions) }))
        }
        if let records { dispatcher.enqueue(.saveStates(records)) }
        return notes
    }

    /// Rule names of external alerts' saved states start with this (`external:anomaly_incident`).
    static let externalPrefix = "external:"
    /// External identities kept before idle ones are forgotten.
    static let externalLimit = 10_000

    private static func externalKey(_ source: String, _ key: String) -> String { "\(source)\u{0}\(key)" }

    /// Every non-idle state, rule alerts and external ones, for saving.
    private static func records(_ state: State) -> [AlertStateRecord] {
        var records = state.evaluator.persistentStates.map(AlertStateRecord.init)
        for (key, value) in state.external where !value.isIdle {
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            records.append(AlertStateRecord((externalPrefix + parts[0], SeriesKey(parts[1]), value)))
        }
        return records
    }

    /// Every pending or firing alert of the rules, by rule then series.
    public var activeAlerts: [ActiveAlert] { state.withLock { $0.evaluator.activeAlerts } }

    /// The rules in evaluation order, each with whether it can be removed (added through the API or library).
    public var rules: [(rule: AlertRule, removable: Bool)] {
        state.withLock { state in state.evaluator.rules.map { ($0, state.dynamicRules.contains($0.name)) } }
    }

    /// The newest `limit` history entries (notifications and action outcomes), oldest first.
    public func history(limit: Int = 100, rule: String? = nil) throws(StoreError) -> [AlertStore.HistoryEntry] {
        try dispatcher.history(limit: limit, rule: rule)
    }

    /// Adds or replaces a run-time rule. `body` is its JSON, saved to restore it after a restart.
    ///
    /// - Throws: ``AlertRuleError`` when the metric is unknown, or the name belongs to a default or
    ///   configured rule (those change in the configuration file).
    public func addRule(_ rule: AlertRule, body: String? = nil) throws(AlertRuleError) {
        if let error = catalog.check(rule) { throw error }
        try state.withLock { state throws(AlertRuleError) in
            if state.evaluator.rules.contains(where: { $0.name == rule.name }), !state.dynamicRules.contains(rule.name)
            {
                throw AlertRuleError(
                    rule: rule.name, field: "name",
                    expected:
                        "a name not used by a default or configured rule (change those in the configuration file)",
                    got: "\"\(rule.name)\"")
            }
            state.evaluator.upsert(rule)
            state.dynamicRules.insert(rule.name)
        }
        if let body { dispatcher.enqueue(.saveRule(name: rule.name, body: body)) }
    }

    /// What ``removeRule(named:)`` found.
    public enum Removal: Sendable, Equatable {
        case removed, notFound, notRemovable
    }

    /// Removes a run-time rule; default and configured rules are `notRemovable`.
    @discardableResult
    public func removeRule(named name: String) -> Removal {
        let result = state.withLock { state -> Removal in
            guard state.evaluator.rules.contains(where: { $0.name == name }) else { return .notFound }
            guard state.dynamicRules.contains(name) else { return .notRemovable }
            state.evaluator.remove(named: name)
            state.dynamicRules.remove(name)
            return .removed
        }
        if result == .removed { dispatcher.enqueue(.deleteRule(name: name)) }
        return result
    }

    /// Registers the optimization engine's handler for `optimize_automatically` actions. It receives the
    /// notification and returns what it did (recorded in the history). Without one, the action records
    /// "no optimizer registered".
    public func registerOptimizer(_ handler: @escaping AlertOptimizerHandler) {
        dispatcher.registerOptimizer(handler)
    }

    /// Parses a rule from the JSON of `POST /api/v1/alerts/rules` (the same keys as a rule in
    /// `homeostat.yaml`) and checks its metric.
    ///
    /// - Parameter fromAPI: refuse `command` actions (they may only come from the configuration file).
    /// - Throws: ``AlertRuleRequestError`` naming every problem.
    public static func parseRule(json: Data, catalog: AlertMetricCatalog, fromAPI: Bool) throws(AlertRuleRequestError)
        -> AlertRule
    {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            throw AlertRuleRequestError(
                kind: .invalid, issues: ["request body: expected a JSON object, got invalid JSON"])
        }
        var issues: [ConfigIssue] = []
        guard
            let rule = AlertRuleParser.parse(
                AlertRuleInput(json: object), keyPath: "rule", source: "request body", issues: &issues)
        else {
            throw AlertRuleRequestError(kind: .invalid, issues: issues.map(\.description))
        }
        if fromAPI, rule.hasCommand {
            throw AlertRuleRequestError(
                kind: .forbidden,
                issues: ["request body: rule.actions: command actions can only be set in the configuration file"])
        }
        if let error = catalog.check(rule) {
            throw AlertRuleRequestError(
                kind: .invalid, issues: ["request body: rule.metric: expected \(error.expected), got \(error.got)"])
        }
        return rule
    }
}
