import Foundation
import Homeostat
import HomeostatCore

/// The human rendering of a query answer: a header, then per series its selector, point count,
/// min / avg / max / last and a sparkline; answers of up to 12 points per series list every point.
struct QueryReport {
    var result: QueryResult
    var origin: String
    /// Sparkline width in characters; longer series are averaged into this many columns.
    var width = 60

    var text: String {
        var lines: [String] = []
        var header = "\(result.series.count) series · tier \(result.tier.rawValue)"
        if let step = result.step { header += " · step \(JSONText.seconds(step)) s" }
        if let aggregation = result.aggregation { header += " · \(aggregation)" }
        if result.approximate { header += " (approximate on this tier)" }
        lines.append(header + " · from \(origin)")
        for warning in result.warnings { lines.append("warning: \(warning)") }
        if result.series.isEmpty { lines.append("no data for this selector and range") }
        for series in result.series {
            let values = series.points.map(\.value)
            let finite = values.filter(\.isFinite)
            var line = series.key.description + "  \(values.count) point" + (values.count == 1 ? "" : "s")
            if values.count > 1, !finite.isEmpty {
                let average = finite.reduce(0, +) / Double(finite.count)
                line +=
                    "  min \(Self.number(finite.min()!))  avg \(Self.number(average))  max \(Self.number(finite.max()!))"
            }
            if let last = series.points.last {
                line += "  last \(Self.number(last.value)) at \(Self.time(last.timestamp))"
            }
            lines.append(line)
            if series.points.count <= 12 {
                if series.points.count > 1 {
                    for point in series.points {
                        lines.append("  \(Self.time(point.timestamp))  \(Self.number(point.value))")
                    }
                }
            } else {
                lines.append("  " + TextGraphics.sparkline(Self.columns(values, width: width)))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The values averaged into at most `width` columns.
    static func columns(_ values: [Double], width: Int) -> [Double] {
        guard values.count > width else { return values }
        return (0..<width).map { column in
            let slice = values[values.count * column / width..<values.count * (column + 1) / width].filter(\.isFinite)
            return slice.isEmpty ? .nan : slice.reduce(0, +) / Double(slice.count)
        }
    }

    /// Up to 6 significant digits, no exponent for everyday magnitudes.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf") }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        let decimals = magnitude >= 1000 ? 1 : magnitude >= 1 ? 3 : magnitude >= 0.001 ? 6 : 9
        var text = TextGraphics.fixed(value, decimals: decimals)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// RFC 3339 in UTC, with milliseconds when there are any.
    static func time(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions =
            milliseconds % 1000 == 0 ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
