import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore
import HomeostatStore

/// `homeostat alerts`: the running agent's alerts, their history and rules, and run-time rules.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "The running agent's pending and firing alerts, their history and rules.",
        discussion: """
            Rules come from the seed's defaults (monitoring.alert_thresholds, unless alerts.default_rules is \
            false), from alerts.rules in the configuration file, and from `homeostat alerts set` (kept in \
            alerts.sqlite in the data directory). Needs a running agent (`homeostat run`).

            Examples:
              homeostat alerts                           # pending and firing alerts
              homeostat alerts history --limit 20
              homeostat alerts rules
              homeostat alerts set disk_full --metric 'system.filesystem.utilization' --threshold 0.95 --for 10m \\
                  --webhook http://127.0.0.1:9000/hook
              homeostat alerts delete disk_full
            """,
        subcommands: [
            AlertsListCommand.self, AlertsHistoryCommand.self, AlertsRulesCommand.self, AlertsSetCommand.self,
            AlertsDeleteCommand.self,
        ],
        defaultSubcommand: AlertsListCommand.self)
}

/// `homeostat alerts [list] [--json]`.
struct AlertsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the pending and firing alerts (GET /api/v1/alerts).")

    @Flag(help: "Print the agent's JSON answer as it is.") var json = false
    @OptionGroup var options: ConfigOptions
    @OptionGroup var agent: AgentAddressOptions

    func run() async throws {
        let address = try alertsAgent(options: options, agent: agent)
        let body = try LocalHTTPClient.getOK(address, path: "/api/v1/alerts", timeout: 10)
        if json { return print(String(decoding: body, as: UTF8.self)) }
        print(Self.text(try JSONDecoder().decode(AlertsReport.self, from: body), origin: "agent at \(address)"))
    }

    static func text(_ report: AlertsReport, origin: String) -> String {
        let firing = report.alerts.filter { $0.state == "firing" }.count
        var lines = ["\(firing) firing, \(report.alerts.count - firing) pending · from \(origin)"]
        for alert in report.alerts {
            let flags = (alert.flapping ? " flapping" : "") + (alert.notified ? "" : " (not notified)")
            lines.append(
                "\(alert.state.padding(toLength: 8, withPad: " ", startingAt: 0)) \(alert.severity) \(alert.rule): "
                    + "\(alert.series) = \(alert.value.map { format($0) } ?? "no data") "
                    + "\(alert.comparison) \(format(alert.threshold))"
                    + (alert.startedAt.map { " since \(timeText($0))" } ?? "") + flags)
        }
        return lines.joined(separator: "\n")
    }
}

/// `homeostat alerts history [--limit N] [--rule NAME] [--json]`.
struct AlertsHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Print notifications and action outcomes (GET /api/v1/alerts/history).")

    @Option(help: ArgumentHelp("Entries to print at most (1–10000).", valueName: "n")) var limit = 50
    @Option(help: ArgumentHelp("Only this rule's entries.", valueName: "name")) var rule: String?
    @Flag(help: "Print the agent's JSON answer as it is.") var json = false
    @OptionGroup var options: ConfigOptions
    @OptionGroup var agent: AgentAddressOptions

    func validate() throws {
        guard (1...10_000).contains(limit) else {
            throw ValidationError("--limit must be from 1 to 10000, got \(limit)")
        }
    }

    func run() async throws {
        let address = try alertsAgent(options: options, agent: agent)
        var query = [("limit", String(limit))]
        if let rule { query.append(("rule", rule)) }
        let body = try LocalHTTPClient.getOK(
            address, path: LocalHTTPClient.path("/api/v1/alerts/history", query: query), timeout: 10)
        if json { return print(String(decoding: body, as: UTF8.self)) }
        let report = try JSONDecoder().decode(AlertHistoryReport.self, from: body)
        var lines = ["\(report.history.count) entries · from agent at \(address)"]
        for entry in report.history {
            let note = entry.notification
            var line = "\(timeText(note.at)) \(note.kind.rawValue) \(note.rule): \(note.series)"
            if let action = entry.action {
                line = "\(timeText(note.at))   \(action) → \(entry.outcome ?? "")"
            } else if let value = note.value {
                line += " = \(format(value)) \(note.comparison.rawValue) \(format(note.threshold))"
            }
            lines.append(line)
        }
        print(lines.joined(separator: "\n"))
    }
}

/// `homeostat alerts rules [--json]`.
struct AlertsRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Print every alert rule (GET /api/v1/alerts/rules).")

    @Flag(help: "Print the agent's JSON answer as it is.") var json = false
    @OptionGroup var options: ConfigOptions
    @OptionGroup var agent: AgentAddressOptions

    func run() async throws {
        let address = try alertsAgent(options: options, agent: agent)
        let body = try LocalHTTPClient.getOK(address, path: "/api/v1/alerts/rules", timeout: 10)
        if json { return print(String(decoding: body, as: UTF8.self)) }
        let report = try JSONDecoder().decode(AlertRulesReport.self, from: body)
        var lines = ["\(report.rules.count) rules · from agent at \(address)"]
        for rule in report.rules {
            lines.append(
                "\(rule.name)\(rule.removable == true ? " (run-time)" : ""): \(rule.metric) \(rule.condition) "
                    + "\(format(rule.threshold)) (clears at \(format(rule.clearThreshold))) for \(format(rule.forSeconds)) s"
                    + ", \(rule.severity), " + rule.actions.map(\.text).joined(separator: ", "))
        }
        print(lines.joined(separator: "\n"))
    }
}

