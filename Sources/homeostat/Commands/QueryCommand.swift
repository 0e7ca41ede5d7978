import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore
import HomeostatStore

/// `homeostat query`: range queries and latest values from the metric memory.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Query stored metrics: latest values, or a range with a step and an aggregation.",
        discussion: """
            SELECTOR is PromQL-style: system.cpu.utilization{cpu="total",state!="idle"}, or \
            {__name__=~"system\\.disk\\..*"}. Times are Unix seconds, RFC 3339 or relative (now-1h, -30m). \
            Without --start/--end/--step/--agg/--tier it prints the latest value of each series; otherwise \
            --end defaults to now and --start to an hour before --end.

            The running agent answers (GET /api/v1/query, freshest data); when none runs, the command \
            reads metrics.sqlite in the data directory itself.

            Examples:
              homeostat query 'system.cpu.utilization{cpu="total"}' --start -1h --step 1m --agg max
              homeostat query system.memory.usage --start 2026-11-01T00:00:00Z --end now --step 1d
              homeostat query 'system.network.io{direction="receive"}' --start -10m --json
            """)

    @Argument(help: ArgumentHelp("Which series, PromQL-style.", valueName: "selector"))
    var selector: String

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Start of the range (default: an hour before --end).", valueName: "time"))
    var start: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("End of the range (default: now).", valueName: "time"))
    var end: String?

    @Option(
        help: ArgumentHelp(
            "Window width: 15s, 1m, 1h, 1d (default: raw samples or whole buckets).", valueName: "duration"))
    var step: String?

    @Option(
        help: ArgumentHelp(
            "Aggregation per window: avg, min, max, sum, count, last, rate, quantile(Q), pNN (default avg with --step).",
            valueName: "fn"))
    var agg: String?

    @Option(
        help: ArgumentHelp("Tier to read: raw, minute, hour (default: finest covering --start).", valueName: "tier"))
    var tier: String?

    @Flag(help: "Print the answer as JSON (the same document as GET /api/v1/query).")
    var json = false

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    func run() async throws {
        let config = try options.load()
        var parameters = ["series": selector]
        for (name, value) in [("start", start), ("end", end), ("step", step), ("agg", agg), ("tier", tier)] {
            if let value { parameters[name] = value }
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let request: QueryRequest
        do {
            request = try QueryRequest(parameter: { parameters[$0] }, now: now)
        } catch {
            throw CommandFailure("--\(error.parameter == "series" ? "selector" : error.parameter): \(error.message)")
        }
        let directory = options.dataDirectory(config)
        let result: QueryResult
        let origin: String
        if let address = AgentLocator.answering(config: config, dataDirectory: directory, listen: agent.listen) {
            // Times resolved here, so "now" means the same on both sides.
            var sent = parameters
            if let range = request.range {
                sent["start"] = JSONText.seconds(range.start)
                sent["end"] = JSONText.seconds(range.end)
            }
            let path = LocalHTTPClient.path(
                "/api/v1/query", query: sent.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            let body = try LocalHTTPClient.getOK(address, path: path, timeout: 30)
            if json {
                print(String(decoding: body, as: UTF8.self))
                return
            }
            result = try QueryResult(json: body)
            origin = "agent at \(address)"
        } else {
            let stored = try StoredMetrics(config: config, directory: directory)
            let engine = MetricQueryEngine(memory: stored.memory)
            if let range = request.range {
                result = try await engine.run(range, now: now)
            } else {
                result = try await engine.latest(request.selector, now: now)
            }
            if json {
                print(result.json())
                return
            }
            origin = stored.origin
        }
        print(QueryReport(result: result, origin: origin).text)
    }
}
