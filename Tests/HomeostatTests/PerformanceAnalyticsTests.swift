import Foundation
import HomeostatCore
import HomeostatServer
import HomeostatStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Homeostat

/// Trends and correlations over a real (in-memory SQLite) metric memory: one hour of samples every 5 s.
@Suite("Performance analytics")
struct PerformanceAnalyticsTests {
    /// 2026-11-24T00:00:00Z, a whole hour.
    static let origin: Int64 = 1_795_478_400_000
    static let now = origin + 3_600_000
    static let interval: Int64 = 5000

    /// Deterministic noise in [−0.005, 0.005).
    static func noise(_ index: Int64, _ salt: UInt64) -> Double {
        // One round of SplitMix64's mixer on (index, salt).
        var z = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ salt
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z % 10_000) / 1_000_000 - 0.005
    }

    /// A non-periodic wiggle of time in seconds.
    static func signal(_ seconds: Double) -> Double {
        sin(seconds / 70) + 0.5 * sin(seconds / 31) + 0.3 * sin(seconds / 11.3)
    }

    let memory: MetricMemory

    init() async throws {
        memory = MetricMemory(
            store: try MetricStore.inMemory(), configuration: PerformanceConfig.Memory(), shortTermRetentionDays: 30)
        var index: Int64 = 0
        var time = Self.origin
        while time < Self.now {
            let hours = Double(time - Self.origin) / 3_600_000
            let seconds = Double(time - Self.origin) / 1000
            let rising = 0.1 + 0.05 * hours
            memory.ingest(
                Snapshot(
                    timestamp: Double(time) / 1000,
                    samples: [
                        Sample(SeriesKey("app.request.latency"), rising + Self.noise(index, 1), unit: "s"),
                        Sample(SeriesKey("app.throughput"), rising + Self.noise(index, 2), unit: "{request}/s"),
                        Sample(SeriesKey("app.queue.depth"), 2 + 6 * hours, unit: "{job}"),
                        Sample(SeriesKey("app.constant"), 5, unit: "1"),
                        Sample(SeriesKey("app.signal", ["side": "a"]), Self.signal(seconds), unit: "1"),
                        Sample(SeriesKey("app.signal", ["side": "b"]), Self.signal(seconds - 30), unit: "1"),
                    ]))
            index += 1
            time += Self.interval
            if time % 600_000 == 0 { try await memory.flush(now: time) }
        }
    }

    var analytics: PerformanceAnalytics { PerformanceAnalytics(memory: memory) }

    func trends(_ selector: String, period: Int64 = 3_600_000) async throws -> TrendReport {
        try await analytics.analyzeTrends(
            period: period, selector: try SeriesSelector(parsing: selector), now: Self.now)
    }

    @Test("a noisy linear rise is degrading as latency and improving as throughput")
    func directionAware() async throws {
        let report = try await trends("{__name__=~\"app\\\\.(request\\\\.latency|throughput)\"}")
        #expect(report.stepSeconds == 5)
        #expect(report.tier == "raw")
        #expect(report.series.map(\.name) == ["app.request.latency", "app.throughput"])  // degrading first
        let latency = report.series[0]
        #expect(latency.verdict == .degrading)
        #expect(latency.polarity == .higherIsWorse)
        #expect(latency.points == 720)
        // 0.05 per hour, noise ±0.005: Sen's interval holds the true slope and is narrow.
        let slope = try #require(latency.slopePerHour)
        #expect(abs(slope - 0.05) < 0.002)
        #expect(try #require(latency.slopePerHourLow) <= 0.05 && 0.05 <= (try #require(latency.slopePerHourHigh)))
        #expect(try #require(latency.pValue) < 1e-10)
        // From about 0.1 to about 0.15: +50 %.
        #expect(abs(try #require(latency.relativeChange) - 0.5) < 0.03)
        let throughput = report.series[1]
        #expect(throughput.verdict == .improving)
        #expect(throughput.polarity == .higherIsBetter)
        #expect(throughput.sparkline.count == 40)
    }

    @Test("an exact line gives its slope per hour; a constant series is stable with slope 0 and p = 1")
    func exactLineAndConstant() async throws {
        let report = try await trends("{__name__=~\"app\\\\.(queue\\\\.depth|constant)\"}")
        let queue = try #require(report.series.first { $0.name == "app.queue.depth" })
        #expect(abs(try #require(queue.slopePerHour) - 6) < 1e-9)
        #expect(abs(try #require(queue.fittedStart) - 2) < 1e-9)
        #expect(queue.tau == 1)
        #expect(queue.verdict == .degrading)  // a queue growing
        let constant = try #require(report.series.first { $0.name == "app.constant" })
        #expect(constant.slopePerHour == 0)
        #expect(constant.pValue == 1)
        #expect(constant.verdict == .stable)
        #expect(constant.relativeChange == 0)
    }

    @Test("one series shifted by 30 s is found at lag +30 s with r ≈ 1; a constant series is undefined")
    func laggedPair() async throws {
        let report = try await analytics.findCorrelations(
            selectors: [try SeriesSelector(parsing: "app.signal"), try SeriesSelector(parsing: "app.constant")],
            period: 3_600_000, maxLag: 60_000, topK: 5, now: Self.now)
        #expect(report.stepSeconds == 5)
        #expect(report.maxLagSeconds == 60)
        #expect(report.seriesCount == 3)
        #expect(report.testedPairs == 1)
        let pair = try #require(report.pairs.first)
        #expect(pair.a == .init(name: "app.signal", labels: ["side": "a"]))
        #expect(pair.b == .init(name: "app.signal", labels: ["side": "b"]))
        #expect(pair.lagSeconds == 30)
        #expect(pair.r > 0.999_999)
        #expect(try #require(pair.rho) > 0.999_999)
        #expect(pair.n == 714)
        #expect(pair.adjustedPValue < 1e-10)
        #expect(
            report.undefined == [
                .init(series: .init(name: "app.constant", labels: [:]), other: nil, reason: "constant")
            ])
        // Never NaN: the document encodes (JSONEncoder refuses NaN).
        _ = try JSONEncoder().encode(report)
    }

    @Test("30 days read the minute tier at a 30 m step; a step finer than the tier's buckets is refused")
    func gridChoice() throws {
        let month: Int64 = 30 * 86_400_000
        let grid = try AnalyticsGrid(period: month, end: Self.now, step: nil, tier: .minute)
        #expect(grid.step == 1_800_000)
        #expect(grid.count == 1441)
        #expect(try AnalyticsGrid(period: 86_400_000, end: Self.now, step: nil, tier: .minute).step == 60_000)
        #expect(try AnalyticsGrid(period: 3_600_000, end: Self.now, step: nil, tier: .raw).step == 5000)
        #expect(try AnalyticsGrid(period: 2 * month, end: Self.now, step: nil, tier: .hour).step == 3_600_000)
        #expect { try AnalyticsGrid(period: month, end: Self.now, step: 30_000, tier: .minute) } throws: {
            ($0 as? AnalyticsError)?.parameter == "step"
        }
    }

    @Test("bad parameters are errors naming the parameter")
    func badParameters() async throws {
        let selector = try SeriesSelector(parsing: "app.signal")
        await #expect { try await analytics.analyzeTrends(period: 0, selector: selector, now: Self.now) } throws: {
            ($0 as? AnalyticsError)?.parameter == "period"
        }
        await #expect {
            try await analytics.findCorrelations(
                selectors: [selector], period: 3_600_000, maxLag: 0, topK: 0, now: Self.now)
        } throws: { ($0 as? AnalyticsError)?.parameter == "top" }
    }

    @Test(
        "the routes answer 400 naming a bad parameter",
        arguments: [
            (
                "/api/v1/analytics/trends?period=soon",
                "period: invalid duration \\\"soon\\\": not a duration nor N_unit"
            ),
            ("/api/v1/analytics/trends?series=a&series=b", "series: give one selector"),
            ("/api/v1/analytics/correlations?top=0", "top: expected a whole number ≥ 1, got \\\"0\\\""),
            ("/api/v1/analytics/correlations?max_lag=-5m", "max_lag: invalid duration \\\"-5m\\\""),
            ("/api/v1/analytics/correlations?series=app%7B", "series: app{"),
        ])
    func routeErrors(uri: String, message: String) async throws {
        let engine = HomeostatEngine(config: PerformanceConfig(), store: try MetricStore.inMemory())
        let app = Application(router: AgentServer.router(engine: engine))
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(message))
            }
        }
    }

    @Test("the trends route answers the report as JSON")
    func trendsRoute() async throws {
        let engine = HomeostatEngine(config: PerformanceConfig(), store: try MetricStore.inMemory())
        let now = Int64(Date().timeIntervalSince1970.rounded(.down)) * 1000
        for second in stride(from: 600, to: 0, by: -1) {
            let time = now - Int64(second) * 1000
            engine.memory!.ingest(
                Snapshot(
                    timestamp: Double(time) / 1000,
                    samples: [Sample(SeriesKey("app.request.latency"), Double(600 - second), unit: "s")]))
        }
        let app = Application(router: AgentServer.router(engine: engine))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/analytics/trends?series=app.request.latency&period=10m", method: .get
            ) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(TrendReport.self, from: Data(String(buffer: response.body).utf8))
                #expect(report.series.count == 1)
                #expect(report.series[0].verdict == .degrading)
                #expect(abs((report.series[0].slopePerHour ?? 0) - 3600) < 1e-6)
            }
        }
    }
}
