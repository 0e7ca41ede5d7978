import Foundation
import HomeostatCore
import HomeostatStore

/// `GET /api/v1/alerts`: the pending and firing alerts.
public struct AlertsReport: Codable, Sendable, Equatable {
    public struct Alert: Codable, Sendable, Equatable {
        public var rule: String
        public var series: String
        /// `pending` or `firing`.
        public var state: String
        public var value: Double?
        public var comparison: String
        public var threshold: Double
        public var severity: String
        /// Unix seconds the condition started holding.
        public var startedAt: Double?
        /// Whether notifications are held back because it flaps.
        public var flapping: Bool
        /// Whether receivers were told it fires.
        public var notified: Bool

        public init(
            rule: String, series: String, state: String, value: Double?, comparison: String, threshold: Double,
            severity: String, startedAt: Double?, flapping: Bool, notified: Bool
        ) {
            self.rule = rule
            self.series = series
            self.state = state
            self.value = value
            self.comparison = comparison
            self.threshold = threshold
            self.severity = severity
            self.startedAt = startedAt
            self.flapping = flapping
            self.notified = notified
        }

        enum CodingKeys: String, CodingKey {
            case rule, series, state, value, comparison, threshold, severity, flapping, notified
            case startedAt = "started_at"
        }
    }
    public var alerts: [Alert]

    public init(alerts: [Alert]) { self.alerts = alerts }

    public init(monitor: AlertMonitor) {
        alerts = monitor.activeAlerts.map { active in
            Alert(
                rule: active.rule.name, series: active.series.description, state: active.state.phase.rawValue,
                value: active.state.lastValue, comparison: active.rule.comparison.rawValue,
                threshold: active.rule.threshold, severity: active.rule.severity.rawValue,
                startedAt: active.state.startedAt, flapping: active.state.flap.isFlapping,
                notified: active.state.notifiedFiring)
        }
    }
}

/// `GET /api/v1/alerts/history`: notifications and action outcomes, oldest first.
public struct AlertHistoryReport: Codable, Sendable, Equatable {
    public var history: [AlertStore.HistoryEntry]
    public init(history: [AlertStore.HistoryEntry]) { self.history = history }
}

/// `GET /api/v1/alerts/rules`: every rule as the JSON a `POST` takes, plus whether it can be deleted.
public struct AlertRulesReport: Codable, Sendable, Equatable {
    public var rules: [AlertRuleDocument]
    public init(rules: [AlertRuleDocument]) { self.rules = rules }

    public init(monitor: AlertMonitor) {
        rules = monitor.rules.map { AlertRuleDocument($0.rule, removable: $0.removable) }
    }
}

/// A rule in the keys of `homeostat.yaml` (see ``AlertRuleParser``); durations in seconds.
public struct AlertRuleDocument: Codable, Sendable, Equatable {
    public var name: String
    public var metric: String
    public var condition: String
    public var threshold: Double
    public var clearThreshold: Double
    public var forSeconds: Double
    public var keepFiringFor: Double
    public var staleAfter: Double
    public var repeatInterval: Double?
    public var severity: String
    public var window: Double?
    public var aggregation: String?
    public var summary: String?
    /// `"log"`, `"optimize_automatically"`, `{"webhook":{"url":…,"timeout":…}}`, `{"command":[…],"timeout":…}`.
    public var actions: [ActionDocument]
    /// Added through the API or library (can be deleted); nil in a request.
    public var removable: Bool?

    public enum ActionDocument: Codable, Sendable, Equatable {
        case simple(String)
        case webhook(url: String, timeout: Double)
        case command([String], timeout: Double)

        private struct Hook: Codable {
            var url: String
            var timeout: Double
        }
        private enum Keys: String, CodingKey { case webhook, command, timeout }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .simple(let name):
                var container = encoder.singleValueContainer()
                try container.encode(name)
            case .webhook(let url, let timeout):
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(Hook(url: url, timeout: timeout), forKey: .webhook)
            case .command(let arguments, let timeout):
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(arguments, forKey: .command)
                try container.encode(timeout, forKey: .timeout)
            }
        }

        public init(from decoder: any Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                self = .simple(name)
                return
            }
            let container = try decoder.container(keyedBy: Keys.self)
            if let hook = try container.decodeIfPresent(Hook.self, forKey: .webhook) {
                self = .webhook(url: hook.url, timeout: hook.timeout)
            } else {
                self = .command(
                    try container.decode([String].self, forKey: .command),
                    timeout: try container.decode(Double.self, forKey: .timeout))
            }
        }

        /// How it reads in a table: `log`, `webhook http://…`, `command /usr/bin/x`.
        public var text: String {
            switch self {
            case .simple(let name): return name
            case .webhook(let url, _): return "webhook \(url)"
            case .command(let arguments, _): return "command " + arguments.joined(separator: " ")
            }
        }
    }

    public init(_ rule: AlertRule, removable: Bool?) {
        name = rule.name
        metric = rule.selector.description
        condition = rule.comparison.rawValue
        threshold = rule.threshold
        clearThreshold = rule.clearThreshold
        forSeconds = rule.forDuration
        keepFiringFor = rule.keepFiringFor
        staleAfter = rule.staleAfter
        repeatInterval = rule.repeatInterval
        severity = rule.severity.rawValue
        window = rule.window?.seconds
        aggregation = rule.window?.aggregation.rawValue
        summary = rule.summary
        actions = rule.actions.map { action in
            switch action {
            case .log: return .simple("log")
            case .optimizeAutomatically: return .simple("optimize_automatically")
            case .webhook(let url, let timeout): return .webhook(url: url, timeout: timeout)
            case .command(let arguments, let timeout): return .command(arguments, timeout: timeout)
            }
        }
        self.removable = removable
    }

    enum CodingKeys: String, CodingKey {
        case name, metric, condition, threshold, severity, window, aggregation, summary, actions, removable
        case clearThreshold = "clear_threshold"
        case forSeconds = "for"
        case keepFiringFor = "keep_firing_for"
        case staleAfter = "stale_after"
        case repeatInterval = "repeat_interval"
    }
}
