import Foundation
import HomeostatCore
import HomeostatSensors
import HomeostatStore
import Logging
import ServiceLifecycle

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
    /// The three-tier metric memory, when the engine was given a store.
    public let memory: MetricMemory?
    /// One anomaly column per collected series, and the incidents they form.
    public let anomalies: AnomalyMonitor
    /// Writes ``memory`` to its store; nil without a store.
    public let memoryService: MetricMemoryService?

    /// - Parameter store: where the metric memory persists (`metrics.sqlite` in the data directory);
    ///   nil keeps only the live snapshot and short history.
    /// - Parameter anomalies: the anomaly monitor's settings (default: ``AnomalyMonitor/Configuration``'s).
    public init(
        config: PerformanceConfig, root: SystemRoot = .host, store: MetricStore? = nil,
        anomalies: AnomalyMonitor.Configuration = AnomalyMonitor.Configuration(),
        logger: Logger = Logger(label: "homeostat")
    ) {
        self.config = config
        let factory = HomeostatMetricsFactory()
        metricsFactory = factory
        let interval = config.monitoring.collectionInterval
        let capacity = max(1, Int((Double(config.agent.historySeconds) / interval).rounded(.up)))
        live = LiveMetrics(historyCapacity: capacity)
        let memory = store.map {
            MetricMemory(
                store: $0, configuration: config.memory, shortTermRetentionDays: config.monitoring.retentionPeriodDays)
        }
        self.memory = memory
        let monitor = AnomalyMonitor(configuration: anomalies)
        if let problem = monitor.feedbackFileProblem {
            logger.error(
                "anomaly feedback file unreadable; moved aside, columns start at their default sensitivity",
                metadata: ["problem": "\(problem)"])
        }
        monitor.onNotification { notification in
            logger.warning(
                "anomaly incident",
                metadata: [
                    "incident": "\(notification.incident.id)", "summary": "\(notification.summary)",
                ])
        }
        self.anomalies = monitor
        memoryService = memory.map { MetricMemoryService(memory: $0, logger: logger) }
        collector = CollectorService(
            collector: .standard(config: config, root: root, applicationMetrics: factory, logger: logger),
            interval: interval, live: live, selfMetrics: factory, memory: memory, anomalies: monitor, logger: logger)
    }

    /// Every long-running part, in start order, for a `ServiceGroup` (which stops them in reverse,
    /// so the memory flushes after the last collection).
    public var services: [any Service] {
        (memoryService.map { [$0 as any Service] } ?? []) + [collector]
    }

    /// The latest snapshot as the realtime report, nil before the first collection.
    /// The seed's `monitor.get_real_time_metrics()`.
    public func realTimeMetrics(namePrefix: String? = nil) -> RealtimeReport? {
        live.latest.map { RealtimeReport($0, interval: config.monitoring.collectionInterval, namePrefix: namePrefix) }
    }
}
