import ArgumentParser
import Foundation
import HomeostatSensors

/// `homeostat metrics`: the catalog of every metric the sensors can emit.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "List every host and process metric the agent can collect: name, unit, labels, source.")

    @Flag(help: "Print as JSON.")
    var json = false

    @Flag(help: "Print as a Markdown table (as in the README).")
    var markdown = false

    func run() async throws {
        let metrics = MetricCatalog.metrics
        if json {
            let rows = metrics.map {
                [
                    "name": $0.name, "unit": $0.unit, "labels": $0.labels.joined(separator: ","), "source": $0.source,
                    "sensor": $0.sensor, "summary": $0.summary,
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else if markdown {
            print("| metric | unit | labels | source | meaning |")
            print("|---|---|---|---|---|")
            for metric in metrics {
                let labels = metric.labels.map { "`\($0)`" }.joined(separator: ", ")
                print("| `\(metric.name)` | `\(metric.unit)` | \(labels) | `\(metric.source)` | \(metric.summary) |")
            }
        } else {
            for metric in metrics {
                let labels = metric.labels.isEmpty ? "" : "{" + metric.labels.joined(separator: ",") + "}"
                print("\(metric.name)\(labels)".padding(toLength: 58, withPad: " ", startingAt: 0) + " \(metric.unit)")
            }
        }
    }
}
