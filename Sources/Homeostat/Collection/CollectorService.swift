import CoreMetrics
import Foundation
import HomeostatCore
import Logging
import ServiceLifecycle
import Synchronization

/// The sampling loop as a ServiceLifecycle service: collects every `interval` on a drift-free
/// schedule and publishes each snapshot to ``LiveMetrics``.
///
/// Ticks are aligned to multiples of the interval in Unix time (a 1 s interval ticks on whole
/// seconds) and computed from the start instant on the monotonic clock, so sleep jitter never
/// accumulates. A cycle that overruns skips the ticks it missed rather than bunching them up.
/// Ends on graceful shutdown (SIGTERM/SIGINT) or task cancellation.
public final class CollectorService: Service, Sendable {
    /// Seconds between ticks.
    public let interval: Double
    public let live: LiveMetrics
    private let collector: Mutex<Collector>
    private let cycleTimer: HomeostatMetricsFactory?
    private let memory: MetricMemory?
    private let anomalies: AnomalyMonitor?
    private let alerts: AlertMonitor?
    private let logger: Logger

    /// - Parameters:
    ///   - interval: seconds between collections (`monitoring.collection_interval`).
    ///   - selfMetrics: where the agent records its own cycle duration (`homeostat.collection.duration`).
    ///   - memory: the metric memory every snapshot is appended to, if any.
    ///   - anomalies: the anomaly columns every snapshot is scored by, if any; their metrics
    ///     (`homeostat.anomaly.*`) join the same snapshot.
    ///   - alerts: the alert rules every snapshot is evaluated against, if any (after the anomaly scores
    ///     joined it, so rules may select `homeostat.anomaly.*`).
    public init(
        collector: Collector, interval: Double, live: LiveMetrics, selfMetrics: HomeostatMetricsFactory? = nil,
        memory: MetricMemory? = nil, anomalies: AnomalyMonitor? = nil, alerts: AlertMonitor? = nil,
        logger: Logger = Logger(label: "homeostat.collector")
    ) {
        self.memory = memory
        self.anomalies = anomalies
        self.alerts = alerts
        self.collector = Mutex(collector)
        self.interval = interval
        self.live = live
        self.cycleTimer = selfMetrics
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Graceful shutdown or cancellation: a normal end.
        }
    }

    private func loop() async throws {
        let clock = ContinuousClock()
        let step = Duration.seconds(interval)
        let wallStart = Date().timeIntervalSince1970
        let firstTick = (wallStart / interval).rounded(.up) * interval
        let origin = clock.now + .seconds(firstTick - wallStart)
        let timer = cycleTimer?.makeTimer(label: "homeostat.collection.duration", dimensions: [])
        if let memory {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            do {
                if let newest = try await memory.resume(now: now), newest > now {
                    logger.warning(
                        "the clock is behind the newest stored sample; samples are rejected until it passes it",
                        metadata: ["behind_seconds": "\(Double(newest - now) / 1000)"])
                }
            } catch {
                logger.error("cannot read where the previous run stopped", metadata: ["error": "\(error)"])
            }
        }
        logger.info("collecting", metadata: ["interval_seconds": "\(interval)"])
        var tick: Int64 = 0
        var skipped = 0
        while true {
            try await Task.sleep(until: origin + step * tick, tolerance: .milliseconds(1), clock: clock)
            let tickTime = firstTick + Double(tick) * interval
            var snapshot = collector.withLock { $0.collect(tick: tickTime, now: Date().timeIntervalSince1970) }
            if let memory { snapshot.samples += memory.statisticsSamples(now: tickTime) }
            if let anomalies {
                await anomalies.observe(snapshot)
                snapshot.samples += anomalies.samples()
            }
            alerts?.observe(snapshot)
            live.publish(snapshot, skippedTicks: skipped)
            memory?.ingest(snapshot)
            timer?.recordNanoseconds(Int64(snapshot.collectionDuration * 1e9))
            let elapsedTicks = Int64(((clock.now - origin) / step).rounded(.up))
            let next = max(tick + 1, elapsedTicks)
            skipped = Int(next - tick - 1)
            if skipped > 0 {
                logger.warning("collection overran its interval", metadata: ["skipped_ticks": "\(skipped)"])
            }
            tick = next
        }
    }
}
