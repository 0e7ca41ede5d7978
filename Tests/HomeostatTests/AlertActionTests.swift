import Foundation
import Homeostat
import HomeostatCore
import HomeostatStore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// Alert actions for real: webhooks POSTed to a live local HTTP listener, a command run with the alert
/// on stdin and in its environment, the optimizer hook, and state that survives a restart.
@Suite("Alert actions and persistence")
struct AlertActionTests {
    /// Runs `body` with the engine's dispatcher running, then stops it.
    static func withDispatcher(_ engine: HomeostatEngine, _ body: () async throws -> Void) async throws {
        let task = Task { await engine.alerts.dispatcher.run() }
        defer { task.cancel() }
        try await body()
    }

    /// Polls until `condition` holds, at most `seconds`.
    static func eventually(_ seconds: Double = 15, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }

    static func snapshot(at time: Double, memory: Double) -> Snapshot {
        Snapshot(
            timestamp: time,
            samples: [Sample(SeriesKey("system.memory.utilization", ["state": "used"]), memory, unit: "1")])
    }

    @Test("a webhook POSTs the notification JSON to a real local listener, retrying after a 500")
    func webhookToLiveListener() async throws {
        let received = Mutex<[(status: Int, body: String, contentType: String?)]>([])
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let status = received.withLock { list -> Int in
                let status = list.isEmpty ? 500 : 200  // the first attempt fails
                list.append((status, body, request.headers[.contentType]))
                return status
            }
            return Response(status: .init(code: status))
        }
        try await Application(router: router).test(.live) { client in
            let port = try #require(client.port)
            var config = PerformanceConfig()
            config.alerts.defaultRules = false
            let engine = HomeostatEngine(config: config)
            try await Self.withDispatcher(engine) {
                let hook = "http://127.0.0.1:\(port)/hook"
                let notes = try engine.alerts.notify(
                    ExternalAlert(
                        source: "anomaly_incident", key: "incident-7", active: true, value: 0.93, threshold: 0.5,
                        severity: .critical, summary: "3 series anomalous", actions: [.webhook(url: hook, timeout: 5)]),
                    now: 1_764_000_000)
                #expect(notes.map(\.kind) == [.firing])
                // Deduplicated: the same event again notifies nobody.
                #expect(
                    try engine.alerts.notify(
                        ExternalAlert(source: "anomaly_incident", key: "incident-7", active: true), now: 1_764_000_001
                    ).isEmpty)
                let delivered = try await Self.eventually {
                    try engine.alerts.history(limit: 10).contains { $0.action == "webhook" }
                }
                #expect(delivered)
                let outcome = try engine.alerts.history(limit: 10).first { $0.action == "webhook" }?.outcome
                #expect(outcome == "delivered (HTTP 200)")
            }
        }
        let requests = received.withLock { $0 }
        #expect(requests.map(\.status) == [500, 200])
        #expect(requests.first?.body == requests.last?.body)
        #expect(requests.last?.contentType == "application/json")
        let body = try #require(requests.last?.body)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(json["kind"] as? String == "firing")
        #expect(json["rule"] as? String == "anomaly_incident")
        #expect(json["series"] as? String == "incident-7")
        #expect(json["value"] as? Double == 0.93)
        #expect(json["threshold"] as? Double == 0.5)
        #expect(json["severity"] as? String == "critical")
        #expect(json["state"] as? String == "firing")
        #expect(json["started_at"] as? Double == 1_764_000_000)
        #expect(json["at"] as? Double == 1_764_000_000)
        #expect(json["summary"] as? String == "3 series anomalous")
        #expect(json["resolved_at"] == nil)
    }

    @Test("a rule's firing and resolved notifications both reach the listener")
    func ruleWebhookFiringAndResolved() async throws {
        let bodies = Mutex<[String]>([])
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            bodies.withLock { $0.append(body) }
            return .noContent
        }
        try await Application(router: router).test(.live) { client in
            let port = try #require(client.port)
            var config = PerformanceConfig()
            config.alerts.defaultRules = false
            let engine = HomeostatEngine(config: config)
            try engine.alerts.addRule(
                AlertRule(
                    name: "memory", selector: SeriesSelector(parsing: #"system.memory.utilization{state="used"}"#),
                    comparison: .greater, threshold: 0.9, clearThreshold: 0.8,
                    actions: [.webhook(url: "http://127.0.0.1:\(port)/hook", timeout: 5)]))
            try await Self.withDispatcher(engine) {
                for (time, value) in [(100.0, 0.95), (101, 0.85), (102, 0.79)] {
                    engine.alerts.observe(Self.snapshot(at: time, memory: value))
                }
                let settled = try await Self.eventually { bodies.withLock { $0.count } == 2 }
                #expect(settled)
            }
        }
        let decoded = try bodies.withLock { $0 }.map {
            try JSONDecoder().decode(AlertNotification.self, from: Data($0.utf8))
        }
        #expect(decoded.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.firing, .resolved])
        let resolved = try #require(decoded.first { $0.kind == .resolved })
        #expect(resolved.startedAt == 100)
        #expect(resolved.resolvedAt == 102)
        #expect(resolved.value == 0.79)
        #expect(resolved.series == #"system.memory.utilization{state="used"}"#)
    }

    @Test("a command action gets the alert as JSON on stdin and in its environment")
    func commandAction() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("alert-cmd-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/out"
        var config = PerformanceConfig()
        config.alerts.defaultRules = false
        config.alerts.rules = [
            try AlertRule(
                name: "memory", selector: SeriesSelector(name: "system.memory.utilization"), comparison: .greater,
                threshold: 0.9,
                actions: [
                    .command(
                        arguments: [
                            "/bin/sh", "-c",
                            "cat > \(output).json; echo \"$HOMEOSTAT_ALERT_RULE $HOMEOSTAT_ALERT_KIND $HOMEOSTAT_ALERT_VALUE\" > \(output)",
                        ],
                        timeout: 10),
                    .command(arguments: ["/bin/sleep", "30"], timeout: 0.3),
                    .optimizeAutomatically,
                ])
        ]
        let engine = HomeostatEngine(config: config)
        try await Self.withDispatcher(engine) {
            engine.alerts.observe(Self.snapshot(at: 50, memory: 0.95))
            let settled = try await Self.eventually { try engine.alerts.history(limit: 10).count == 4 }
            #expect(settled)
        }
        let environmentLine = try String(contentsOfFile: output, encoding: .utf8)
        #expect(environmentLine == "memory firing 0.95\n")
        let note = try JSONDecoder().decode(
            AlertNotification.self, from: Data(contentsOf: URL(fileURLWithPath: output + ".json")))
        #expect(note.rule == "memory")
        #expect(note.value == 0.95)
        let outcomes = try engine.alerts.history(limit: 10).compactMap { entry in
            entry.action.map { "\($0): \(entry.outcome ?? "")" }
        }
        #expect(
            Set(outcomes) == [
                "command: exit 0", "command: killed after 0.3 s", "optimize_automatically: no optimizer registered",
            ])
    }

    @Test("a registered optimizer receives optimize_automatically alerts")
    func optimizerHook() async throws {
        var config = PerformanceConfig()
        config.alerts.defaultRules = false
        let engine = HomeostatEngine(config: config)
        let seen = Mutex<[String]>([])
        engine.alerts.registerOptimizer { note in
            seen.withLock { $0.append(note.rule) }
            return "lowered the cache size"
        }
        try engine.setPerformanceAlert(
            metric: "system.memory.utilization", threshold: 0.9, action: .optimizeAutomatically)
        try await Self.withDispatcher(engine) {
            engine.alerts.observe(Self.snapshot(at: 1, memory: 0.95))
            let settled = try await Self.eventually { try engine.alerts.history(limit: 10).count == 2 }
            #expect(settled)
        }
        #expect(seen.withLock { $0 } == ["system.memory.utilization"])
        #expect(try engine.alerts.history(limit: 10).last?.outcome == "lowered the cache size")
    }

    @Test("setPerformanceAlert rejects unknown metrics and bad thresholds, naming them")
    func setPerformanceAlertErrors() throws {
        let engine = HomeostatEngine(config: PerformanceConfig())
        #expect(
            throws: AlertRuleError(
                rule: "system.cpu.utilisation", field: "metric",
                expected:
                    "a sensor metric (see `homeostat metrics`) or one listed in alerts.application_metrics; did you mean 'system.cpu.utilization'?",
                got: "unknown metric 'system.cpu.utilisation'")
        ) {
            try engine.setPerformanceAlert(metric: "system.cpu.utilisation", threshold: 0.8)
        }
        #expect(
            throws: AlertRuleError(
                rule: "system.memory.utilization", field: "threshold", expected: "a finite number", got: "inf")
        ) {
            try engine.setPerformanceAlert(metric: "system.memory.utilization", threshold: .infinity)
        }
    }

    @Test("an anomaly incident that notifies fires an anomaly_incident alert, resolved when the incident closes")
    func anomalyIncidentsBecomeAlerts() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID()).sqlite").path
        defer { _ = try? FileManager.default.removeItem(atPath: path) }
        var config = PerformanceConfig()
        config.alerts.defaultRules = false
        var anomalies = AnomalyMonitor.Configuration()
        anomalies.notification.learningPeriod = 60_000
        let engine = HomeostatEngine(config: config, anomalies: anomalies, alertStore: try AlertStore(path: path))
        try await Self.withDispatcher(engine) {
            // Workers 10–14 and the queue jump for 10 cycles at 150 (AnomalyMonitorTests' broad incident).
            for (i, var snapshot) in AnomalyMonitorTests.snapshots(count: 220, spikeAt: -1).enumerated() {
                if (150..<160).contains(i) {
                    for index in snapshot.samples.indices
                    where snapshot.samples[index].series == AnomalyMonitorTests.spiky
                        || ["10", "11", "12", "13", "14"].contains(
                            snapshot.samples[index].series[label: "worker"] ?? "-")
                    {
                        snapshot.samples[index].value += 40
                    }
                }
                await engine.anomalies.observe(snapshot)
            }
            let settled = try await Self.eventually {
                try engine.alerts.history(limit: 10).filter { $0.action == nil }.count == 2
            }
            #expect(settled)
        }
        let notes = try engine.alerts.history(limit: 10).filter { $0.action == nil }.map(\.notification)
        #expect(notes.map(\.rule) == ["anomaly_incident", "anomaly_incident"])
        #expect(notes.map(\.kind) == [.firing, .resolved])
        #expect(notes.first?.series == "incident-1")
        #expect(notes.first?.summary?.hasPrefix("anomaly incident #1: 6 series") == true)
        // Fired when the policy first passed it: at its 5th flagged sample (150…154).
        #expect(notes.first?.startedAt == AnomalyMonitorTests.start + 154)
    }

    @Test("a restart keeps a firing alert firing without notifying again")
    func restartContinuity() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID()).sqlite").path
        defer { _ = try? FileManager.default.removeItem(atPath: path) }
        var config = PerformanceConfig()
        config.alerts.defaultRules = false
        config.alerts.rules = [
            try AlertRule(
                name: "memory", selector: SeriesSelector(name: "system.memory.utilization"), comparison: .greater,
                threshold: 0.9)
        ]
        do {
            let engine = HomeostatEngine(config: config, alertStore: try AlertStore(path: path))
            try await Self.withDispatcher(engine) {
                engine.alerts.observe(Self.snapshot(at: 1000, memory: 0.95))
                try engine.alerts.notify(
                    ExternalAlert(source: "anomaly_incident", key: "incident-1", active: true), now: 1000)
                let settled = try await Self.eventually {
                    try engine.alerts.history(limit: 10).count == 4
                        && AlertStore(path: path).loadStates().count == 2
                }
                #expect(settled)
            }
        }
        let store = try AlertStore(path: path)
        #expect(try store.loadStates().map(\.state.phase) == [.firing, .firing])
        let engine = HomeostatEngine(config: config, alertStore: store)
        // The external incident is still known as firing: notifying it again is deduplicated.
        #expect(
            try engine.alerts.notify(
                ExternalAlert(source: "anomaly_incident", key: "incident-1", active: true), now: 1100
            ).isEmpty)
        #expect(engine.alerts.activeAlerts.map(\.state.phase) == [.firing])
        #expect(engine.alerts.activeAlerts.first?.state.startedAt == 1000)
        try await Self.withDispatcher(engine) {
            engine.alerts.observe(Self.snapshot(at: 1100, memory: 0.96))
            engine.alerts.observe(Self.snapshot(at: 1101, memory: 0.5))
            let settled = try await Self.eventually { try engine.alerts.history(limit: 10).count == 6 }
            #expect(settled)
        }
        let kinds = try engine.alerts.history(limit: 10).filter { $0.action == nil }.map(\.notification.rule)
        #expect(kinds == ["memory", "anomaly_incident", "memory"])
        let resolved = try engine.alerts.history(limit: 10).last { $0.action == nil }?.notification
        #expect(resolved?.kind == .resolved)
        #expect(resolved?.startedAt == 1000)
        #expect(resolved?.resolvedAt == 1101)
    }
}
