import Foundation
import Homeostat
import HomeostatCore
import Synchronization
import Testing

@Suite("AnomalyMonitor")
struct AnomalyMonitorTests {
    static let start = 1_800_000_000.0
    static let spiky = SeriesKey("app.queue.depth", ["queue": "mail"])

    /// 20 quiet series and one that jumps by 25 at `spikeAt` for one sample, plus a `homeostat.` series
    /// that must get no column. With `noise` 0 the series are noise-free (10 constant, 11 sinusoids of
    /// period 30 s with different phases), so the only anomaly is the spike: this tests the monitor's
    /// plumbing, not the columns' false-positive rate (the detector suites measure that). With noise,
    /// every series gets Gaussian noise of that σ.
    static func snapshots(count: Int, spikeAt: Int, noise: Double = 0, seed: UInt64 = 7) -> [Snapshot] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { i in
            var samples = (0..<20).map { s in
                let base = s < 10 ? 100 + Double(s) : 100 + 5 * sin(2 * Double.pi * Double(i + s) / 30)
                return Sample(
                    SeriesKey("app.worker.load", ["worker": "\(s)"]), base + noise * random.nextGaussian(), unit: "1")
            }
            let spike = i == spikeAt ? 25.0 : 0
            let level = 50 + 2 * sin(2 * Double.pi * Double(i) / 30)
            samples.append(Sample(spiky, level + noise * random.nextGaussian() + spike, unit: "1"))
            samples.append(Sample(SeriesKey("homeostat.collection.duration"), Double(i % 7), unit: "s"))
            return Snapshot(timestamp: start + Double(i), samples: samples)
        }
    }

    static func monitor(shards: Int = 4) -> AnomalyMonitor {
        var configuration = AnomalyMonitor.Configuration()
        configuration.shardCount = shards
        return AnomalyMonitor(configuration: configuration)
    }

    @Test("a spike in one series among 20 quiet ones yields exactly one incident naming it first")
    func spikeMakesOneIncident() async throws {
        let monitor = Self.monitor()
        var flaggedAtSpike: [AnomalyMonitor.FlaggedSeries] = []
        for (i, snapshot) in Self.snapshots(count: 220, spikeAt: 150).enumerated() {
            let flagged = await monitor.observe(snapshot)
            if i == 150 { flaggedAtSpike = flagged }
        }
        #expect(monitor.shardCount == 4)
        #expect(monitor.statistics.columns == 21)  // the homeostat. series has none
        #expect(monitor.statistics.samplesScored == 21)
        #expect(flaggedAtSpike.first?.series == Self.spiky)
        #expect((flaggedAtSpike.first?.score.value ?? 0) >= 0.5)

        let incidents = monitor.incidents(limit: 10)
        #expect(incidents.count == 1)
        let incident = try #require(incidents.first)
        #expect(incident.isOpen == false)  // 69 s of quiet after the spike closed it
        #expect(incident.start == Int64((Self.start + 150) * 1000))
        #expect(incident.closedAt.map { $0 > incident.end + 30_000 } == true)
        #expect(incident.contributors.map(\.series) == [Self.spiky])
        #expect(incident.contributors.first?.peakTime == Int64((Self.start + 150) * 1000))
        #expect((incident.contributors.first?.peakValue ?? 0) > 70)
        #expect(monitor.flagged.isEmpty)  // the last cycle was quiet
    }

    @Test("the agent's monitor settings come from the anomalies section")
    func agentSettings() {
        var config = PerformanceConfig()
        config.monitoring.collectionInterval = 2
        config.anomalies.threshold = 0.7
        config.anomalies.incidentWindow = 60
        config.anomalies.habituationHalfLife = 3600
        config.anomalies.notifyLearningPeriod = 600
        config.anomalies.notifyMinimumAnomalyRate = 0.05
        config.anomalies.notifyMinimumSeries = 4
        config.anomalies.notifyRepeatAfter = 7200
        let settings = AnomalyMonitor.Configuration.agent(ownPID: 42, config: config)
        #expect(settings.threshold == 0.7)
        #expect(settings.incidentWindow == 60)
        #expect(settings.column.habituation?.halfLife == 1800)  // samples at 2 s
        #expect(settings.notification.learningPeriod == 600_000)
        #expect(settings.notification.minimumAnomalyRate == 0.05)
        #expect(settings.notification.minimumSeries == 4)
        #expect(settings.notification.habituationWindow == 7_200_000)
        #expect(settings.excludedLabels == [Label("process.pid", "42")])
        #expect(settings.excludedPrefixes == ["homeostat.", "hb.", "http.server."])
        config.anomalies.habituation = false
        #expect(AnomalyMonitor.Configuration.agent(ownPID: nil, config: config).column.habituation == nil)
    }

    @Test("a broad, sustained incident after learning notifies once; the same kind again does not")
    func notifiesOnce() async throws {
        var configuration = AnomalyMonitor.Configuration()
        configuration.notification.learningPeriod = 60_000
        let monitor = AnomalyMonitor(configuration: configuration)
        let received = Mutex<[IncidentNotification]>([])
        monitor.onNotification { notification in received.withLock { $0.append(notification) } }
        // Workers 10–14 (sinusoids) and the queue jump by 40 for 10 samples at cycles 150 and 400: 60 flags in a minute
        // of 21 series × 60 cycles = 4.8 % of the samples, 6 series of 2 metrics.
        for (i, var snapshot) in Self.snapshots(count: 450, spikeAt: -1).enumerated() {
            if (150..<160).contains(i) || (400..<410).contains(i) {
                for index in snapshot.samples.indices
                where snapshot.samples[index].series == Self.spiky
                    || ["10", "11", "12", "13", "14"].contains(snapshot.samples[index].series[label: "worker"] ?? "-")
                {
                    snapshot.samples[index].value += 40
                }
            }
            await monitor.observe(snapshot)
        }
        let notifications = received.withLock { $0 }
        #expect(notifications.map(\.resolved) == [false, true])  // fired, then resolved when it closed
        #expect(notifications.map(\.incident.id) == [notifications[0].incident.id, notifications[0].incident.id])
        #expect(notifications.last?.incident.isOpen == false)
        let first = try #require(notifications.first)
        #expect(first.incident.start == Int64((Self.start + 150) * 1000))
        #expect(first.incident.contributors.count == 6)
        #expect(first.anomalyRate >= 0.01)
        #expect(monitor.notifications == notifications)
        #expect(monitor.verdict(incident: first.incident.id)?.notifies == true)
        #expect(first.summary.hasPrefix("anomaly incident #\(first.incident.id): 6 series, node anomaly rate "))
        let later = monitor.incidents(limit: 10).filter { $0.start >= Int64((Self.start + 400) * 1000) }
        for incident in later { #expect(monitor.verdict(incident: incident.id)?.notifies != true) }
    }

    @Test("the same snapshots give the same incidents with 1 shard and with 4")
    func shardingDoesNotChangeTheOutcome() async {
        let one = Self.monitor(shards: 1)
        let four = Self.monitor(shards: 4)
        for snapshot in Self.snapshots(count: 200, spikeAt: 140, noise: 1, seed: 11) {
            await one.observe(snapshot)
            await four.observe(snapshot)
        }
        #expect(one.incidents(limit: 100) == four.incidents(limit: 100))
        #expect(one.incidents(limit: 100).isEmpty == false)
    }

    @Test("exported metrics: scores only for flagged series, and the summary gauges")
    func exportedSamples() async {
        let monitor = Self.monitor()
        let snapshots = Self.snapshots(count: 151, spikeAt: 150)
        for snapshot in snapshots { await monitor.observe(snapshot) }
        let samples = monitor.samples()
        let scores = samples.filter { $0.series.name == "homeostat.anomaly.score" }
        #expect(scores.first?.series[label: "series"] == #"app.queue.depth{queue="mail"}"#)
        #expect(scores.allSatisfy { $0.value >= 0.5 })
        let flaggedCount = samples.first { $0.series.name == "homeostat.anomaly.series_flagged" }?.value
        #expect(flaggedCount == Double(scores.count))
        #expect(samples.first { $0.series.name == "homeostat.anomaly.incidents.open" }?.value == 1)
        #expect(samples.first { $0.series.name == "homeostat.anomaly.columns" }?.value == 21)
        #expect(samples.allSatisfy { !monitor.isMonitored($0.series) })
    }

    @Test("excluded prefixes and labels get no column")
    func exclusions() {
        var configuration = AnomalyMonitor.Configuration()
        configuration.excludedPrefixes += ["hb."]
        configuration.excludedLabels = [Label("process.pid", "42")]
        let monitor = AnomalyMonitor(configuration: configuration)
        #expect(!monitor.isMonitored(SeriesKey("homeostat.memory.size", ["tier": "raw"])))
        #expect(!monitor.isMonitored(SeriesKey("hb.requests")))
        #expect(!monitor.isMonitored(SeriesKey("process.cpu.utilization", ["process.pid": "42"])))
        #expect(monitor.isMonitored(SeriesKey("process.cpu.utilization", ["process.pid": "43"])))
        #expect(monitor.isMonitored(SeriesKey("system.memory.limit")))
    }

    @Test("a series gone for longer than forgetAfter loses its column")
    func goneSeriesAreDropped() async {
        var configuration = AnomalyMonitor.Configuration()
        configuration.forgetAfter = 60
        configuration.shardCount = 2
        let monitor = AnomalyMonitor(configuration: configuration)
        let kept = SeriesKey("kept")
        let gone = SeriesKey("gone")
        for i in 0..<10 {
            await monitor.observe(
                Snapshot(
                    timestamp: Self.start + Double(i),
                    samples: [Sample(kept, 1, unit: "1"), Sample(gone, 2, unit: "1")]))
        }
        #expect(monitor.statistics.columns == 2)
        for i in 10..<100 {
            await monitor.observe(Snapshot(timestamp: Self.start + Double(i), samples: [Sample(kept, 1, unit: "1")]))
        }
        #expect(monitor.statistics.columns == 1)
        #expect(throws: AnomalyFeedbackError.self) { try monitor.feedback(series: "gone", verdict: .truePositive) }
    }

    @Test("feedback moves the named column's sensitivity; an unknown series is an error naming it")
    func feedback() async throws {
        let monitor = Self.monitor()
        for snapshot in Self.snapshots(count: 5, spikeAt: -1) { await monitor.observe(snapshot) }
        let after = try monitor.feedback(series: #"app.queue.depth{queue="mail"}"#, verdict: .falsePositive)
        #expect(abs(after - 0.85) < 1e-12)
        let raised = try monitor.feedback(series: #"app.queue.depth{queue="mail"}"#, verdict: .truePositive)
        #expect(abs(raised - 0.85 * 1.05) < 1e-12)
        do {
            try monitor.feedback(series: "homeostat.collection.duration", verdict: .falsePositive)
            Issue.record("an excluded series has no column")
        } catch {
            #expect(error.code == .unknownSeries)
            #expect(error.description.contains("homeostat.collection.duration"))
        }
    }

    @Test("feedback persists: a new monitor on the same file starts the series' column at the learnt sensitivity")
    func feedbackPersists() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedback-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + AnomalyFeedbackFile.fileName
        var configuration = AnomalyMonitor.Configuration()
        configuration.feedbackFile = path
        let series = #"app.queue.depth{queue="mail"}"#

        let first = AnomalyMonitor(configuration: configuration)
        for snapshot in Self.snapshots(count: 5, spikeAt: -1) { await first.observe(snapshot) }
        try first.feedback(series: series, verdict: .falsePositive)
        try first.feedback(series: series, verdict: .falsePositive)
        #expect(try AnomalyFeedbackFile.load(path) == [series: 0.85 * 0.85])

        let restarted = AnomalyMonitor(configuration: configuration)
        #expect(restarted.feedbackFileProblem == nil)
        for snapshot in Self.snapshots(count: 5, spikeAt: -1) { await restarted.observe(snapshot) }
        // One more verdict starts from the stored 0.7225, not from 1.
        #expect(abs(try restarted.feedback(series: series, verdict: .truePositive) - 0.85 * 0.85 * 1.05) < 1e-12)
    }

    @Test(
        "a corrupt feedback file is named, moved aside, and the columns start at their defaults",
        arguments: [
            ("{not json", "expected a JSON object"),
            (#"{"version":2,"sensitivities":{}}"#, "version: expected 1, got 2"),
            (#"{"version":1,"sensitivities":{"x":"high"}}"#, "sensitivities.x: expected a positive number, got high"),
            (#"{"version":1,"sensitivities":{"x":-1}}"#, "sensitivities.x: expected a positive number, got -1"),
        ])
    func corruptFeedbackFile(_ text: String, _ message: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedback-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + AnomalyFeedbackFile.fileName
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var configuration = AnomalyMonitor.Configuration()
        configuration.feedbackFile = path
        let monitor = AnomalyMonitor(configuration: configuration)
        #expect(monitor.feedbackFileProblem?.description == "\(path): \(message)")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.contents(atPath: path + ".corrupt") == Data(text.utf8))
    }

    @Test(
        "feedback bodies: bad fields are named",
        arguments: [
            ("not json", "body: expected a JSON object"),
            (#"{"verdict":"false_positive"}"#, "series: missing"),
            (#"{"series":3,"verdict":"false_positive"}"#, "series: expected a non-empty string"),
            (#"{"series":"x"}"#, "verdict: missing"),
            (#"{"series":"x","verdict":"maybe"}"#, "verdict: expected false_positive or true_positive, got maybe"),
        ])
    func badBodies(_ body: String, _ message: String) {
        do {
            _ = try AnomalyFeedbackRequest(json: Data(body.utf8))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.code == .invalidBody)
            #expect(error.description.hasPrefix(message))
        }
    }

    @Test("σ floors by unit: ratios absolute, byte gauges and rates relative, explicit floors kept")
    func floorsByUnit() {
        let base = AnomalyColumn.Configuration()
        let ratio = AnomalyMonitor.columnConfiguration(base, unit: "1")
        #expect(ratio.minimumSigma == 0.005 && ratio.relativeSigmaFloor == 0)
        let bytes = AnomalyMonitor.columnConfiguration(base, unit: "By")
        #expect(bytes.minimumSigma == 0 && bytes.relativeSigmaFloor == 0.002)
        for unit in ["By/s", "{operation}/s"] {
            #expect(AnomalyMonitor.columnConfiguration(base, unit: unit).relativeSigmaFloor == 0.05)
        }
        let other = AnomalyMonitor.columnConfiguration(base, unit: "{thread}")
        #expect(other.minimumSigma == 0 && other.relativeSigmaFloor == 0)
        var explicit = base
        explicit.minimumSigma = 3
        #expect(AnomalyMonitor.columnConfiguration(explicit, unit: "By").relativeSigmaFloor == 0)
    }
}
