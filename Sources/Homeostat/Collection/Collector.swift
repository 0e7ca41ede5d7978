import Foundation
import HomeostatCore
import HomeostatSensors
import Logging

/// Runs every sensor once per cycle and assembles the samples into one ``Snapshot``.
///
/// A sensor that throws is reported unavailable for that cycle (with the file and reason) and the
/// others carry on; availability changes are logged once, not every cycle.
public struct Collector: Sendable {
    private var sensors: [any Sensor]
    private var processes: WatchedProcessesSensor
    private let applicationMetrics: HomeostatMetricsFactory?
    private var statuses: [String: SensorStatus] = [:]
    private var logger: Logger
    /// How many samples the last cycle produced, to size the next batch.
    private var lastCount = 256

    /// - Parameters:
    ///   - sensors: host sensors, usually ``HostSensors/all(root:)``.
    ///   - processes: the agent itself and the watched processes.
    ///   - applicationMetrics: a swift-metrics backend whose metrics join the stream.
    public init(
        sensors: [any Sensor], processes: WatchedProcessesSensor, applicationMetrics: HomeostatMetricsFactory?,
        logger: Logger = Logger(label: "homeostat.collector")
    ) {
        self.sensors = sensors
        self.processes = processes
        self.applicationMetrics = applicationMetrics
        self.logger = logger
    }

    /// The standard collector for this host: every host sensor, the agent process plus `config.agent`'s
    /// watched pids and names, and `applicationMetrics`.
    public static func standard(
        config: PerformanceConfig, root: SystemRoot = .host, applicationMetrics: HomeostatMetricsFactory?,
        logger: Logger = Logger(label: "homeostat.collector")
    ) -> Collector {
        Collector(
            sensors: HostSensors.all(root: root),
            processes: WatchedProcessesSensor(
                root: root, pids: config.agent.watchPIDs, names: config.agent.watchNames, includeAgent: true),
            applicationMetrics: applicationMetrics, logger: logger)
    }

    /// Reads every sensor once.
    /// - Parameters:
    ///   - tick: Unix seconds of the scheduled tick; the snapshot's timestamp.
    ///   - now: Unix seconds when reading starts; the time base for rates (more exact than the tick
    ///     when the wake-up was late).
    public mutating func collect(tick: Double, now: Double) -> Snapshot {
        let started = ContinuousClock.now
        var batch = SampleBatch(reservingCapacity: lastCount + 16)
        for index in sensors.indices {
            let name = sensors[index].name
            do {
                try sensors[index].collect(into: &batch, at: now)
                record(SensorStatus(name: name, available: true))
            } catch {
                record(SensorStatus(name: name, available: false, reason: error.description))
            }
        }
        do {
            try processes.collect(into: &batch, at: now)
            record(SensorStatus(name: processes.name, available: true))
        } catch {
            record(SensorStatus(name: processes.name, available: false, reason: error.description))
        }
        applicationMetrics?.collect(into: &batch, at: now)
        lastCount = batch.count
        let duration = (ContinuousClock.now - started) / .seconds(1)
        return Snapshot(
            timestamp: tick, samples: batch.samples, processes: processes.statuses,
            sensors: statuses.values.sorted { $0.name < $1.name }, collectionDuration: duration)
    }

    private mutating func record(_ status: SensorStatus) {
        let previous = statuses.updateValue(status, forKey: status.name)
        guard previous != status else { return }
        if !status.available {
            logger.warning(
                "sensor unavailable", metadata: ["sensor": "\(status.name)", "reason": "\(status.reason ?? "")"])
        } else if previous != nil {
            logger.info("sensor available again", metadata: ["sensor": "\(status.name)"])
        }
    }
}
