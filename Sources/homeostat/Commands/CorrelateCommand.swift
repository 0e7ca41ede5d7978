import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore

/// `homeostat correlate`: the seed's `find_metric_correlations()`.
struct CorrelateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correlate",
        abstract: "The most strongly correlated pairs of series, with the lag between them.",
        discussion: """
            Among the series the selectors match (their union; default: every series), over --period: \
            Pearson's r at the lag (within ±--max-lag) where |r| is largest, Spearman's ρ at that lag, and \
            p-values corrected for the lags tried and for the pairs (Benjamini–Hochberg by default). \
            Constant series have no correlation and are listed as such. A positive lag means the second \
            series follows the first.

            The running agent answers (GET /api/v1/analytics/correlations); when none runs, the command \
            reads metrics.sqlite in the data directory itself.

            Examples:
              homeostat correlate --period 1h
              homeostat correlate 'system.cpu.utilization{cpu="total",state="user"}' system.pressure.stall --max-lag 2m
              homeostat correlate '{__name__=~"system\\.disk\\..*"}' --period 24h --top 5 --json
            """)

    @Argument(
        help: ArgumentHelp(
            "Which series, PromQL-style; several are joined (default: every series).", valueName: "selector"))
    var selectors: [String] = []

    @Option(help: ArgumentHelp("How far back: 1h, 24h, 7d, 30_days.", valueName: "period"))
    var period = "1h"

    @Option(help: ArgumentHelp("Window width (default: at most 1,500 points, e.g. 5s for 1h).", valueName: "duration"))
    var step: String?

    @Option(name: .customLong("max-lag"), help: ArgumentHelp("Largest lag searched either way.", valueName: "duration"))
    var maxLag = "5m"

    @Option(help: ArgumentHelp("Pairs to show.", valueName: "k"))
    var top = 10

    @Option(help: ArgumentHelp("Multiple-testing correction across pairs: bh or bonferroni.", valueName: "method"))
    var correction = "bh"

    @Flag(help: "Print the answer as JSON (the same document as GET /api/v1/analytics/correlations).")
    var json = false

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    func run() async throws {
        let config = try options.load()
        var parameters = selectors.map { ("series", $0) }
        parameters += [("period", period), ("max_lag", maxLag), ("top", String(top)), ("correction", correction)]
        if let step { parameters.append(("step", step)) }
        let request = try AnalyticsSource.parse(parameters, defaultPeriod: 3_600_000)
        let source = AnalyticsSource(config: config, options: options, listen: agent.listen)
        let (body, origin) = try await source.answer(
            route: "/api/v1/analytics/correlations", parameters: parameters
        ) { analytics, now in
            try await analytics.findCorrelations(
                selectors: request.selectors, period: request.period, step: request.step, maxLag: request.maxLag,
                topK: request.top, correction: request.correction, now: now)
        }
        if json {
            print(String(decoding: body, as: UTF8.self))
            return
        }
        let report = try JSONDecoder().decode(CorrelationReport.self, from: body)
        print(CorrelationTable(report: report, origin: origin).text)
    }
}
