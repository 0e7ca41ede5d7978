import Foundation
import HomeostatCore
import HomeostatSensors
import HomeostatStore
import Logging
import ServiceLifecycle

/// The engine an application or the agent embeds: configuration, the swift-metrics backend, the
/// sampling service and its live data, anomaly columns and alerts (``alerts``,
/// ``setPerformanceAlert(metric:threshold:action:comparison:for:)``).
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
    /// The alert rules evaluated on every snapshot, their active alerts, history and actions.
    public let alerts: AlertMonitor

    /// - Parameter store: where the metric memory persists (`metrics.sqlite` in the data directory);
    ///   nil keeps only the live snapshot and short history.
    /// - Parameter anomalies: the anomaly monitor's settings (default: ``AnomalyMonitor/Configuration``'s).
    /// - Parameter alertStore: where alert state, history and API rules persist (`alerts.sqlite` in the
    ///   data directory); nil keeps alert history in memory. Configured rules naming unknown metrics
    ///   are left out with an error log (the CLI rejects such a file before it gets here).
    public init(
        config: PerformanceConfig, root: SystemRoot = .host, store: MetricStore? = nil,
        anomalies: AnomalyMonitor.Configuration = AnomalyMonitor.Configuration(), alertStore: AlertStore? = nil,
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
        self.anomalies = monitor
        memoryService = memory.map { MetricMemoryService(memory: $0, logger: logger) }
        let catalog = AlertMetricCatalog(applicationMetrics: config.alerts.applicationMetrics)
        var rules = config.alerts.defaultRules ? DefaultAlertRules.rules(config.monitoring.alertThresholds) : []
        for rule in config.alerts.rules {
            if let error = catalog.check(rule) {
                logger.error("alert rule left out", metadata: ["error": "\(error)"])
            } else {
                rules.removeAll { $0.name == rule.name }
                rules.append(rule)
            }
        }
        let alerts = AlertMonitor(rules: rules, catalog: catalog, store: alertStore, logger: logger)
        self.alerts = alerts
        // Anomaly incidents that pass the notification policy become external alerts: the same
        // deduplication, history and actions as rule alerts (the log, and anomalies.notify.webhook).
        let incidentActions: [AlertAction] =
            [.log]
            + (config.anomalies.notifyWebhook.map { [.webhook(url: $0, timeout: AlertAction.defaultWebhookTimeout)] }
                ?? [])
        monitor.onNotification { notification in
            do {
                try alerts.notify(
                    ExternalAlert(
                        source: "anomaly_incident", key: "incident-\(notification.incident.id)",
                        active: !notification.resolved, value: notification.anomalyRate,
                        threshold: anomalies.notification.minimumAnomalyRate, severity: .warning,
                        summary: notification.summary, actions: incidentActions),
                    now: Double(notification.notifiedAt) / 1000)
            } catch {
                logger.error("anomaly incident not routed to alerts", metadata: ["error": "\(error)"])
            }
        }
        collector = CollectorService(
            collector: .standard(config: config, root: root, applicationMetrics: factory, logger: logger),
            interval: interval, live: live, selfMetrics: factory, memory: memory, anomalies: monitor, alerts: alerts,
            logger: logger)
    }

    /// The seed's `monitor.set_performance_alert(metric, threshold, action)`: alert when `metric` goes
    /// above `threshold` (below it for the `.less` comparison), on every series of that metric, at once
    /// (no `for`), with `action`. The rule is named after the metric (dots kept) and replaces an earlier
    /// rule of that name made this way.
    ///
    /// - Parameters:
    ///   - metric: a metric name or a full selector (`system.cpu.utilization{cpu="total",state="idle"}`).
    ///   - threshold: in the metric's unit (ratios 0–1, seconds, bytes).
    ///   - action: what to do; `.log` by default.
    /// - Returns: the rule as added.
    /// - Throws: ``AlertRuleError`` for an unknown metric, a selector that does not parse, a non-finite
    ///   threshold.
    @discardableResult
    public func setPerformanceAlert(
        metric: String, threshold: Double, action: AlertAction = .log, comparison: AlertComparison = .greater,
        for duration: Double = 0
    ) throws(AlertRuleError) -> AlertRule {
        let selector: SeriesSelector
        do {
            selector = try SeriesSelector(parsing: metric)
        } catch {
            throw AlertRuleError(
                rule: metric, field: "metric", expected: "a metric name or series selector",
                got: "\"\(metric)\" (\(error))")
        }
        let name = selector.name ?? "alert"
        let rule = try AlertRule(
            name: String(name.prefix(128)), selector: selector, comparison: comparison, threshold: threshold,
            forDuration: duration, actions: [action])
        try alerts.addRule(rule)
        return rule
    }

    /// Every long-running part, in start order, for a `ServiceGroup` (which stops them in reverse,
    /// so the memory flushes after the last collection).
    public var services: [any Service] {
        (memoryService.map { [$0 as any Service] } ?? []) + [alerts.dispatcher, collector]
    }

    /// The latest snapshot as the realtime report, nil before the first collection.
    /// The seed's `monitor.get_real_time_metrics()`.
    public func realTimeMetrics(namePrefix: String? = nil) -> RealtimeReport? {
        live.latest.map { RealtimeReport($0, interval: config.monitoring.collectionInterval, namePrefix: namePrefix) }
    }
}
