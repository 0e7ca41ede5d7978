import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore

/// `homeostat anomalies`: what the running agent's anomaly columns flag, the incidents they form, and
/// feedback on a detection.
struct AnomaliesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomalies",
        abstract: "Series the running agent flags as anomalous, and the incidents they form.",
        discussion: """
            The agent keeps one anomaly column per series (scores 0–1; 0.5 or more is flagged) and groups \
            flags close in time (within 30 s of the last one) into incidents, contributing series ranked \
            by peak score. Needs a running agent (`homeostat run`).

            Examples:
              homeostat anomalies                       # series flagged in the latest cycle
              homeostat anomalies --incidents           # the open incident and recent closed ones
              homeostat anomalies feedback 'system.disk.utilization{system.device="sda"}' --false-positive
            """,
        subcommands: [AnomaliesListCommand.self, AnomaliesFeedbackCommand.self, AnomaliesReplayCommand.self],
        defaultSubcommand: AnomaliesListCommand.self)
}

/// `homeostat anomalies [list] [--incidents] [--limit N] [--json]`.
struct AnomaliesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print the flagged series (GET /api/v1/anomalies) or the incidents (GET /api/v1/incidents).")

    @Flag(help: "Print incidents instead of the currently flagged series.")
    var incidents = false

    @Option(help: ArgumentHelp("Incidents to print at most, the open one included (1–100).", valueName: "n"))
    var limit = 20

    @Flag(help: "Print the agent's JSON answer as it is.")
    var json = false

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be from 1 to 100, got \(limit)") }
    }

    func run() async throws {
        let address = try runningAgent(options: options, agent: agent)
        let path = incidents ? "/api/v1/incidents?limit=\(limit)" : "/api/v1/anomalies"
        let body = try LocalHTTPClient.getOK(address, path: path, timeout: 10)
        if json {
            print(String(decoding: body, as: UTF8.self))
            return
        }
        let decoder = JSONDecoder()
        if incidents {
            print(Self.text(try decoder.decode(IncidentsReport.self, from: body), origin: "agent at \(address)"))
        } else {
            print(Self.text(try decoder.decode(AnomaliesReport.self, from: body), origin: "agent at \(address)"))
        }
    }

    static func text(_ report: AnomaliesReport, origin: String) -> String {
        let cost = String(format: "%.0f µs CPU on %d shards", report.cycleCPUSeconds * 1e6, report.shards)
        var lines = [
            "\(report.series.count) series flagged (score ≥ \(number(report.threshold))) of \(report.columns) watched"
                + " · last cycle \(cost)"
                + (report.openIncident.map { " · incident #\($0) open" } ?? "") + " · from \(origin)"
        ]
        guard !report.series.isEmpty else { return lines.joined(separator: "\n") }
        lines.append(row("SCORE", "STRONGEST", "VALUE", "SENS", "SERIES"))
        for series in report.series {
            lines.append(
                row(
                    String(format: "%.3f", series.score), series.strongest ?? "-", number(series.value),
                    String(format: "%.2f", series.sensitivity), series.series))
        }
        return lines.joined(separator: "\n")
    }

    static func text(_ report: IncidentsReport, origin: String) -> String {
        var lines = ["\(report.incidents.count) incidents (window \(number(report.windowSeconds)) s) · from \(origin)"]
        for incident in report.incidents {
            let state = incident.state == "open" ? "open  " : "closed"
            lines.append(
                "#\(incident.id)  \(state)  \(time(incident.start)) – \(time(incident.end))  "
                    + "\(number(incident.durationSeconds)) s  \(incident.series.count) series  "
                    + (incident.notified == true ? "NOTIFIED" : incident.verdict ?? "not judged"))
            for series in incident.series {
                lines.append(
                    "    "
                        + row(
                            String(format: "%.3f", series.peakScore), series.strongest ?? "-",
                            "\(number(series.peakValue)) at \(time(series.peakTime))", "\(series.flaggedSamples)×",
                            series.series, valueWidth: 36))
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func row(
        _ a: String, _ b: String, _ c: String, _ d: String, _ e: String, valueWidth: Int = 24
    ) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        return pad(a, 7) + pad(b, 11) + pad(c, valueWidth) + pad(d, 6) + e
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
    }

    private static func time(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}

/// `homeostat anomalies feedback SERIES --false-positive|--true-positive`.
struct AnomaliesFeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Tell the agent a series' last detection was wrong (or right); adjusts that column's sensitivity.",
        discussion: """
            POSTs to /api/v1/anomalies/feedback with the bearer token from the data directory's `token` \
            file. --false-positive lowers the column's sensitivity by 15 % (not below 0.5), \
            --true-positive raises it by 5 % (not above 2).
            """)

    enum Verdict: String, EnumerableFlag {
        case falsePositive, truePositive
    }

    @Argument(
        help: ArgumentHelp("The series as selector text, as `homeostat anomalies` prints it.", valueName: "series"))
    var series: String

    @Flag(help: "The verdict on the series' last detection.")
    var verdict: Verdict

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    func run() async throws {
        let config = try options.load()
        let directory = options.dataDirectory(config)
        let address = try runningAgent(options: options, agent: agent)
        let tokenPath = directory.path + "/token"
        guard let token = try? String(contentsOfFile: tokenPath, encoding: .utf8) else {
            throw CommandFailure("cannot read the agent's token at \(tokenPath); use --data-dir of the running agent")
        }
        let request = AnomalyFeedbackRequest(
            series: series, verdict: verdict == .falsePositive ? .falsePositive : .truePositive)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let (status, body) = try LocalHTTPClient.post(
            address, path: "/api/v1/anomalies/feedback", json: try encoder.encode(request),
            bearer: token.trimmingCharacters(in: .whitespacesAndNewlines), timeout: 10)
        let text = String(decoding: body, as: UTF8.self)
        guard status == 200 else { throw CommandFailure("agent at \(address) answered \(status): \(text)") }
        print(text)
    }
}

/// The address of the running agent, or a failure telling how to start one.
private func runningAgent(options: ConfigOptions, agent: AgentAddressOptions) throws -> ListenAddress {
    let config = try options.load()
    let directory = options.dataDirectory(config)
    guard let address = AgentLocator.answering(config: config, dataDirectory: directory, listen: agent.listen) else {
        throw CommandFailure("no agent answered; start one with `homeostat run` (anomalies live in the agent)")
    }
    return address
}