/// `homeostat alerts set NAME --metric SELECTOR --threshold X …`.
struct AlertsSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Add or replace a run-time alert rule (POST /api/v1/alerts/rules, bearer token).",
        discussion: "Command actions cannot be set this way; put them in the configuration file.")

    @Argument(help: ArgumentHelp("The rule's name ([A-Za-z0-9_.-]).", valueName: "name")) var name: String
    @Option(
        help: ArgumentHelp("Series selector, like 'system.memory.utilization{state=\"used\"}'.", valueName: "selector"))
    var metric: String
    @Option(help: ArgumentHelp("Threshold in the metric's unit.", valueName: "number")) var threshold: Double
    @Option(help: ArgumentHelp("One of >, >=, <, <=.", valueName: "op")) var condition = ">"
    @Option(help: ArgumentHelp("Clear threshold (hysteresis).", valueName: "number")) var clear: Double?
    @Option(name: .customLong("for"), help: ArgumentHelp("How long it must hold, like 5m.", valueName: "duration"))
    var forDuration: String?
    @Option(help: ArgumentHelp("How long it keeps firing after clearing.", valueName: "duration"))
    var keepFiringFor: String?
    @Option(help: ArgumentHelp("info, warning or critical.", valueName: "level")) var severity = "warning"
    @Option(help: ArgumentHelp("POST notifications to this URL (repeatable).", valueName: "url")) var webhook:
        [String] = []
    @Flag(help: "Hand firing alerts to the optimization engine.") var optimize = false
    @OptionGroup var options: ConfigOptions
    @OptionGroup var agent: AgentAddressOptions

    func run() async throws {
        var rule: [String: Any] = [
            "name": name, "metric": metric, "threshold": threshold, "condition": condition, "severity": severity,
        ]
        if let clear { rule["clear_threshold"] = clear }
        if let forDuration { rule["for"] = forDuration }
        if let keepFiringFor { rule["keep_firing_for"] = keepFiringFor }
        var actions: [Any] = ["log"]
        actions += webhook.map { ["webhook": $0] as [String: Any] }
        if optimize { actions.append("optimize_automatically") }
        rule["actions"] = actions
        let body = try JSONSerialization.data(withJSONObject: rule, options: [.sortedKeys])
        let (address, token) = try tokenAndAgent(options: options, agent: agent)
        let (status, answer) = try LocalHTTPClient.post(
            address, path: "/api/v1/alerts/rules", json: body, bearer: token, timeout: 10)
        let text = String(decoding: answer, as: UTF8.self)
        guard status == 201 else { throw CommandFailure("agent at \(address) answered \(status): \(text)") }
        print(text)
    }
}

/// `homeostat alerts delete NAME`.
struct AlertsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a run-time alert rule (DELETE /api/v1/alerts/rules/NAME, bearer token).")

    @Argument(help: ArgumentHelp("The rule's name.", valueName: "name")) var name: String
    @OptionGroup var options: ConfigOptions
    @OptionGroup var agent: AgentAddressOptions

    func run() async throws {
        let (address, token) = try tokenAndAgent(options: options, agent: agent)
        let (status, answer) = try LocalHTTPClient.delete(
            address, path: "/api/v1/alerts/rules/" + LocalHTTPClient.percentEncoded(name), bearer: token, timeout: 10)
        let text = String(decoding: answer, as: UTF8.self)
        guard status == 200 else { throw CommandFailure("agent at \(address) answered \(status): \(text)") }
        print(text)
    }
}

private func alertsAgent(options: ConfigOptions, agent: AgentAddressOptions) throws -> ListenAddress {
    let config = try options.load()
    let directory = options.dataDirectory(config)
    guard let address = AgentLocator.answering(config: config, dataDirectory: directory, listen: agent.listen) else {
        throw CommandFailure("no agent answered; start one with `homeostat run` (alerts live in the agent)")
    }
    return address
}

private func tokenAndAgent(options: ConfigOptions, agent: AgentAddressOptions) throws -> (ListenAddress, String) {
    let address = try alertsAgent(options: options, agent: agent)
    let tokenPath = options.dataDirectory(try options.load()).path + "/token"
    guard let token = try? String(contentsOfFile: tokenPath, encoding: .utf8) else {
        throw CommandFailure("cannot read the agent's token at \(tokenPath); use --data-dir of the running agent")
    }
    return (address, token.trimmingCharacters(in: .whitespacesAndNewlines))
}

private func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
}

private func timeText(_ seconds: Double) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
}
