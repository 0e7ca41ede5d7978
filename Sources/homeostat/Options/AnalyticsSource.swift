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
            let body = try LocalHTTPClient.getOK(
                address, path: LocalHTTPClient.path(route, query: parameters), timeout: 120)
            return (body, "agent at \(address)")
        }
        let stored = try StoredMetrics(config: config, directory: directory)
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let report = try await local(PerformanceAnalytics(memory: stored.memory), now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try encoder.encode(report), stored.origin)
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
