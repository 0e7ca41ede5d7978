import Foundation
import HomeostatCore
import HomeostatSensors
import Logging

/// The engine an application or the agent embeds: configuration, the swift-metrics backend, the
/// sampling service and its live data.
///
/// ```swift
/// let engine = HomeostatEngine(config: PerformanceConfig())
/// MetricsSystem.bootstrap(engine.metricsFactory)   // your counters and timers join the stream
/// let group = ServiceGroup(services: [engine.collector], logger: logger)
/// try await group.run()
/// engine.realTimeMetrics()                         // the seed's get_real_time_metrics()
/// ```
public final class HomeostatEngine: Sendable {
    public let config: PerformanceConfig
    /// Bootstrap `MetricsSystem` with it to feed application metrics in.
    public let metricsFactory: HomeostatMetricsFactory
    /// Latest snapshot and short history.
    public let live: LiveMetrics
    /// The sampling loop; add it to a `ServiceGroup`.
    public let collector: CollectorService

    public init(
        config: PerformanceConfig, root: SystemRoot = .host, logger: Logger = Logger(label: "homeostat")
    ) {
        self.config = config
        let factory = HomeostatMetricsFactory()
        metricsFactory = factory
        let interval = config.monitoring.collectionInterval
        let capacity = max(1, Int((Double(config.agent.historySeconds) / interval).rounded(.up)))
        live = LiveMetrics(historyCapacity: capacity)
        collector = CollectorService(
            collector: .standard(config: config, root: root, applicationMetrics: factory, logger: logger),
            interval: interval, live: live, selfMetrics: factory, logger: logger)
    }

    /// The latest snapshot as the realtime report, nil before the first collection.
    /// The seed's `monitor.get_real_time_metrics()`.
    public func realTimeMetrics(namePrefix: String? = nil) -> RealtimeReport? {
        live.latest.map { RealtimeReport($0, interval: config.monitoring.collectionInterval, namePrefix: namePrefix) }
    }
}
