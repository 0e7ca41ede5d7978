import Foundation
import Homeostat
import HomeostatCore

/// The human rendering of a ``CorrelationReport``: a header, the ranked pairs (r, ρ, lag, adjusted p),
/// then the series and pairs without a correlation.
struct CorrelationTable {
    var report: CorrelationReport
    var origin: String

    var text: String {
        var lines = [
            "\(report.seriesCount) series · \(report.testedPairs) pairs tested · period "
                + "\(TrendsTable.duration(report.periodSeconds)) · step \(TrendsTable.duration(report.stepSeconds)) · "
                + "max lag \(TrendsTable.duration(report.maxLagSeconds)) · \(report.correction) · from \(origin)"
        ]
        for warning in report.warnings { lines.append("warning: \(warning)") }
        if report.pairs.isEmpty { lines.append("no pair of varying series with data in this period") }
        if !report.pairs.isEmpty {
            let rows = report.pairs.enumerated().map { index, pair -> [String] in
                [
                    String(index + 1), TrendsTable.signed(pair.r, decimals: 3),
                    pair.rho.map { TrendsTable.signed($0, decimals: 3) } ?? "-",
                    pair.lagSeconds == 0 ? "0" : TrendsTable.signed(pair.lagSeconds) + " s",
                    TrendsTable.pValue(pair.adjustedPValue),
                    "\(Self.selector(pair.a))  ~  \(Self.selector(pair.b))",
                ]
            }
            lines += TrendsTable.table(
                header: ["#", "R", "RHO", "LAG", "P(ADJ)", "PAIR (a ~ b; lag > 0: b follows a)"], rows: rows)
        }
        for entry in report.undefined {
            let pair = entry.other.map { "\(Self.selector(entry.series))  ~  \(Self.selector($0))" }
            lines.append(
                "undefined: \(pair ?? Self.selector(entry.series)) (\(entry.reason.replacingOccurrences(of: "_", with: " ")))"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func selector(_ name: CorrelationReport.SeriesName) -> String {
        SeriesKey(name.name, name.labels.map { Label($0.key, $0.value) }).description
    }
}
