import Foundation
import Homeostat
import HomeostatCore
import HomeostatStore

/// The data directory's `metrics.sqlite`, opened for commands that answer from it when no agent
/// runs (`query`, `trends`, `correlate`).
struct StoredMetrics {
    let memory: MetricMemory
    /// Where the answer comes from, for the command's header line.
    let origin: String

    /// - Throws: ``CommandFailure`` when the directory holds no store, `StoreError` when it cannot be opened.
    init(config: PerformanceConfig, directory: DataDirectory) throws {
        let path = directory.path + "/" + MetricStore.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no agent answered and there is no \(path); start one with `homeostat run`")
        }
        memory = MetricMemory(
            store: try MetricStore(path: path), configuration: config.memory,
            shortTermRetentionDays: config.monitoring.retentionPeriodDays)
        origin = "\(path) (no agent running; the newest \(Int(config.memory.flushInterval)) s may be missing)"
    }
}
