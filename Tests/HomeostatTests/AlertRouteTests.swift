import Foundation
import Homeostat
import HomeostatCore
import HomeostatServer
import HomeostatStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Alert routes (in-process router)")
struct AlertRouteTests {
    static let token = String(repeating: "cd", count: 32)
    static let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]

    func app(_ engine: HomeostatEngine) -> some ApplicationProtocol {
        Application(router: AgentServer.router(engine: engine, token: Self.token))
    }

    static func post(_ client: some TestClientProtocol, _ body: String, headers: HTTPFields = auth) async throws
        -> (HTTPResponse.Status, String)
    {
        try await client.execute(
            uri: "/api/v1/alerts/rules", method: .post, headers: headers, body: ByteBuffer(string: body)
        ) { response in (response.status, String(buffer: response.body)) }
    }

    @Test("GET /api/v1/alerts/rules lists the seed's four default rules")
    func defaultRules() async throws {
        let engine = HomeostatEngine(config: PerformanceConfig())
        try await app(engine).test(.router) { client in
            try await client.execute(uri: "/api/v1/alerts/rules", method: .get) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(
                    AlertRulesReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.rules.map(\.name) == ["response_time", "error_rate", "cpu_usage", "memory_usage"])
                #expect(report.rules.map(\.removable) == [false, false, false, false])
                #expect(report.rules[2].metric == #"system.cpu.utilization{cpu="total",state="idle"}"#)
                #expect(report.rules[2].condition == "<")
                #expect(report.rules[2].forSeconds == 300)
                #expect(report.rules[2].actions == [.simple("log")])
            }
        }
    }

    @Test("POST and DELETE rules: token, validation, command refusal, conflicts")
    func mutateRules() async throws {
        let engine = HomeostatEngine(config: PerformanceConfig())
        let rule = #"{"name":"mem","metric":"system.memory.utilization{state=\"used\"}","threshold":0.5,"for":"1m"}"#
        try await app(engine).test(.router) { client in
            var (status, body) = try await Self.post(client, rule, headers: [.contentType: "application/json"])
            #expect(status == .unauthorized)
            (status, body) = try await Self.post(
                client, rule, headers: [.authorization: "Bearer wrong", .contentType: "application/json"])
            #expect(status == .unauthorized)

            (status, body) = try await Self.post(
                client, #"{"name":"mem","metric":"system.memory.utilization","threshold":"abc"}"#)
            #expect(status == .badRequest)
            #expect(body.contains(#"request body: rule.threshold: expected a number, got \"abc\""#))

            (status, body) = try await Self.post(
                client, #"{"name":"mem","metric":"system.memory.utilisation","threshold":0.5}"#)
            #expect(status == .badRequest)
            #expect(body.contains("unknown metric 'system.memory.utilisation'"))
            #expect(body.contains("did you mean 'system.memory.utilization'?"))

            (status, body) = try await Self.post(
                client, #"{"name":"mem","metric":"system.memory.utilization","threshold":true}"#)
            #expect(status == .badRequest)
            #expect(body.contains("request body: rule.threshold: expected a number, got true"))

            (status, body) = try await Self.post(client, "not json")
            #expect(status == .badRequest)
            #expect(body.contains("request body: expected a JSON object, got invalid JSON"))

            (status, body) = try await Self.post(
                client,
                #"{"name":"x","metric":"system.memory.utilization","threshold":0.5,"actions":[{"command":["/bin/true"]}]}"#
            )
            #expect(status == .forbidden)
            #expect(body.contains("command actions can only be set in the configuration file"))

            (status, body) = try await Self.post(
                client, #"{"name":"cpu_usage","metric":"system.memory.utilization","threshold":0.5}"#)
            #expect(status == .conflict)

            (status, body) = try await Self.post(client, rule)
            #expect(status == .created)
            let created = try JSONDecoder().decode(AlertRuleDocument.self, from: Data(body.utf8))
            #expect(created.forSeconds == 60)
            #expect(created.removable == true)
            #expect(
                engine.alerts.rules.map(\.rule.name) == [
                    "response_time", "error_rate", "cpu_usage", "memory_usage", "mem",
                ])

            try await client.execute(uri: "/api/v1/alerts/rules/mem", method: .delete) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/alerts/rules/cpu_usage", method: .delete, headers: Self.auth) {
                response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/alerts/rules/nope", method: .delete, headers: Self.auth) {
                response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/alerts/rules/mem", method: .delete, headers: Self.auth) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"deleted":"mem"}"#)
            }
            #expect(engine.alerts.rules.count == 4)
        }
    }

    @Test("GET /api/v1/alerts and /history show a firing alert")
    func activeAndHistory() async throws {
        var config = PerformanceConfig()
        config.alerts.defaultRules = false
        let engine = HomeostatEngine(config: config)
        try engine.setPerformanceAlert(metric: #"system.memory.utilization{state="used"}"#, threshold: 0.9)
        engine.alerts.observe(
            Snapshot(
                timestamp: 500,
                samples: [Sample(SeriesKey("system.memory.utilization", ["state": "used"]), 0.93, unit: "1")]))
        let dispatcher = Task { await engine.alerts.dispatcher.run() }
        defer { dispatcher.cancel() }
        _ = try await AlertActionTests.eventually { try engine.alerts.history(limit: 10).count == 2 }
        try await app(engine).test(.router) { client in
            try await client.execute(uri: "/api/v1/alerts", method: .get) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(AlertsReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(
                    report.alerts == [
                        AlertsReport.Alert(
                            rule: "system.memory.utilization", series: #"system.memory.utilization{state="used"}"#,
                            state: "firing", value: 0.93, comparison: ">", threshold: 0.9, severity: "warning",
                            startedAt: 500, flapping: false, notified: true)
                    ])
            }
            try await client.execute(uri: "/api/v1/alerts/history?limit=5", method: .get) { response in
                let report = try JSONDecoder().decode(
                    AlertHistoryReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.history.map(\.notification.kind) == [.firing, .firing])
                #expect(report.history.map(\.action) == [nil, "log"])
                #expect(report.history.map(\.outcome) == [nil, "logged"])
            }
            try await client.execute(uri: "/api/v1/alerts/history?limit=0", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
