import ArgumentParser
import Foundation
import HomeostatCore

/// `homeostat detect`: online anomaly scores for a `timestamp,value` CSV, or the synthetic benchmark.
struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Score a timestamp,value CSV on stdin for anomalies; writes timestamp,value,anomaly_score.",
        discussion: """
            Reads a CSV with the header timestamp,value on stdin (further columns are ignored) and writes \
            timestamp,value,anomaly_score on stdout, one row per input row, in input order. Scoring is \
            online: each score depends only on the rows up to it. Scores are in [0, 1]; 0.5 or more is a \
            detection. The first --warm-up rows score 0.

            Timestamps: numbers (seconds, milliseconds, or a sample index) or date-times like \
            2014-04-01 00:00:00 (UTC unless they carry Z or ±HH:MM). Values: numbers; NaN, inf or an \
            empty field are echoed and score 0 without changing the detector. Gaps in time keep the \
            seasonal phase aligned.

            Bad input (missing or wrong header, a non-numeric field, a row with one field) stops the \
            command with a message naming the line, what was expected and what was found, and exit \
            status 1. Output is streamed: the rows before the bad line have already been written.

            --evaluate instead runs the built-in labelled synthetic suite (spikes, level shifts, \
            variance changes, seasonality breaks, slow drifts, clean series) and prints event-level \
            precision, recall, F1 and mean detection delay per anomaly kind.

            Examples:
              homeostat detect < series.csv > scored.csv
              homeostat detect --detectors median,cusum --sensitivity 0.8 < series.csv
              homeostat detect --evaluate --json
              homeostat detect --evaluate --first-seed 101    # the held-out seeds
            """)

    @Option(
        help: ArgumentHelp(
            "Comma-separated detectors: median, ewma, seasonal, cusum, rate (default: all).", valueName: "list"))
    var detectors = AnomalyDetectorKind.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: ArgumentHelp("Sensitivity from 0.5 (fewer detections) to 2 (more).", valueName: "s"))
    var sensitivity = 1.0

    @Option(name: .customLong("warm-up"), help: ArgumentHelp("Rows scored 0 while learning.", valueName: "n"))
    var warmUp = AnomalyColumn.Configuration().warmUp

    @Option(help: ArgumentHelp("Longest seasonal period searched for, in rows.", valueName: "n"))
    var maxPeriod = 400

    @Option(
        help: ArgumentHelp(
            "Smallest σ, in the values' unit: changes well below it are never anomalies (default 0; the agent uses 0.005 for ratios).",
            valueName: "x"))
    var minSigma = 0.0

    @Option(
        help: ArgumentHelp(
            "Smallest σ as a fraction of the series' typical |value| (default 0; the agent uses 0.002 for byte gauges, 0.05 for rates).",
            valueName: "r"))
    var relativeFloor = 0.0

    @Option(
        help: ArgumentHelp(
            "Habituation's half-life in rows: deviations to levels the series visited often are damped.",
            valueName: "rows"))
    var habituation = Habituation.Configuration().halfLife

    @Flag(help: "Turn habituation off (every deviation scores as if never seen before).")
    var noHabituation = false

    @Flag(help: "Add one column per detector with its contribution (median,ewma,seasonal,cusum,rate).")
    var explain = false

    @Flag(help: "Run the labelled synthetic suite and print precision, recall, F1 and delay per kind.")
    var evaluate = false

    @Option(
        help: ArgumentHelp(
            "Write a labelled synthetic series (timestamp,value,is_anomaly) of this kind instead: "
                + SyntheticAnomalyKind.allCases.map(\.rawValue).joined(separator: ", ") + ".",
            valueName: "kind"))
    var generate: String?

    @Option(help: ArgumentHelp("With --generate: the seed.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("With --evaluate: series per anomaly kind (3 anomalies each).", valueName: "n"))
    var seriesPerKind = 10

    @Option(
        help: ArgumentHelp(
            "With --evaluate: the first seed (1: the tuning set; 101: the held-out set).", valueName: "n"))
    var firstSeed: UInt64 = 1

    @Option(help: ArgumentHelp("With --evaluate: the score that counts as a detection.", valueName: "t"))
    var threshold = 0.5

    @Flag(help: "With --evaluate: print JSON.")
    var json = false

    func validate() throws {
        guard (0.5...2).contains(sensitivity) else {
            throw ValidationError("--sensitivity: expected a number from 0.5 to 2, got \(sensitivity)")
        }
        guard warmUp >= 0 else { throw ValidationError("--warm-up: expected 0 or more rows, got \(warmUp)") }
        guard maxPeriod >= 2 else { throw ValidationError("--max-period: expected 2 or more rows, got \(maxPeriod)") }
        guard minSigma >= 0, minSigma.isFinite else {
            throw ValidationError("--min-sigma: expected a finite number ≥ 0, got \(minSigma)")
        }
        guard relativeFloor >= 0, relativeFloor <= 1 else {
            throw ValidationError("--relative-floor: expected a fraction from 0 to 1, got \(relativeFloor)")
        }
        guard seriesPerKind >= 1 else {
            throw ValidationError("--series-per-kind: expected 1 or more, got \(seriesPerKind)")
        }
        guard threshold > 0, threshold <= 1 else {
            throw ValidationError("--threshold: expected a score in (0, 1], got \(threshold)")
        }
        _ = try detectorSet()
        if let generate, SyntheticAnomalyKind(rawValue: generate) == nil {
            let known = SyntheticAnomalyKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--generate: expected one of \(known), got \"\(generate)\"")
        }
    }

    func detectorSet() throws -> Set<AnomalyDetectorKind> {
        try Self.parseDetectors(detectors)
    }

    /// The detectors named in a comma-separated list such as `median, cusum`.
    static func parseDetectors(_ list: String) throws -> Set<AnomalyDetectorKind> {
        Set(try NameList.parse(list, option: "--detectors", noun: "detector") as [AnomalyDetectorKind])
    }

    func columnConfiguration() throws -> AnomalyColumn.Configuration {
        var configuration = AnomalyColumn.Configuration()
        configuration.detectors = try detectorSet()
        configuration.sensitivity = sensitivity
        configuration.warmUp = warmUp
        configuration.maxPeriod = maxPeriod
        configuration.minimumSigma = minSigma
        configuration.relativeSigmaFloor = relativeFloor
        guard habituation >= 1, habituation.isFinite else {
            throw ValidationError("--habituation: expected a half-life of at least 1 row, got \(habituation)")
        }
        configuration.habituation?.halfLife = habituation
        if noHabituation { configuration.habituation = nil }
        return configuration
    }

    func run() async throws {
        let configuration = try columnConfiguration()
        if evaluate {
            let rows = SyntheticBenchmark.run(
                configuration: configuration, seriesPerKind: seriesPerKind, firstSeed: firstSeed,
                threshold: threshold)
            print(json ? EvaluationReport.json(rows) : EvaluationReport.table(rows), terminator: "")
            return
        }
        if let generate, let kind = SyntheticAnomalyKind(rawValue: generate) {
            let series = SyntheticSeriesGenerator.make(kind: kind, seed: seed)
            var output = BufferedOutput()
            output.append("timestamp,value,is_anomaly\n")
            var labels = [Bool](repeating: false, count: series.values.count)
            for window in series.windows { for i in window where i < labels.count { labels[i] = true } }
            for i in series.values.indices {
                output.append("\(series.timestamps[i] / 1000),\(series.values[i]),\(labels[i] ? 1 : 0)\n")
                output.flushIfFull()
            }
            output.flush()
            return
        }
        var reader = ByteLineReader()
        var output = BufferedOutput()
        do {
            try Self.stream(from: &reader, to: &output, configuration: configuration, explain: explain)
        } catch {
            output.flush()
            throw CommandFailure("stdin \(error)")
        }
        output.flush()
    }

    /// Scores every row of `reader` into `output` (header first). Returns the number of data rows.
    @discardableResult
    static func stream(
        from reader: inout ByteLineReader, to output: inout BufferedOutput, configuration: AnomalyColumn.Configuration,
        explain: Bool = false
    ) throws(DetectInputError) -> Int {
        var lineNumber = 1
        guard let header = reader.nextLine() else {
            throw DetectInputError(line: 1, expected: "the header \"timestamp,value\"", got: "end of input")
        }
        try TimestampValueCSV.checkHeader(header[...], lineNumber: 1)
        output.append("timestamp,value,anomaly_score")
        if explain {
            for kind in AnomalyDetectorKind.allCases { output.append("," + kind.rawValue) }
        }
        output.append(byte: UInt8(ascii: "\n"))
        var column = AnomalyColumn(configuration: configuration)
        var rows = 0
        while let line = reader.nextLine() {
            lineNumber += 1
            if line.isEmpty { continue }
            let row = try TimestampValueCSV.parseRow(line[...], lineNumber: lineNumber)
            let score = column.observe(timestamp: row.timestamp, value: row.value)
            output.append(row.timestampText)
            output.append(byte: UInt8(ascii: ","))
            output.append(row.valueText)
            output.append(byte: UInt8(ascii: ","))
            output.append(score: score.value)
            if explain {
                for kind in AnomalyDetectorKind.allCases {
                    output.append(byte: UInt8(ascii: ","))
                    output.append(score: score.contributions[kind])
                }
            }
            output.append(byte: UInt8(ascii: "\n"))
            output.flushIfFull()
            rows += 1
        }
        return rows
    }
}
