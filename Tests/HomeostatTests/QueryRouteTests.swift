import Foundation
import Homeostat
import HomeostatCore
import HomeostatServer
import HomeostatStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("GET /api/v1/query (in-process router)")
struct QueryRouteTests {
    /// An engine with an in-memory store and 10 minutes of one gauge every second ending now.
    func engineWithMemory() throws -> (HomeostatEngine, Int64) {
        let engine = HomeostatEngine(config: PerformanceConfig(), store: try MetricStore.inMemory())
        let now = Int64(Date().timeIntervalSince1970.rounded(.down)) * 1000
        for second in stride(from: 600, to: 0, by: -1) {
            let time = now - Int64(second) * 1000
            engine.memory!.ingest(
                Snapshot(
                    timestamp: Double(time) / 1000,
                    samples: [Sample(SeriesKey("app.queue.depth", ["queue": "mail"]), Double(second % 4), unit: "1")]))
        }
        return (engine, now)
    }

    @Test("a range query with step and aggregation answers the documented JSON")
    func rangeQuery() async throws {
        let (engine, now) = try engineWithMemory()
        let app = Application(router: AgentServer.router(engine: engine))
        let start = (now - 240_000) / 1000
        let uri =
            "/api/v1/query?series=app.queue.depth%7Bqueue%3D%22mail%22%7D&start=\(start)&end=\(now / 1000)&step=1m&agg=max"
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let result = try QueryResult(json: Data(String(buffer: response.body).utf8))
                #expect(result.tier == .raw)
                #expect(result.step == 60_000)
                #expect(result.aggregation == .maximum)
                #expect(result.series.map(\.key) == [SeriesKey("app.queue.depth", ["queue": "mail"])])
                #expect(result.series[0].points.allSatisfy { $0.value == 3 && $0.timestamp % 60_000 == 0 })
                #expect((4...5).contains(result.series[0].points.count))
                let text = String(buffer: response.body)
                #expect(
                    text.hasPrefix(
                        "{\"series\":[{\"name\":\"app.queue.depth\",\"labels\":{\"queue\":\"mail\"},\"points\":[["))
            }
            try await client.execute(uri: "/api/v1/query?series=app.queue.depth", method: .get) { response in
                let result = try QueryResult(json: Data(String(buffer: response.body).utf8))
                #expect(result.series.first?.points == [QueryPoint(timestamp: now - 1000, value: 1)])
            }
        }
    }

    @Test(
        "bad parameters get 400 naming the parameter",
        arguments: [
            ("/api/v1/query", "series: missing"),
            ("/api/v1/query?series=a%7B", "series: a{: column 3"),
            ("/api/v1/query?series=a&start=yesterday", "start: invalid time \\\"yesterday\\\""),
            ("/api/v1/query?series=a&step=0", "step: invalid step"),
            ("/api/v1/query?series=a&agg=median", "agg: invalid aggregation"),
            ("/api/v1/query?series=a&tier=weekly", "tier: invalid tier"),
            ("/api/v1/query?series=a&start=200&end=100", "start: start (200) is after end (100)"),
            ("/api/v1/query?series=a&start=0&end=100000&step=1ms", "use a larger step"),
        ])
    func badParameters(_ uri: String, _ message: String) async throws {
        let (engine, _) = try engineWithMemory()
        let app = Application(router: AgentServer.router(engine: engine))
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(message))
            }
        }
    }

    @Test("NaN and infinities are written as Prometheus writes them and read back")
    func nonFiniteValues() throws {
        let key = SeriesKey("x")
        let result = QueryResult(
            tier: .raw, step: nil, aggregation: nil, approximate: false,
            series: [
                .init(
                    key: key,
                    points: [
                        QueryPoint(timestamp: 1500, value: .nan), QueryPoint(timestamp: 2000, value: .infinity),
                        QueryPoint(timestamp: -1250, value: -.infinity), QueryPoint(timestamp: 3000, value: 0.1),
                    ])
            ], warnings: ["a \"quoted\" warning"])
        let json = result.json()
        #expect(json.contains("[[1.5,\"NaN\"],[2,\"+Inf\"],[-1.25,\"-Inf\"],[3,0.1]]"))
        #expect(json.contains("\"warnings\":[\"a \\\"quoted\\\" warning\"]"))
        let back = try QueryResult(json: Data(json.utf8))
        #expect(back.series[0].points[0].value.isNaN)
        #expect(back.series[0].points[1...].map(\.value) == [.infinity, -.infinity, 0.1])
        #expect(back.series[0].points.map(\.timestamp) == [1500, 2000, -1250, 3000])
    }
}
