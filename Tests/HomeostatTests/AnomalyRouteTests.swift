import Foundation
import Homeostat
import HomeostatCore
import HomeostatServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Anomaly and incident routes (in-process router)")
struct AnomalyRouteTests {
    static let token = String(repeating: "ab", count: 32)

    /// An engine whose monitor has seen the spike scenario of ``AnomalyMonitorTests`` up to the spike.
    func engineWithSpike(through last: Int = 150) async -> HomeostatEngine {
        var configuration = AnomalyMonitor.Configuration()
        configuration.shardCount = 2
        let engine = HomeostatEngine(config: PerformanceConfig(), anomalies: configuration)
        for snapshot in AnomalyMonitorTests.snapshots(count: last + 1, spikeAt: 150) {
            await engine.anomalies.observe(snapshot)
        }
        return engine
    }

    func app(_ engine: HomeostatEngine) -> some ApplicationProtocol {
        Application(router: AgentServer.router(engine: engine, token: Self.token))
    }

    @Test("GET /api/v1/anomalies lists the flagged series with scores and contributions")
    func anomalies() async throws {
        let engine = await engineWithSpike()
        try await app(engine).test(.router) { client in
            try await client.execute(uri: "/api/v1/anomalies", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let report = try JSONDecoder().decode(
                    AnomaliesReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.columns == 21)
                #expect(report.shards == 2)
                #expect(report.threshold == 0.5)
                #expect(report.timestamp == AnomalyMonitorTests.start + 150)
                #expect(report.openIncident == 1)
                let first = try #require(report.series.first)
                #expect(first.series == #"app.queue.depth{queue="mail"}"#)
                #expect(first.labels == ["queue": "mail"])
                #expect(first.score >= 0.5)
                #expect(first.sensitivity == 1)
                #expect(Set(first.contributions.keys) == ["median", "ewma", "seasonal", "cusum", "rate"])
                #expect(first.strongest != nil)
            }
        }
    }

    @Test("GET /api/v1/incidents answers the open incident; limit is checked")
    func incidents() async throws {
        let engine = await engineWithSpike()
        try await app(engine).test(.router) { client in
            try await client.execute(uri: "/api/v1/incidents?limit=5", method: .get) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(
                    IncidentsReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.windowSeconds == 30)
                #expect(report.incidents.count == 1)
                #expect(report.incidents[0].state == "open")
                #expect(report.incidents[0].closedAt == nil)
                #expect(report.incidents[0].start == AnomalyMonitorTests.start + 150)
                #expect(report.incidents[0].series.first?.series == #"app.queue.depth{queue="mail"}"#)
                #expect(report.incidents[0].series.first?.flaggedSamples ?? 0 >= 1)
            }
            for bad in ["0", "101", "ten"] {
                try await client.execute(uri: "/api/v1/incidents?limit=\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body).contains("limit: expected a whole number from 1 to 100"))
                }
            }
        }
    }

    @Test(
        "POST /api/v1/anomalies/feedback needs the bearer token",
        arguments: [nil, "Bearer wrong", "Bearer " + String(repeating: "ab", count: 31) + "ac", "Basic " + token])
    func feedbackWithoutToken(_ authorization: String?) async throws {
        let engine = await engineWithSpike(through: 5)
        var fields = HTTPFields()
        if let authorization { fields[.authorization] = authorization }
        let headers = fields
        try await app(engine).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/anomalies/feedback", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"series":"app.queue.depth{queue=\"mail\"}","verdict":"false_positive"}"#)
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="homeostat""#)
            }
        }
        // Nothing changed.
        let sensitivity = try engine.anomalies.feedback(
            series: #"app.queue.depth{queue="mail"}"#, verdict: .truePositive)
        #expect(abs(sensitivity - 1.05) < 1e-12)
    }

    @Test("POST /api/v1/anomalies/feedback with the token: 200 and the new sensitivity; 400 and 404 name what is wrong")
    func feedback() async throws {
        let engine = await engineWithSpike(through: 5)
        let headers: HTTPFields = [.authorization: "Bearer \(Self.token)", .contentType: "application/json"]
        try await app(engine).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/anomalies/feedback", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"series":"app.queue.depth{queue=\"mail\"}","verdict":"false_positive"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(
                    String(buffer: response.body)
                        == #"{"sensitivity":0.85,"series":"app.queue.depth{queue=\"mail\"}","verdict":"false_positive"}"#
                )
            }
            try await client.execute(
                uri: "/api/v1/anomalies/feedback", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"series":"app.queue.depth{queue=\"mail\"}","verdict":"maybe"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("verdict: expected false_positive or true_positive"))
            }
            try await client.execute(
                uri: "/api/v1/anomalies/feedback", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"verdict":"true_positive"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("series: missing"))
            }
            try await client.execute(
                uri: "/api/v1/anomalies/feedback", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"series":"no.such.series","verdict":"true_positive"}"#)
            ) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("no anomaly column watches no.such.series"))
            }
        }
    }

    @Test("an agent without a token refuses feedback even with some token")
    func noTokenConfigured() async throws {
        let engine = await engineWithSpike(through: 5)
        let app = Application(router: AgentServer.router(engine: engine))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/anomalies/feedback", method: .post, headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(string: #"{"series":"x","verdict":"true_positive"}"#)
            ) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}
