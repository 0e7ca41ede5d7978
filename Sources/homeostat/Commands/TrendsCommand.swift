import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore

/// `homeostat trends`: the seed's `analyze_performance_trends(time_period, metrics)`.
struct TrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Trend per series: Theil–Sen slope, Mann–Kendall significance, improving or degrading.",
        discussion: """
            For each series the selector matches (default: every series), over --period: the Theil–Sen \
            slope per hour with Sen's 95 % interval, the Mann–Kendall p-value, the change over the period, \
            and a verdict that knows which way is better (rising latency degrades, rising free memory \
            improves). A verdict needs p < 0.05 and at least 5 % change; degrading series come first.

            The running agent answers (GET /api/v1/analytics/trends); when none runs, the command reads \
            metrics.sqlite in the data directory itself.

            Examples:
              homeostat trends --period 24h
              homeostat trends 'system.cpu.utilization{cpu="total"}' --period 30_days
              homeostat trends '{__name__=~"system\\.disk\\..*"}' --period 1h --json
            """)

    @Argument(help: ArgumentHelp("Which series, PromQL-style (default: every series).", valueName: "selector"))
    var selector: String?

    @Option(help: ArgumentHelp("How far back: 1h, 24h, 7d, 30_days.", valueName: "period"))
    var period = "24h"

    @Option(help: ArgumentHelp("Window width (default: at most 1,500 points, e.g. 1m for 24h).", valueName: "duration"))
    var step: String?

    @Flag(help: "Print the answer as JSON (the same document as GET /api/v1/analytics/trends).")
    var json = false

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    func run() async throws {
        let config = try options.load()
        var parameters = [("period", period)]
        if let selector { parameters.append(("series", selector)) }
        if let step { parameters.append(("step", step)) }
        let request = try AnalyticsSource.parse(parameters, defaultPeriod: 86_400_000)
        let source = AnalyticsSource(config: config, options: options, listen: agent.listen)
        let (body, origin) = try await source.answer(route: "/api/v1/analytics/trends", parameters: parameters) {
            analytics, now in
            try await analytics.analyzeTrends(
                period: request.period, selector: request.selectors[0], now: now, step: request.step)
        }
        if json {
            print(String(decoding: body, as: UTF8.self))
            return
        }
        let report = try JSONDecoder().decode(TrendReport.self, from: body)
        print(TrendsTable(report: report, origin: origin).text)
    }
}
