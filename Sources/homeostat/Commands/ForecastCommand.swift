import ArgumentParser
import Foundation
import HomeostatCore

/// `homeostat forecast`: an offline forecast of a `timestamp,value` CSV with the model chosen by
/// rolling-origin backtests.
struct ForecastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast a timestamp,value CSV: the best model by backtest, with prediction intervals.",
        discussion: """
            Reads a CSV with the header timestamp,value (the dialect of `homeostat detect`; further \
            columns are ignored), puts it on a regular grid (the median step; gaps and missing values \
            are filled by linear interpolation, and said so), detects seasons (autocorrelation confirmed \
            by the periodogram), and backtests every model at rolling origins: seasonal naive, linear \
            trend (like PromQL's predict_linear), simple exponential smoothing, Theta, damped Holt, and \
            Holt–Winters additive and multiplicative (damped trend), their parameters fitted by bounded \
            Nelder–Mead on the one-step squared error. The model with the lowest mean MASE (scaled by \
            the seasonal naive in-sample error) forecasts the next --horizon samples with a central \
            interval at --confidence.

            A model that cannot be fitted (too few points for its season, values ≤ 0 for the \
            multiplicative one) or whose forecast blows up (non-finite, or beyond 10 ranges of the \
            series) is left out, with the reason.

            Examples:
              homeostat forecast --input cpu.csv --horizon 24
              homeostat forecast --input cpu.csv --horizon 168 --confidence 0.8 --json
              homeostat forecast --input cpu.csv --horizon 48 --svg forecast.svg
              homeostat forecast --input cpu.csv --horizon 48 --models holt-winters-additive --periods 24
            """)

    @Option(help: ArgumentHelp("The CSV file (header timestamp,value).", valueName: "file"))
    var input: String

    @Option(help: ArgumentHelp("Samples to forecast after the last one.", valueName: "n"))
    var horizon: Int

    @Option(help: ArgumentHelp("The prediction interval's coverage, in (0, 1).", valueName: "p"))
    var confidence = 0.95

    @Option(
        help: ArgumentHelp(
            "Comma-separated seasonal periods in samples instead of detecting them (e.g. 24,168).",
            valueName: "list"))
    var periods: String?

    @Option(
        help: ArgumentHelp(
            "Comma-separated models to try (default: all): "
                + ForecasterKind.allCases.map(\.rawValue).joined(separator: ", ") + ".",
            valueName: "list"))
    var models: String?

    @Option(help: ArgumentHelp("Longest seasonal period searched for, in samples.", valueName: "n"))
    var maxPeriod = 400

    @Option(help: ArgumentHelp("Rolling backtest origins per model.", valueName: "n"))
    var folds = 3

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write an SVG plot of the history, forecast and interval.", valueName: "file"))
    var svg: String?

    @Flag(help: "Print the selection's and the chosen model's fit + forecast times (always in --json).")
    var timing = false

    func validate() throws {
        guard horizon >= 1 else { throw ValidationError("--horizon: expected 1 or more samples, got \(horizon)") }
        guard confidence > 0, confidence < 1 else {
            throw ValidationError("--confidence: expected a number in (0, 1) such as 0.95, got \(confidence)")
        }
        guard maxPeriod >= 2 else { throw ValidationError("--max-period: expected 2 or more, got \(maxPeriod)") }
        guard (1...20).contains(folds) else { throw ValidationError("--folds: expected 1 to 20, got \(folds)") }
        _ = try periodList()
        _ = try modelList()
    }

    /// The models in a list such as `theta, linear`; every model for nil.
    static func parseModels(_ models: String?) throws -> [ForecasterKind] {
        guard let models else { return ForecasterKind.allCases }
        return try NameList.parse(models, option: "--models", noun: "model")
    }

    func periodList() throws -> [Int]? { try Self.parsePeriods(periods) }

    func modelList() throws -> [ForecasterKind] { try Self.parseModels(models) }

    /// The periods in a list such as `24,168`; nil for nil.
    static func parsePeriods(_ periods: String?) throws -> [Int]? {
        guard let periods else { return nil }
        var list: [Int] = []
        for field in periods.split(separator: ",") {
            guard let period = Int(field.trimmingCharacters(in: .whitespaces)), period >= 2 else {
                throw ValidationError("--periods: expected whole numbers ≥ 2 separated by commas, got \"\(field)\"")
            }
            list.append(period)
        }
        return list
    }

    func run() async throws {
        let text: String
        do {
            text = try String(contentsOfFile: input, encoding: .utf8)
        } catch {
            throw CommandFailure("\(input): cannot read: \(error.localizedDescription)")
        }
        var options = ForecastModelSelection.Options(horizon: horizon)
        options.confidenceLevel = confidence
        options.folds = folds
        options.maxPeriod = maxPeriod
        options.periods = try periodList()
        options.kinds = try modelList()
        let report = try Self.forecast(text, name: input, options: options)
        if let svg {
            let plot = ForecastPlot.svg(
                history: report.series.values, forecast: report.forecast,
                title: "\(input): \(report.selection.best.specification)")
            do {
                try plot.write(toFile: svg, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("\(svg): cannot write the plot: \(error.localizedDescription)")
            }
        }
        print(json ? ForecastReport.json(report) : ForecastReport.table(report, timing: timing), terminator: "")
    }

    /// Reads, selects, fits and forecasts; errors name the file and line or what is wrong with the series.
    static func forecast(_ text: String, name: String, options: ForecastModelSelection.Options) throws
        -> ForecastReport
    {
        let parsed: (rows: [TimestampValueCSV.Row], timestamps: [Int64], values: [Double])
        do {
            parsed = try TimestampValueCSV.series(text)
        } catch {
            throw CommandFailure("\(name): \(error)")
        }
        do {
            let series = try RegularSeries(timestamps: parsed.timestamps, values: parsed.values)
            let clock = ContinuousClock()
            let selectionStart = clock.now
            let selection = try ForecastModelSelection.select(series.values, options: options)
            let selectionTime = clock.now - selectionStart
            let fitStart = clock.now
            let (model, forecast) = try selection.forecast(
                series.values, horizon: options.horizon, confidenceLevel: options.confidenceLevel)
            let fitTime = clock.now - fitStart
            var notes: [String] = []
            if series.filledGaps > 0 {
                notes.append("\(series.filledGaps) missing time steps in gaps filled by linear interpolation")
            }
            if series.filledMissing > 0 {
                notes.append(
                    "\(series.filledMissing) missing values (empty, NaN or inf) filled by linear interpolation")
            }
            return ForecastReport(
                name: name, dateTimes: parsed.rows.first.map { $0.timestampText.contains("-") } ?? false,
                series: series, selection: selection, model: model, forecast: forecast, notes: notes + selection.notes,
                selectionSeconds: selectionTime.seconds, fitForecastSeconds: fitTime.seconds)
        } catch {
            throw CommandFailure("\(name): \(error)")
        }
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
