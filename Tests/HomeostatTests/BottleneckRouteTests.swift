import Foundation
import Homeostat
import HomeostatCore
import HomeostatServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import homeostat

@Suite("Bottlenecks: identifyBottlenecks, GET /api/v1/bottlenecks, homeostat bottlenecks")
struct BottleneckRouteTests {
    /// 15 one-second snapshots of a two-CPU host whose PSI `cpu some` is 0.5 in the last 5 and 0 before.
    func engineWithCPUStall() -> HomeostatEngine {
        let engine = HomeostatEngine(config: PerformanceConfig())
        let now = Date().timeIntervalSince1970.rounded(.down)
        for offset in stride(from: 14, through: 0, by: -1) {
            let stall = offset < 5 ? 0.5 : 0
            engine.live.publish(
                Snapshot(
                    timestamp: now - Double(offset),
                    samples: [
                        Sample(SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "idle"]), 0.9, unit: "1"),
                        Sample(SeriesKey("system.cpu.logical.count"), 2, unit: "{cpu}"),
                        Sample(
                            SeriesKey("system.pressure.stall", ["resource": "cpu", "kind": "some"]), stall, unit: "1"),
                        Sample(SeriesKey("system.linux.memory.available"), 3e9, unit: "By"),
                        Sample(SeriesKey("system.memory.limit"), 4e9, unit: "By"),
                    ],
                    processes: [], collectionDuration: 0.001))
        }
        return engine
    }

    @Test("the window decides: 5 s and 10 s name the CPU, 15 s dilutes the stall below its level")
    func library() throws {
        let engine = engineWithCPUStall()
        let ten = try engine.identifyBottlenecks()
        #expect(ten.windowSeconds == 10)
        #expect(ten.limiting == "cpu")
        #expect(ten.resources.map(\.name) == ["cpu", "memory"])
        #expect(ten.resources[0].saturation == 0.25 / 0.2)
        #expect(try engine.identifyBottlenecks(window: 5).resources[0].saturation == 0.5 / 0.2)
        let fifteen = try engine.identifyBottlenecks(window: 15)
        #expect(fifteen.limiting == nil)
        #expect(fifteen.resources[0].saturation == 2.5 / 15 / 0.2)
        #expect(throws: AnalyticsError.self) { try engine.identifyBottlenecks(window: 0) }
        do {
            _ = try engine.identifyBottlenecks(window: 301)
            Issue.record("a window longer than the history must be refused")
        } catch {
            #expect(error.kind == .invalidParameter)
            #expect(
                error.description == "window: must be more than 0 s and at most the agent's history of 300 s, got 301 s"
            )
        }
        do {
            _ = try HomeostatEngine(config: PerformanceConfig()).identifyBottlenecks()
            Issue.record("an engine without collections has nothing to judge")
        } catch {
            #expect(error.kind == .noData)
        }
    }

    @Test("GET /api/v1/bottlenecks answers the report; a bad window is a 400 naming it; no data is a 503")
    func route() async throws {
        let app = Application(router: AgentServer.router(engine: engineWithCPUStall()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/bottlenecks?window=5s", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let body = String(buffer: response.body)
                let report = try JSONDecoder().decode(BottleneckReport.self, from: Data(body.utf8))
                #expect(report.windowSeconds == 5)
                #expect(report.limiting == "cpu")
                #expect(report.resources[0].evidence[0].metric == #"system.pressure.stall{kind="some",resource="cpu"}"#)
                #expect(body.contains(#""window_seconds":5"#))
            }
            try await client.execute(uri: "/api/v1/bottlenecks?window=15s", method: .get) { response in
                #expect(response.status == .ok)
                // Nothing limiting is an explicit null, not a missing key.
                #expect(String(buffer: response.body).contains(#""limiting":null"#))
            }
            try await client.execute(uri: "/api/v1/bottlenecks?window=soon", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("window: "))
            }
            try await client.execute(uri: "/api/v1/bottlenecks?window=1h", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("history of 300 s, got 3600 s"))
            }
        }
        let empty = Application(router: AgentServer.router(engine: HomeostatEngine(config: PerformanceConfig())))
        try await empty.test(.router) { client in
            try await client.execute(uri: "/api/v1/bottlenecks", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test("homeostat bottlenecks: summary, one row per resource, the first one's evidence, what was not checked")
    func text() throws {
        let report = try engineWithCPUStall().identifyBottlenecks()
        let lines = BottlenecksCommand.text(report, origin: "agent at 127.0.0.1:7777").split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[0]
                == "cpu is the limiting resource over the last 10 s: saturation 1.25× its level: "
                + #"system.pressure.stall{kind="some",resource="cpu"} 25 % ≥ 20 % — share of time at least one "#
                + "runnable task waited for a CPU")
        #expect(lines[1] == "from agent at 127.0.0.1:7777")
        #expect(lines[3] == "RESOURCE              STATUS    U     S     E     STRONGEST EVIDENCE")
        #expect(lines[4].hasPrefix("cpu                   limiting  0.11  1.25  -     system.pressure.stall"))
        #expect(
            lines[5].hasPrefix("memory                ok        0.28  -     -     1 - system.linux.memory.available"))
        #expect(lines[7] == "evidence for cpu (score = value ÷ level):")
        #expect(lines.contains("not checked:"))
        #expect(lines.last == #"  system.pressure.stall{kind="full",resource="io"}: no samples (kernel without PSI?)"#)
    }
}
