import Foundation
import HomeostatCore
import HomeostatStore
import Logging
import ServiceLifecycle
import Synchronization

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
    /// Whether the last flush failed, so a failing store is logged once, not every interval.
    private let failing = Mutex(false)

    public init(memory: MetricMemory, logger: Logger = Logger(label: "homeostat.memory")) {
        self.memory = memory
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Shutdown: the final flush below.
        }
        await flushOnce()
        logger.info("metric memory flushed", metadata: ["path": "\(memory.store.path)"])
    }

    /// Flushes every interval until cancelled.
    private func loop() async throws {
        let interval = Duration.seconds(memory.configuration.flushInterval)
        var lastRetention = ContinuousClock.now - .seconds(3600)
        while true {
            try await Task.sleep(for: interval)
            await flushOnce()
            if ContinuousClock.now - lastRetention >= .seconds(600) {
                lastRetention = ContinuousClock.now
                await applyRetention()
            }
        }
    }

    /// One flush, logging only when success turns to failure or back.
    private func flushOnce() async {
        do {
            try await memory.flush(now: Int64(Date().timeIntervalSince1970 * 1000))
            if failing.exchange(false) {
                logger.info("metric store writable again", metadata: ["path": "\(memory.store.path)"])
            }
        } catch {
            if !failing.exchange(true) {
                logger.error(
                    "cannot write the metric store; keeping samples in working memory and retrying",
                    metadata: ["path": "\(memory.store.path)", "error": "\(error)"])
            }
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

extension Mutex where Value == Bool {
    /// Sets the flag and returns its previous value.
    fileprivate func exchange(_ newValue: Bool) -> Bool {
        withLock { value in
            defer { value = newValue }
            return value
        }
    }
}
