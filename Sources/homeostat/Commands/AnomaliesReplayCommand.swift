import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore
import HomeostatStore

/// `homeostat anomalies replay`: the stored raw samples through fresh anomaly columns, cycle by cycle,
/// and which incidents would have notified.
struct AnomaliesReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay stored raw samples through fresh anomaly columns: the incidents and which would notify.",
        discussion: """
            Reads metrics.sqlite in the data directory (raw samples are kept for memory.raw_retention, \
            2 h by default), rebuilds each collection cycle, scores it with new columns (the agent's \
            settings) and groups the flags into incidents. Each incident gets the notification policy's \
            verdict: it notifies only after the first hour of watching, when dense (≥ 1 % of all samples \
            flagged in its densest minute), sustained (some series flagged ≥ 5 samples), broad (≥ 3 series \
            of ≥ 2 metrics) and not of a kind that already notified in the last 24 h (all set in the \
            anomalies: section). The alert rules (defaults and alerts.rules) are evaluated on the same \
            cycles. The first 96 cycles of each series only train its column. Works while an agent runs \
            (it reads what was flushed).

            Examples:
              homeostat anomalies replay                          # everything stored in the last 24 h
              homeostat anomalies replay --start -2h --all        # every incident, not only notifications
              homeostat anomalies replay --data-dir rec --json
            """)

    @Option(parsing: .unconditional, help: ArgumentHelp("Start of the range (default: -24h).", valueName: "time"))
    var start = "-24h"

    @Option(parsing: .unconditional, help: ArgumentHelp("End of the range (default: now).", valueName: "time"))
    var end = "now"

    @Flag(help: "Print every incident with its verdict, not only those that notify.")
    var all = false

    @Flag(help: "Score without the columns' habituation memory (to see what it removes).")
    var noHabituation = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let from: Int64
        let to: Int64
        do {
            from = try QueryTime.parse(start, now: now)
        } catch { throw CommandFailure("--start: \(error)") }
        do {
            to = try QueryTime.parse(end, now: now)
        } catch { throw CommandFailure("--end: \(error)") }
        guard from < to else { throw CommandFailure("--start must be before --end") }
        let directory = options.dataDirectory(config)
        let path = directory.path + "/" + MetricStore.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("there is no \(path); record with `homeostat run` first, or pass --data-dir")
        }
        let store = try MetricStore(path: path)
        // The recording agent's own process gets no column, as in the agent (agent.json names it while it runs).
        let recorder = FileManager.default.contents(atPath: directory.agentInfoPath)
            .flatMap { try? JSONDecoder().decode(AgentInfo.self, from: $0) }
        let interactive = isatty(STDERR_FILENO) == 1 && !json
        var monitor = AnomalyMonitor.Configuration.agent(ownPID: recorder?.pid, config: config)
        if noHabituation { monitor.column.habituation = nil }
        var rules = config.alerts.defaultRules ? DefaultAlertRules.rules(config.monitoring.alertThresholds) : []
        rules += config.alerts.rules
        let evaluator = try AlertEvaluator(rules: rules)
        let result = try await AnomalyReplay.run(
            store: store, from: from, to: to, monitor: monitor, alerts: evaluator
        ) { fraction in
            if interactive {
                FileHandle.standardError.write(Data(String(format: "\rreplaying… %3.0f %%", fraction * 100).utf8))
            }
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(json ? Self.json(result) : Self.text(result, all: all, origin: path))
    }

    static func text(_ result: AnomalyReplay.Result, all: Bool, origin: String) -> String {
        let notifications = result.notifications.count
        var lines = [
            String(
                format:
                    "%d cycles (%.2f h), %d series, %d samples, %d flagged · %d incidents, %d would notify (%.2f per 24 h)",
                result.cycles, result.hours, result.series, result.samples, result.flaggedSamples,
                result.incidents.count, notifications,
                result.hours > 0 ? Double(notifications) / result.hours * 24 : 0) + " · from \(origin)"
        ]
        lines.append(
            String(
                format:
                    "alert rules: %d notifications (%d firing or repeated) · in all %d announcements (%.2f per 24 h)",
                result.alertNotifications.count, result.alertAnnouncements, result.announcements,
                result.hours > 0 ? Double(result.announcements) / result.hours * 24 : 0))
        for note in result.alertNotifications {
            let started = note.startedAt.map { time(Int64($0 * 1000)) } ?? "?"
            let resolved = note.resolvedAt.map { "–" + time(Int64($0 * 1000)) } ?? ""
            lines.append("  \(note.kind.rawValue) \(note.rule) \(note.series) \(started)\(resolved)")
        }
        if result.corruptedChunks > 0 { lines.append("warning: \(result.corruptedChunks) corrupt chunks skipped") }
        for (incident, verdict) in zip(result.incidents, result.verdicts) where all || verdict.notifies {
            let seconds = Double(incident.end - incident.start) / 1000
            lines.append(
                "#\(incident.id) \(time(incident.start)) \(Int(seconds)) s, \(incident.contributors.count) series, "
                    + "densest minute \(incident.densestFlags) flags: "
                    + (verdict.notifies ? "NOTIFY" : verdict.reason))
            for contributor in incident.contributors.prefix(5) {
                lines.append(
                    String(format: "    %.3f  %4d×  ", contributor.peakScore, contributor.flaggedSamples)
                        + contributor.series.description)
            }
            if incident.contributors.count > 5 { lines.append("    … \(incident.contributors.count - 5) more") }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ result: AnomalyReplay.Result) -> String {
        let incidents = zip(result.incidents, result.verdicts).map { incident, verdict in
            let series = incident.contributors.map {
                "{\"series\":\(JSONText.string($0.series.description)),\"peak_score\":\(JSONText.number($0.peakScore)),"
                    + "\"flagged_samples\":\($0.flaggedSamples)}"
            }
            return "{\"id\":\(incident.id),\"start\":\(JSONText.seconds(incident.start)),"
                + "\"end\":\(JSONText.seconds(incident.end)),\"notifies\":\(verdict.notifies),"
                + "\"reason\":\(JSONText.string(verdict.reason)),\"series\":[\(series.joined(separator: ","))]}"
        }
        return "{\"cycles\":\(result.cycles),\"hours\":\(JSONText.number(result.hours)),\"series\":\(result.series),"
            + "\"samples\":\(result.samples),\"flagged_samples\":\(result.flaggedSamples),\"corrupted_chunks\":\(result.corruptedChunks),"
            + "\"notifications\":\(result.notifications.count),"
            + "\"alert_notifications\":\(result.alertAnnouncements),"
            + "\"announcements\":\(result.announcements),\"incidents\":[\(incidents.joined(separator: ","))]}"
    }

    private static func time(_ milliseconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
