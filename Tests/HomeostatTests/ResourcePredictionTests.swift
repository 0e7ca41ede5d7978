import Foundation
import Homeostat
import HomeostatCore
import HomeostatServer
import HomeostatStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import homeostat

@Suite("Resource prediction: time to exhaustion, predictResourceNeeds, GET /api/v1/predict, homeostat predict")
struct ResourcePredictionTests {
    static let filesystem = SeriesKey(
        "system.filesystem.utilization",
        [
            "system.device": "/dev/sda1", "system.filesystem.mountpoint": "/data", "system.filesystem.type": "ext4",
        ])

    /// An engine with an in-memory store holding, every second for the last `seconds` s before now, a
    /// filesystem filling at 0.0005 per second that reaches 0.8 at the last sample, and memory at 0.4.
    func engineWithFillingDisk(seconds: Int) throws -> HomeostatEngine {
        let engine = HomeostatEngine(config: PerformanceConfig(), store: try MetricStore.inMemory())
        let now = Int64(Date().timeIntervalSince1970.rounded(.down)) * 1000
        for age in stride(from: seconds, to: 0, by: -1) {
            let time = now - Int64(age) * 1000
            engine.memory!.ingest(
                Snapshot(
                    timestamp: Double(time) / 1000,
                    samples: [
                        Sample(Self.filesystem, 0.8 - 0.0005 * Double(age - 1), unit: "1"),
                        Sample(SeriesKey("system.memory.utilization", ["state": "used"]), 0.4, unit: "1"),
                    ]))
        }
        return engine
    }

    @Test("time to exhaustion of a linear path is the exact crossing, between steps")
    func linearCrossing() {
        // 0.9 now, +0.004 per 10 s step: 1 is reached after 25 steps, 250 s.
        let path = (1...60).map { 0.9 + 0.004 * Double($0) }
        let seconds = TimeToExhaustion.seconds(current: 0.9, path: path, step: 10, capacity: 1)
        #expect(abs(seconds! - 250) < 1e-9)
        // +0.003 per step: 33⅓ steps.
        let slower = (1...60).map { 0.9 + 0.003 * Double($0) }
        let between = TimeToExhaustion.seconds(current: 0.9, path: slower, step: 10, capacity: 1)
        #expect(abs(between! - 1000.0 / 3) < 1e-9)
        #expect(TimeToExhaustion.seconds(current: 1, path: path, step: 10, capacity: 1) == 0)
        #expect(TimeToExhaustion.seconds(current: 0.2, path: [0.3, 0.4, 0.5], step: 10, capacity: 1) == nil)
    }

    @Test("the step rule: 1 s up to 10 min, 1 min up to 2 days, 1 h beyond; 2,000 steps of history")
    func grid() {
        #expect(PredictionGrid(horizon: 600_000).step == 1000)
        #expect(PredictionGrid(horizon: 600_000).history == 2_000_000)
        #expect(PredictionGrid(horizon: 3_600_000).step == 60_000)
        #expect(PredictionGrid(horizon: 2 * 86_400_000).step == 60_000)
        #expect(PredictionGrid(horizon: 7 * 86_400_000).step == 3_600_000)
    }

    @Test("a filesystem filling at a known rate: linear model, mean crosses 100 % 400 s after the last point")
    func fillingFilesystem() async throws {
        let engine = try engineWithFillingDisk(seconds: 600)
        let report = try await engine.predictResourceNeeds(timeHorizon: 600, confidenceLevel: 0.95)
        #expect(report.resources.map(\.resource) == ["memory", "filesystem /data"])
        let disk = report.resources[1]
        #expect(disk.points == 600)
        #expect(disk.stepSeconds == 1)
        #expect(disk.model == "linear")
        #expect(disk.backtestMASE! < 1e-6)
        #expect(disk.capacity == 1)
        #expect(abs(disk.current! - 0.8) < 1e-9)
        #expect(abs(disk.meanAtHorizon! - 1.1) < 1e-6)
        let mean = try #require(disk.meanExhaustionSeconds)
        #expect(abs(mean - 400) < 1e-3)
        let upper = try #require(disk.exhaustionSeconds)
        #expect(upper <= mean)
        // Bounds clipped to the capacity; the mean past it shows the trend.
        #expect(disk.upperAtHorizon == 1)
        #expect(disk.peakUpper == 1)
        #expect(disk.problem == nil)
        let memory = report.resources[0]
        #expect(memory.meanAtHorizon == 0.4)
        #expect(memory.model == "seasonal-naive")
        #expect(memory.exhaustionSeconds == nil)
    }

