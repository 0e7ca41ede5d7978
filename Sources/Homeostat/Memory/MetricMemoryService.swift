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
///
/// ``requestConsolidation(reason:)`` is the hook for other loops (the hormone system's consolidation
/// pressure, an operator's command): the service seals every open chunk and flushes at once, from
/// its own task, instead of waiting for the next interval.
public final class MetricMemoryService: Service, Sendable {
    public let memory: MetricMemory
    private let logger: Logger
    /// Whether the last flush failed, so a failing store is logged once, not every interval.
    private let failing = Mutex(false)
    private let requests: AsyncStream<String>
    private let requestContinuation: AsyncStream<String>.Continuation

    public init(memory: MetricMemory, logger: Logger = Logger(label: "homeostat.memory")) {
        self.memory = memory
        self.logger = logger
        (requests, requestContinuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(4))
    }

    /// Asks the running service to consolidate now (seal all open chunks, then flush). Returns at
    /// once; requests arriving faster than they are served are coalesced.
    /// - Parameter reason: logged at debug level, e.g. `vasopressin 0.82`.
    public func requestConsolidation(reason: String) {
        requestContinuation.yield(reason)
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

    /// Flushes every interval, and consolidates on request, until cancelled.
    private func loop() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.flushLoop() }
            group.addTask {
                for await reason in self.requests {
                    self.logger.debug("consolidation requested", metadata: ["reason": "\(reason)"])
                    await self.flushOnce(consolidating: true)
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func flushLoop() async throws {
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

    /// One flush (after sealing every open chunk when `consolidating`), logging only when success
    /// turns to failure or back.
    private func flushOnce(consolidating: Bool = false) async {
        do {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            if consolidating {
                try await memory.consolidate(now: now)
            } else {
                try await memory.flush(now: now)
            }
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
            try await memory.refreshStoreStatistics()
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
