import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore

/// `homeostat status`: the latest values, from a running agent or a one-shot sample.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the latest values from the running agent (or a 1 s sample when none runs).")

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    @Option(
        help: ArgumentHelp(
            "Only metrics whose name starts with this prefix (with --json or --all).", valueName: "prefix"))
    var name: String?

    @Flag(help: "Print the realtime report as JSON (the same document as GET /api/v1/metrics/realtime).")
    var json = false

    @Flag(help: "List every metric, one per line, instead of the summary.")
    var all = false

    func run() async throws {
        let config = try options.load()
        var feed = MetricsFeed(config: config, dataDirectory: options.dataDirectory(config), listen: agent.listen)
        if case .local = feed.origin {
            FileHandle.standardError.write(Data("homeostat: no agent answered; sampling this host for 1 s\n".utf8))
        }
        var report = try await feed.next()
        if let name {
            report.metrics = report.metrics.filter { $0.name.hasPrefix(name) }
            report.seriesCount = report.metrics.count
        }
        if json {
            print(String(decoding: report.json(pretty: true), as: UTF8.self))
        } else if all {
            for metric in report.metrics.sorted(by: { ($0.name, $0.labelText) < ($1.name, $1.labelText) }) {
                print("\(metric.name)\(metric.labelText) \(metric.value) \(metric.unit)")
            }
        } else {
            print(StatusSummary(report: report, origin: feed.description).text)
        }
    }
}

extension RealtimeReport.Metric {
    /// `{cpu="0",state="user"}`, labels sorted; empty without labels.
    var labelText: String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }
}
