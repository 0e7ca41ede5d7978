import Homeostat
import HomeostatCore

/// The human rendering of a ``TrendReport``: a header, then one row per series (degrading first) with the
/// verdict, slope per hour, change over the period, p-value, a sparkline and the series.
struct TrendsTable {
    var report: TrendReport
    var origin: String

    var text: String {
        var lines = [
            "\(report.series.count) series · period \(Self.duration(report.periodSeconds)) · step "
                + "\(Self.duration(report.stepSeconds)) · tier \(report.tier) · from \(origin)"
        ]
        for warning in report.warnings { lines.append("warning: \(warning)") }
        if report.series.isEmpty {
            lines.append("no data for this selector and period")
            return lines.joined(separator: "\n")
        }
        let rows = report.series.map { series -> [String] in
            return [
                series.verdict?.rawValue ?? "undefined",
                series.slopePerHour.map { Self.slope($0, unit: series.unit) } ?? "-",
                series.relativeChange.map { Self.signed($0 * 100, decimals: 1) + "%" } ?? "-",
                series.pValue.map(Self.pValue) ?? "-",
                series.sparkline,
                series.selectorText + (series.reason.map { "  (\($0))" } ?? ""),
            ]
        }
        lines += Self.table(header: ["VERDICT", "SLOPE", "CHANGE", "P", "TREND", "SERIES"], rows: rows)
        return lines.joined(separator: "\n")
    }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
    }

    /// A slope per hour in the metric's unit: `+1.5 GiB/h` for bytes, `-0.003/h` for ratios, `+2 s/h`.
    static func slope(_ value: Double, unit: String?) -> String {
        switch unit {
        case "By": return (value < 0 ? "-" : "+") + TextGraphics.bytes(abs(value)) + "/h"
        case "By/s": return (value < 0 ? "-" : "+") + TextGraphics.byteRate(abs(value)) + "/h"
        case nil, "1": return signed(value) + "/h"
        case let unit?: return signed(value) + " \(unit)/h"
        }
    }

    /// `+1.25`, `-0.003`, `0`.
    static func signed(_ value: Double, decimals: Int? = nil) -> String {
        let text = decimals.map { TextGraphics.fixed(value, decimals: $0) } ?? QueryReport.number(value)
        return value > 0 ? "+" + text : text
    }

    /// `<0.001` or three significant decimals.
    static func pValue(_ p: Double) -> String {
        p < 0.001 ? "<0.001" : TextGraphics.fixed(p, decimals: 3)
    }

    /// `30 s`, `1 m`, `24 h`, `30 d`.
    static func duration(_ seconds: Double) -> String {
        for (unit, length) in [("d", 86_400.0), ("h", 3600), ("m", 60)] where seconds >= length {
            if seconds.truncatingRemainder(dividingBy: length) == 0 { return "\(Int(seconds / length)) \(unit)" }
        }
        return "\(QueryReport.number(seconds)) s"
    }
}
