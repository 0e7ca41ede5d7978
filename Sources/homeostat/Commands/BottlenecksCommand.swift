import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore

/// `homeostat bottlenecks`: the seed's `analytics.identify_bottlenecks()`, from the running agent.
struct BottlenecksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bottlenecks",
        abstract: "Name the resource limiting the host now, by the USE method, with its evidence.",
        discussion: """
            For CPU, memory, each disk, each network interface, each watched \
            process and each application timer: utilization (U), saturation (S: \
            PSI stall time, swapping, disk queue and wait, drops, p99 latency) \
            and errors (E), each scored as observed ÷ level over the window, so \
            1 is the level that makes a resource limiting. The highest score of \
            at least 1 names the limiting resource; below that nothing limits \
            the host. Needs a running agent (`homeostat run`), which answers \
            GET /api/v1/bottlenecks from its recent history.

            Examples:
              homeostat bottlenecks                  # the last 10 s
              homeostat bottlenecks --window 1m      # smoother, slower to react
              homeostat bottlenecks --json
            """)

    @Option(
        help: ArgumentHelp(
            "How far back to average: 10s, 30s, 1m (at most the agent's history).", valueName: "duration"))
    var window = "10s"

    @Flag(help: "Print the agent's JSON answer as it is (the same document as GET /api/v1/bottlenecks).")
    var json = false

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    func validate() throws {
        do {
            guard try QueryTime.duration(window) > 0 else { throw ValidationError("--window must be more than 0 s") }
        } catch let error as QueryTimeError {
            throw ValidationError("--window: \(error)")
        }
    }

    func run() async throws {
        let config = try options.load()
        let directory = options.dataDirectory(config)
        guard let address = AgentLocator.answering(config: config, dataDirectory: directory, listen: agent.listen)
        else {
            throw CommandFailure(
                "no agent answered; start one with `homeostat run` (bottleneck detection reads its recent history)")
        }
        let body = try LocalHTTPClient.getOK(
            address, path: LocalHTTPClient.path("/api/v1/bottlenecks", query: [("window", window)]), timeout: 10)
        if json {
            print(String(decoding: body, as: UTF8.self))
            return
        }
        let report = try JSONDecoder().decode(BottleneckReport.self, from: body)
        print(Self.text(report, origin: "agent at \(address)"))
    }

    /// The summary line, one row per resource (scores; `-` where no check ran), the evidence of the
    /// first resource, and the checks that could not run.
    static func text(_ report: BottleneckReport, origin: String) -> String {
        var lines = [report.summary, "from \(origin)", ""]
        guard let first = report.resources.first else { return lines.joined(separator: "\n") }
        // The first column fits the longest name (application timers can be long), at least 22 wide.
        let width = max(22, (report.resources.map(\.name.count).max() ?? 0) + 2)
        lines.append(row("RESOURCE", "STATUS", "U", "S", "E", "STRONGEST EVIDENCE", width: width))
        for resource in report.resources {
            lines.append(
                row(
                    resource.name, resource.status.rawValue, score(resource.utilization), score(resource.saturation),
                    score(resource.errors), resource.evidence.first.map(reading) ?? "-", width: width))
        }
        lines += ["", "evidence for \(first.name) (score = value ÷ level):"]
        for evidence in first.evidence {
            lines.append(
                "  \(score(evidence.score))  \(evidence.dimension.rawValue.prefix(1).uppercased())  "
                    + "\(reading(evidence)) — \(evidence.meaning)")
        }
        if !report.missing.isEmpty {
            lines += ["", "not checked:"] + report.missing.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    private static func reading(_ evidence: Evidence) -> String {
        "\(evidence.metric) \(USEMethod.quantity(evidence.value, evidence.unit)) "
            + "(level \(USEMethod.quantity(evidence.threshold, evidence.unit)))"
    }

    private static func score(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "-"
    }

    private static func row(
        _ a: String, _ b: String, _ u: String, _ s: String, _ e: String, _ f: String, width: Int
    ) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        return pad(a, width) + pad(b, 10) + pad(u, 6) + pad(s, 6) + pad(e, 6) + f
    }
}
