import Foundation
import HomeostatCore
import HomeostatStore
import Logging
import ServiceLifecycle

/// Flushes ``MetricMemory`` to its store every `flush_interval` and applies retention every
/// 10 minutes, as a ServiceLifecycle service. On graceful shutdown it flushes once more, so a
/// SIGTERM loses nothing; after `kill -9` at most one flush interval of the newest samples is lost.
///
/// A failed write (disk full, I/O error) is logged once and retried at every interval; working
/// memory keeps the unflushed data meanwhile (within its byte budget) and flushing resumes when the
/// store accepts writes again.
public final class MetricMemoryService: Service, Sendable {
    public let memory: MetricMemory
    private let logger: Logger

    public init(memory: MetricMemory, logger: Logger = Logger(label: "homeostat.memory")) {
        self.memory = memory
        self.logger = logger
    }

    public func run() async throws {
        var failing = false
        do {
            failing = try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Shutdown: the final flush below.
        }
        _ = await flushOnce(failing: failing)
        logger.info("metric memory flushed", metadata: ["path": "\(memory.store.path)"])
    }

    /// Flushes every interval until cancelled; returns (never, in practice) the last failure state.
    private func loop() async throws -> Bool {
        let interval = Duration.seconds(memory.configuration.flushInterval)
        var failing = false
        var lastRetention = ContinuousClock.now - .seconds(3600)
        while true {
            try await Task.sleep(for: interval)
            failing = await flushOnce(failing: failing)
            if ContinuousClock.now - lastRetention >= .seconds(600) {
                lastRetention = ContinuousClock.now
                await applyRetention()
            }
        }
    }

    /// One flush; returns whether it failed, logging only when that changes.
    private func flushOnce(failing: Bool) async -> Bool {
        do {
            try await memory.flush(now: Int64(Date().timeIntervalSince1970 * 1000))
            if failing { logger.info("metric store writable again", metadata: ["path": "\(memory.store.path)"]) }
            return false
        } catch {
            if !failing {
                logger.error(
                    "cannot write the metric store; keeping samples in working memory and retrying",
                    metadata: ["path": "\(memory.store.path)", "error": "\(error)"])
            }
            return true
        }
    }

    private func applyRetention() async {
        do {
            let deleted = try await memory.deleteExpired(now: Int64(Date().timeIntervalSince1970 * 1000))
            if deleted > 0 { logger.debug("retention", metadata: ["rows_deleted": "\(deleted)"]) }
        } catch {
            logger.error("retention failed", metadata: ["path": "\(memory.store.path)", "error": "\(error)"])
        }
    }
}
