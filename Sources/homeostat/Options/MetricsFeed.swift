import Foundation
import Homeostat
import HomeostatCore

/// Where `status` and `top` get their numbers: the running agent's realtime API, or, when no agent
/// answers, the host sampled by this process itself.
struct MetricsFeed {
    enum Origin: Equatable {
        case agent(ListenAddress)
        case local
    }
    private(set) var origin: Origin
    private var collector: Collector?
    private let config: PerformanceConfig

    /// Looks for an agent: `--listen` if given, else `agent.json` in the data directory, else the
    /// configured listen address. Falls back to local sampling when none answers `/healthz`.
    init(config: PerformanceConfig, dataDirectory: DataDirectory, listen: ListenAddress?) {
        self.config = config
        origin =
            AgentLocator.answering(config: config, dataDirectory: dataDirectory, listen: listen).map { .agent($0) }
            ?? .local
    }

    /// The latest report. Locally, the first call samples twice 1 s apart (rates need two readings);
    /// later calls sample once, their rates covering the time since the previous call.
    mutating func next() async throws -> RealtimeReport {
        if case .agent(let address) = origin {
            let body = try LocalHTTPClient.getOK(address, path: "/api/v1/metrics/realtime")
            return try JSONDecoder().decode(RealtimeReport.self, from: body)
        }
        if collector == nil {
            var fresh = Collector.standard(config: config, applicationMetrics: nil)
            let now = Date().timeIntervalSince1970
            _ = fresh.collect(tick: now, now: now)
            collector = fresh
            try await Task.sleep(for: .seconds(1))
        }
        let now = Date().timeIntervalSince1970
        let snapshot = collector!.collect(tick: now, now: now)
        return RealtimeReport(snapshot, interval: config.monitoring.collectionInterval)
    }

    var description: String {
        switch origin {
        case .agent(let address): return "agent at \(address)"
        case .local: return "local sampling (no agent running)"
        }
    }
}