    @Test("a CPU heading for 100 % busy gets bounded intervals but no exhaustion time: it saturates")
    func cpuSaturatesRatherThanExhausts() async throws {
        let engine = HomeostatEngine(config: PerformanceConfig(), store: try MetricStore.inMemory())
        let now = Int64(Date().timeIntervalSince1970.rounded(.down)) * 1000
        let idle = SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "idle"])
        for age in stride(from: 600, to: 0, by: -1) {
            let time = now - Int64(age) * 1000
            engine.memory!.ingest(
                Snapshot(
                    timestamp: Double(time) / 1000, samples: [Sample(idle, 0.2 + 0.0005 * Double(age - 1), unit: "1")]))
        }
        let report = try await engine.predictResourceNeeds(timeHorizon: 600, confidenceLevel: 0.95)
        let cpu = try #require(report.resources.first { $0.resource == "cpu" })
        #expect(abs(cpu.current! - 0.8) < 1e-9)
        #expect(cpu.meanAtHorizon! > 1)  // the trend, unclipped
        #expect(cpu.upperAtHorizon! <= 1)  // the bounds, clipped to 100 %
        #expect(cpu.capacity == nil)
        #expect(cpu.exhaustionSeconds == nil && cpu.meanExhaustionSeconds == nil)
    }

    @Test("history shorter than the horizon (12 s for 300 s at 1 s steps) is a per-resource entry, not an error")
    func insufficientHistory() async throws {
        let engine = try engineWithFillingDisk(seconds: 12)
        let report = try await engine.predictResourceNeeds(timeHorizon: 300)
        #expect(
            report.resources.map(\.problem) == Array(repeating: "insufficient history (12 points, need 300)", count: 2))
        #expect(report.resources.allSatisfy { $0.model == nil })
    }

    @Test("GET /api/v1/predict answers the forecast; bad parameters get 400 naming the parameter")
    func route() async throws {
        let engine = try engineWithFillingDisk(seconds: 600)
        let app = Application(router: AgentServer.router(engine: engine))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/predict?horizon=10m&confidence=0.9", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let report = try JSONDecoder().decode(
                    ResourcePrediction.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.horizonSeconds == 600)
                #expect(report.confidenceLevel == 0.9)
                #expect(abs(report.resources[1].meanExhaustionSeconds! - 400) < 1e-3)
            }
            for (uri, message) in [
                ("/api/v1/predict?horizon=soon", "horizon: "), ("/api/v1/predict?horizon=0s", "horizon: "),
                ("/api/v1/predict?confidence=1.5", "confidence: expected a number in (0, 1)"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body).contains(message))
                }
            }
        }
    }

    @Test("homeostat predict: one row per resource with model, values, interval and exhaustion ETA")
    func text() {
        var cpu = ResourcePrediction.Resource(
            resource: "cpu", series: "s", unit: "1", capacity: 1, points: 2000)
        cpu.model = "linear"
        cpu.current = 0.5
        cpu.meanAtHorizon = 0.75
        cpu.peakMean = 0.75
        cpu.lowerAtHorizon = 0.6
        cpu.upperAtHorizon = 0.9
        var disk = ResourcePrediction.Resource(
            resource: "filesystem /data", series: "s", unit: "1", capacity: 1, points: 600)
        disk.model = "linear"
        disk.current = 0.8
        disk.meanAtHorizon = 1.1
        disk.peakMean = 1.1
        disk.lowerAtHorizon = 1.05
        disk.upperAtHorizon = 1.15
        disk.exhaustionSeconds = 390
        disk.meanExhaustionSeconds = 400
        var network = ResourcePrediction.Resource(
            resource: "network eth0 receive", series: "s", unit: "By/s", capacity: nil, points: 12)
        network.problem = "insufficient history (12 points, need 30)"
        let report = ResourcePrediction(
            generatedAt: 0, horizonSeconds: 600, confidenceLevel: 0.95, resources: [cpu, disk, network], warnings: [])
        let lines = PredictCommand.text(report, origin: "agent at 127.0.0.1:7777").split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines == [
                "resource forecast for the next 10m00s at 95 % confidence, from agent at 127.0.0.1:7777", "",
                "RESOURCE              MODEL                   NOW     MEAN    PEAK    INTERVAL          EXHAUSTED",
                "cpu                   linear                  50.0%   75.0%   75.0%   60.0% – 90.0%     not within horizon",
                "filesystem /data      linear                  80.0%   110.0%  110.0%  105.0% – 115.0%   in 6m30s (mean 6m40s)",
                "network eth0 receive  insufficient history (12 points, need 30)",
            ])
        #expect(PredictCommand.quantity(1_572_864, unit: "By/s") == "1.5 MiB/s")
    }
}
