import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore

/// `homeostat predict`: the seed's `predictor.predict_resource_needs(time_horizon, confidence_level)`.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Forecast CPU, memory, filesystems, disks and network over a horizon, with time to exhaustion.",
        discussion: """
            For each resource (CPU busy share, memory used share, each filesystem's used share, each \
            disk's busy share, each network interface's throughput) the history is read from the metric \
            memory at a step that suits the horizon (1 s up to 10 min, 1 min up to 2 days, 1 h beyond; \
            2,000 steps back), a model is chosen by rolling-origin backtests as in `homeostat forecast`, \
            and the horizon is forecast with a central interval at --confidence. For CPU, memory and \
            filesystems the table says when the interval's upper bound (and the mean) first reach 100 %.

            The running agent answers (GET /api/v1/predict); when none runs, the command reads \
            metrics.sqlite in the data directory itself.

            Examples:
              homeostat predict                       # the next hour
              homeostat predict --horizon 7d --confidence 0.8
              homeostat predict --horizon 10m --json
            """)

    @Option(help: ArgumentHelp("How far ahead: 10m, 1h, 7d.", valueName: "duration"))
    var horizon = "1h"

    @Option(help: ArgumentHelp("The prediction interval's coverage, in (0, 1).", valueName: "p"))
    var confidence = 0.95

    @Flag(help: "Print the answer as JSON (the same document as GET /api/v1/predict).")
    var json = false

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    func validate() throws {
        do {
            _ = try QueryTime.step(horizon)
        } catch {
            throw ValidationError("--horizon: \(error)")
        }
        guard confidence > 0, confidence < 1 else {
            throw ValidationError("--confidence: expected a number in (0, 1) such as 0.95, got \(confidence)")
        }
    }

    func run() async throws {
        let config = try options.load()
        let horizonSeconds = Double(try QueryTime.step(horizon)) / 1000
        let parameters = [("horizon", horizon), ("confidence", String(confidence))]
        let source = AnalyticsSource(config: config, options: options, listen: agent.listen)
        let (body, origin) = try await source.answer(route: "/api/v1/predict", parameters: parameters) {
            analytics, now in
            try await ResourcePredictor(memory: analytics.memory).predict(
                horizon: Int64((horizonSeconds * 1000).rounded()), confidenceLevel: confidence, now: now)
        }
        if json {
            print(String(decoding: body, as: UTF8.self))
            return
        }
        let report = try JSONDecoder().decode(ResourcePrediction.self, from: body)
        print(Self.text(report, origin: origin))
    }

    /// A header line and one row per resource: model, now, mean and peak at the horizon, the interval at
    /// the horizon, and the exhaustion ETA of the upper bound (and of the mean in parentheses).
    static func text(_ report: ResourcePrediction, origin: String) -> String {
        var lines = [
            "resource forecast for the next \(duration(report.horizonSeconds)) at "
                + "\(percent(report.confidenceLevel)) confidence, from \(origin)", "",
        ]
        let width = max(14, (report.resources.map(\.resource.count).max() ?? 0) + 2)
        lines.append(row(["RESOURCE", "MODEL", "NOW", "MEAN", "PEAK", "INTERVAL", "EXHAUSTED"], width: width))
        for resource in report.resources {
            guard let model = resource.model else {
                lines.append(pad(resource.resource, width) + (resource.problem ?? "no forecast"))
                continue
            }
            let exhaustion: String
            if resource.capacity == nil {
                exhaustion = "-"
            } else if let upper = resource.exhaustionSeconds {
                exhaustion =
                    "in \(duration(upper))" + (resource.meanExhaustionSeconds.map { " (mean \(duration($0)))" } ?? "")
            } else {
                exhaustion = "not within horizon"
            }
            let value = { (number: Double?) in number.map { quantity($0, unit: resource.unit) } ?? "-" }
            lines.append(
                row(
                    [
                        resource.resource, model, value(resource.current), value(resource.meanAtHorizon),
                        value(resource.peakMean),
                        "\(value(resource.lowerAtHorizon)) – \(value(resource.upperAtHorizon))",
                        exhaustion,
                    ], width: width))
        }
        if report.resources.isEmpty { lines.append("no resource series in the metric memory yet") }
        if !report.warnings.isEmpty { lines += ["", "warnings:"] + report.warnings.map { "  " + $0 } }
        return lines.joined(separator: "\n")
    }

    /// A share as a percentage with one decimal, bytes per second with a binary prefix.
    static func quantity(_ value: Double, unit: String) -> String {
        if unit == "1" { return String(format: "%.1f%%", value * 100) }
        let prefixes = ["", "Ki", "Mi", "Gi", "Ti"]
        var scaled = value
        var index = 0
        while abs(scaled) >= 1024, index < prefixes.count - 1 {
            scaled /= 1024
            index += 1
        }
        return String(format: "%.1f ", scaled) + prefixes[index] + "B/s"
    }

    /// Seconds as `45s`, `12m30s`, `3h05m`, `2d04h`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + String(format: "%02ds", total % 60) }
        if total < 86_400 { return "\(total / 3600)h" + String(format: "%02dm", total % 3600 / 60) }
        return "\(total / 86_400)d" + String(format: "%02dh", total % 86_400 / 3600)
    }

    private static func percent(_ value: Double) -> String {
        let text = String(format: "%.1f", value * 100)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " %"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func row(_ cells: [String], width: Int) -> String {
        let widths = [width, 24, 8, 8, 8, 18]
        var line = ""
        for (index, cell) in cells.enumerated() {
            line += index < widths.count ? pad(cell, widths[index]) : cell
        }
        return line
    }
}
