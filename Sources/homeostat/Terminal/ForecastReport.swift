import Foundation
import HomeostatCore

/// What `homeostat forecast` found, and its renderings as a text report or JSON.
struct ForecastReport {
    /// The input's name (the file path).
    var name: String
    /// Whether the input's timestamps were date-times (else numbers, printed as numbers).
    var dateTimes: Bool
    var series: RegularSeries
    var selection: ForecastModelSelection
    var model: any FittedForecaster
    var forecast: Forecast
    var notes: [String]
    /// Wall time of the backtests over every candidate, in seconds.
    var selectionSeconds: Double
    /// Wall time of the chosen model's fit on the whole series plus its forecast, in seconds.
    var fitForecastSeconds: Double

    /// The timestamp of forecast step `step` (1-based), as the input wrote them.
    func timestamp(step: Int) -> String {
        let scaled = series.start + Int64(series.values.count - 1 + step) * series.step
        return dateTimes ? Self.dateTime(milliseconds: scaled) : Self.number(thousandths: scaled)
    }

    /// `2014-04-01 00:05:00` (UTC), with milliseconds when not whole seconds.
    static func dateTime(milliseconds: Int64) -> String {
        let seconds = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var days = seconds.quotient / 86_400
        var secondOfDay = seconds.quotient % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Howard Hinnant's civil_from_days.
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var text = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60,
            secondOfDay % 60)
        if seconds.remainder != 0 { text += String(format: ".%03d", abs(seconds.remainder)) }
        return text
    }

    /// A number given in thousandths: `1700000060` or `12.5`.
    static func number(thousandths: Int64) -> String {
        if thousandths % 1000 == 0 { return String(thousandths / 1000) }
        return String(Double(thousandths) / 1000)
    }

    static func value(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        let magnitude = abs(x)
        if magnitude != 0 && (magnitude >= 1e7 || magnitude < 1e-3) { return String(format: "%.4g", x) }
        return String(format: "%.3f", x)
    }

    static func table(_ report: ForecastReport, timing: Bool) -> String {
        let selection = report.selection
        let best = selection.best
        let level = TextGraphics.fixed(report.forecast.confidenceLevel * 100, decimals: 1) + " %"
        var text =
            "series: \(report.name): \(report.series.values.count) values, step \(number(thousandths: report.series.step))"
        text +=
            ", seasons: "
            + (selection.seasons.isEmpty ? "none" : selection.seasons.map(String.init).joined(separator: ", "))
        text += "\n"
        let parameters = report.model.parameters.map { "\($0.name)=\(String(format: "%.4g", $0.value))" }
        text += "model: \(best.specification)  " + parameters.joined(separator: " ") + "\n"
        text +=
            "backtest (\(best.folds) origin\(best.folds == 1 ? "" : "s") × \(selection.backtestHorizon) held out): MASE \(String(format: "%.3f", best.meanAbsoluteScaledError))"
        text +=
            ", sMAPE \(String(format: "%.2f", best.symmetricMAPE)) %, \(level) interval coverage \(TextGraphics.percent(best.coverage))"
        text +=
            best.intervalScale > 1
            ? "; intervals widened ×\(String(format: "%.2f", best.intervalScale)) to match\n\n" : "\n\n"
        text += "candidate".padding(toLength: 36, withPad: " ", startingAt: 0) + "    MASE   sMAPE %  coverage\n"
        for evaluation in selection.evaluations {
            text += "\(evaluation.specification)".padding(toLength: 36, withPad: " ", startingAt: 0)
            text += String(format: "%8.3f%10.2f", evaluation.meanAbsoluteScaledError, evaluation.symmetricMAPE)
            text += TextGraphics.percent(evaluation.coverage).leftPadded(10)
            text += evaluation.specification == best.specification ? "  ← chosen\n" : "\n"
        }
        for exclusion in selection.exclusions { text += "left out: \(exclusion.specification): \(exclusion.reason)\n" }
        for note in report.notes { text += "note: \(note)\n" }
        text += "\nforecast (\(level) interval):\n"
        text += "step".leftPadded(6) + "  " + "timestamp".padding(toLength: 22, withPad: " ", startingAt: 0)
        text += "mean".leftPadded(14) + "lower".leftPadded(14) + "upper".leftPadded(14) + "\n"
        for step in 0..<report.forecast.horizon {
            text +=
                String(step + 1).leftPadded(6) + "  "
                + report.timestamp(step: step + 1).padding(toLength: 22, withPad: " ", startingAt: 0)
            text += value(report.forecast.mean[step]).leftPadded(14) + value(report.forecast.lower[step]).leftPadded(14)
            text += value(report.forecast.upper[step]).leftPadded(14) + "\n"
        }
        let history = Array(report.series.values.suffix(60))
        let forecastShown = Array(report.forecast.mean.prefix(60))
        let all = (history + forecastShown + report.forecast.lower.prefix(60) + report.forecast.upper.prefix(60))
            .filter(\.isFinite)
        let low = all.min() ?? 0
        let high = all.max() ?? 0
        text += "\nhistory │ forecast: " + TextGraphics.sparkline(history, lower: low, upper: high) + "│"
        text += TextGraphics.sparkline(forecastShown, lower: low, upper: high) + "\n"
        if timing {
            text += String(
                format: "\ntiming: backtests %.4f s, fit + forecast of the chosen model %.4f s\n",
                report.selectionSeconds, report.fitForecastSeconds)
        }
        return text
    }

    struct JSONCandidate: Encodable {
        var model: String
        var kind: String
        var period: Int
        var mase: Double
        var smape: Double
        var coverage: Double
        var folds: Int
    }

    struct JSONExclusion: Encodable {
        var model: String
        var reason: String
    }

    struct JSONStep: Encodable {
        var step: Int
        var timestamp: String
        var mean: Double
        var lower: Double
        var upper: Double
    }

    struct JSONDocument: Encodable {
        var input: String
        var count: Int
        var step: String
        var seasons: [Int]
        var model: String
        var kind: String
        var period: Int
        var parameters: [String: Double]
        var mase: Double
        var smape: Double
        var coverage: Double
        var intervalScale: Double
        var backtestHorizon: Int
        var confidence: Double
        var candidates: [JSONCandidate]
        var excluded: [JSONExclusion]
        var notes: [String]
        var forecast: [JSONStep]
        var selectionSeconds: Double
        var fitForecastSeconds: Double
    }

    static func json(_ report: ForecastReport) -> String {
        let selection = report.selection
        let best = selection.best
        var parameters: [String: Double] = [:]
        for parameter in report.model.parameters { parameters[parameter.name] = parameter.value }
        let document = JSONDocument(
            input: report.name, count: report.series.values.count, step: number(thousandths: report.series.step),
            seasons: selection.seasons, model: best.specification.description, kind: best.specification.kind.rawValue,
            period: best.specification.period, parameters: parameters, mase: best.meanAbsoluteScaledError,
            smape: best.symmetricMAPE, coverage: best.coverage, intervalScale: best.intervalScale,
            backtestHorizon: selection.backtestHorizon,
            confidence: report.forecast.confidenceLevel,
            candidates: selection.evaluations.map {
                JSONCandidate(
                    model: $0.specification.description, kind: $0.specification.kind.rawValue,
                    period: $0.specification.period, mase: $0.meanAbsoluteScaledError, smape: $0.symmetricMAPE,
                    coverage: $0.coverage, folds: $0.folds)
            },
            excluded: selection.exclusions.map {
                JSONExclusion(model: $0.specification.description, reason: $0.reason)
            },
            notes: report.notes,
            forecast: (0..<report.forecast.horizon).map {
                JSONStep(
                    step: $0 + 1, timestamp: report.timestamp(step: $0 + 1), mean: report.forecast.mean[$0],
                    lower: report.forecast.lower[$0], upper: report.forecast.upper[$0])
            },
            selectionSeconds: report.selectionSeconds, fitForecastSeconds: report.fitForecastSeconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
