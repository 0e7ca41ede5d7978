import Foundation
import Homeostat
import HomeostatCore
import HomeostatStore

/// Where `trends` and `correlate` get their answer: the running agent's analytics route (freshest data),
/// or else `metrics.sqlite` read directly through ``PerformanceAnalytics``.
struct AnalyticsSource {
    var config: PerformanceConfig
    var options: ConfigOptions
    var listen: ListenAddress?

    /// The JSON body and a description of where it came from.
    /// - Parameters:
    ///   - route: `/api/v1/analytics/trends` or `…/correlations`.
    ///   - parameters: query parameters (repeated names allowed), already checked.
    ///   - local: computes the answer from the store when no agent answers.
    func answer<Report: Encodable>(
        route: String, parameters: [(String, String)],
        local: (PerformanceAnalytics, Int64) async throws -> Report
    ) async throws -> (body: Data, origin: String) {
        let directory = options.dataDirectory(config)
        if let address = AgentLocator.answering(config: config, dataDirectory: directory, listen: listen) {
            let path =
                route + "?"
                + parameters.map { "\($0.0)=\(QueryCommand.percentEncoded($0.1))" }.joined(separator: "&")
            let (status, body) = try LocalHTTPClient.get(address, path: path, timeout: 120)
            guard status == 200 else {
                throw LocalHTTPClient.Failure(
                    description: "agent at \(address) answered \(status): \(String(decoding: body, as: UTF8.self))")
            }
            return (body, "agent at \(address)")
        }
        let path = directory.path + "/" + MetricStore.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no agent answered and there is no \(path); start one with `homeostat run`")
        }
        let memory = MetricMemory(
            store: try MetricStore(path: path), configuration: config.memory,
            shortTermRetentionDays: config.monitoring.retentionPeriodDays)
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let report = try await local(PerformanceAnalytics(memory: memory), now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (
            try encoder.encode(report),
            "\(path) (no agent running; the newest \(Int(config.memory.flushInterval)) s may be missing)"
        )
    }

    /// Checks the parameters as the agent would, so a bad flag fails before any I/O; names the flag.
    static func parse(_ parameters: [(String, String)], defaultPeriod: Int64) throws -> AnalyticsRequest {
        do {
            return try AnalyticsRequest(
                parameters: { name in parameters.filter { $0.0 == name }.map(\.1) }, defaultPeriod: defaultPeriod)
        } catch {
            let flag =
                error.parameter == "series" ? "selector" : error.parameter.replacingOccurrences(of: "_", with: "-")
            throw CommandFailure("--\(flag): \(error.message)")
        }
    }
}
