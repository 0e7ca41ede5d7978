import Foundation
import Homeostat
import HomeostatCore
import HomeostatServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Agent HTTP API (in-process router)")
struct AgentServerTests {
    func engineWithData() -> HomeostatEngine {
        let engine = HomeostatEngine(config: PerformanceConfig())
        let now = Date().timeIntervalSince1970.rounded(.down)
        for offset in [2.0, 1.0, 0.0] {
            engine.live.publish(
                Snapshot(
                    timestamp: now - offset,
                    samples: [
                        Sample(
                            SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "idle"]), 0.75, unit: "1"),
                        Sample(
                            SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "user"]), 0.25, unit: "1"),
                        Sample(SeriesKey("system.memory.limit"), 1024, unit: "By"),
                    ],
                    processes: [WatchedProcessStatus(pid: 7, name: "worker", state: .gone, goneSince: now)],
                    collectionDuration: 0.001))
        }
        return engine
    }

    @Test("realtime returns the latest snapshot as JSON, filterable by name prefix")
    func realtime() async throws {
        let app = Application(router: AgentServer.router(engine: engineWithData()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/metrics/realtime", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let report = try JSONDecoder().decode(
                    RealtimeReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.seriesCount == 3)
                #expect(report.value("system.cpu.utilization", ["state": "user"]) == 0.25)
                #expect(report.processes.first?.state == "gone")
                #expect(report.intervalSeconds == 1)
            }
            try await client.execute(uri: "/api/v1/metrics/realtime?name=system.memory", method: .get) { response in
                let report = try JSONDecoder().decode(
                    RealtimeReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.metrics.map(\.name) == ["system.memory.limit"])
            }
        }
    }

    @Test("realtime before the first collection is 503, health is ok while starting")
    func beforeFirstCollection() async throws {
        let app = Application(router: AgentServer.router(engine: HomeostatEngine(config: PerformanceConfig())))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/metrics/realtime", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("health reports collections; history returns points by label; bad queries are 400")
    func healthAndHistory() async throws {
        let app = Application(router: AgentServer.router(engine: engineWithData()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let body =
                    try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(body?["status"] as? String == "ok")
                #expect(body?["collections"] as? Int == 3)
            }
            try await client.execute(
                uri: "/api/v1/metrics/history?name=system.cpu.utilization&label=state:idle", method: .get
            ) { response in
                let report = try JSONDecoder().decode(
                    HistoryReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.series.count == 1)
                #expect(report.series[0].points.map { $0[1] } == [0.75, 0.75, 0.75])
            }
            try await client.execute(uri: "/api/v1/metrics/history", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("missing query parameter 'name'"))
            }
            try await client.execute(uri: "/api/v1/metrics/history?name=x&seconds=-3", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("'seconds' must be a positive number, got '-3'"))
            }
        }
    }
}
