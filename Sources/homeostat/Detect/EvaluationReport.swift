import Foundation
import HomeostatCore

/// Renders the synthetic benchmark's per-kind rows as a text table or JSON.
enum EvaluationReport {
    static func table(_ rows: [SyntheticBenchmark.Row]) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        func ratio(_ value: Double) -> String { String(format: "%.3f", value) }
        var text = "kind                 windows  hits  false+  precision  recall     F1  mean delay  false+/10k\n"
        for row in rows {
            let e = row.evaluation
            let delay = e.meanDelay.map { String(format: "%.1f", $0) } ?? "-"
            text += row.kind.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)
            text += pad(String(e.windows), 9) + pad(String(e.hits), 6) + pad(String(e.falsePositives), 8)
            text += pad(ratio(e.precision), 11) + pad(ratio(e.recall), 8) + pad(ratio(e.f1), 7)
            text += pad(delay, 12) + pad(String(format: "%.2f", e.falsePositivesPer10k), 12) + "\n"
        }
        let anomalous = rows.filter { $0.kind != .none }.map(\.evaluation).reduce(AnomalyEvaluation(), +)
        let all = rows.map(\.evaluation).reduce(AnomalyEvaluation(), +)
        text += "all (micro)        " + pad(String(all.windows), 9) + pad(String(all.hits), 6)
        text += pad(String(all.falsePositives), 8) + pad(ratio(all.precision), 11) + pad(ratio(all.recall), 8)
        text += pad(ratio(all.f1), 7)
        text += pad(anomalous.meanDelay.map { String(format: "%.1f", $0) } ?? "-", 12)
        text += pad(String(format: "%.2f", all.falsePositivesPer10k), 12) + "\n"
        return text
    }

    static func json(_ rows: [SyntheticBenchmark.Row]) -> String {
        let kinds: [[String: Any]] = rows.map { row in
            let e = row.evaluation
            var entry: [String: Any] = [
                "kind": row.kind.rawValue, "windows": e.windows, "hits": e.hits, "false_positives": e.falsePositives,
                "samples": e.samples, "precision": e.precision, "recall": e.recall, "f1": e.f1,
                "false_positives_per_10k": e.falsePositivesPer10k,
            ]
            entry["mean_delay"] = e.meanDelay ?? NSNull()
            return entry
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: ["kinds": kinds], options: [.prettyPrinted, .sortedKeys]))
        return String(decoding: data ?? Data(), as: UTF8.self) + "\n"
    }
}
