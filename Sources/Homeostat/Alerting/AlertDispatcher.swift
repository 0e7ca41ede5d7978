import AsyncHTTPClient
import Foundation
import HomeostatCore
import HomeostatStore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization

/// The service that runs alert actions and writes alert history and state, off the collection loop.
///
/// ``AlertMonitor`` enqueues work without waiting (an unbounded `AsyncStream`); ``run()`` takes it in
/// order, records every notification in the history, and runs each action of a firing, resolved or
/// repeated notification as its own child task, so a slow webhook never delays the next notification:
/// - `log`: a `warning` line for firing/repeated, `notice` for resolved (label `homeostat.alerts`);
/// - `webhook`: POST of the notification JSON, `timeout` per attempt, 3 attempts 1 s and 2 s apart,
///   retrying on transport errors and 5xx (not on 4xx);
/// - `command`: runs the program without a shell, the JSON on stdin and `HOMEOSTAT_ALERT_RULE`,
///   `_SERIES`, `_KIND`, `_STATE`, `_SEVERITY`, `_VALUE`, `_THRESHOLD` in the environment; killed after `timeout`;
/// - `optimize_automatically`: the registered optimizer, or "no optimizer registered".
///
/// Each action's outcome becomes a history entry. Ends on graceful shutdown, after writing the latest
/// saved states it was given.
public final class AlertDispatcher: Service, Sendable {
    /// A notification with the actions of its rule.
    public struct Delivery: Sendable {
        public var notification: AlertNotification
        public var actions: [AlertAction]
    }

    enum Work: Sendable {
        case deliver([Delivery])
        case saveStates([AlertStateRecord])
        case saveRule(name: String, body: String)
        case deleteRule(name: String)
    }

    /// History kept in memory when there is no store.
    public static let memoryHistoryLimit = 1000
    /// Work items queued at most while the service is not running or falls behind; the oldest are dropped
    /// beyond it (an engine run without its services must not grow without bound).
    public static let queueLimit = 4096
    /// Webhook attempts per notification.
    public static let webhookAttempts = 3

    private let store: AlertStore?
    private let logger: Logger
    private let stream: AsyncStream<Work>
    private let continuation: AsyncStream<Work>.Continuation
    private let optimizer = Mutex<AlertOptimizerHandler?>(nil)
    private let memoryHistory = Mutex<(next: Int64, entries: [AlertStore.HistoryEntry])>((1, []))
    /// Seconds between webhook attempts, doubled each time (1 s by default; tests shorten it).
    let retryDelay: Double

    init(store: AlertStore?, logger: Logger, retryDelay: Double = 1) {
        self.store = store
        var logger = logger
        logger[metadataKey: "component"] = "alerts"
        self.logger = logger
        self.retryDelay = retryDelay
        (stream, continuation) = AsyncStream.makeStream(
            of: Work.self, bufferingPolicy: .bufferingNewest(Self.queueLimit))
    }

    func enqueue(_ work: Work) {
        continuation.yield(work)
    }

    func registerOptimizer(_ handler: @escaping AlertOptimizerHandler) {
        optimizer.withLock { $0 = handler }
    }

    public func run() async {
        await withDiscardingTaskGroup { group in
            for await work in stream.cancelOnGracefulShutdown() {
                switch work {
                case .deliver(let deliveries):
                    record(deliveries.map { ($0.notification, nil, nil) })
                    for delivery in deliveries where delivery.notification.runsActions {
                        for action in delivery.actions {
                            group.addTask {
                                let outcome = await self.perform(action, delivery.notification)
                                self.record([(delivery.notification, action.kind, outcome)])
                            }
                        }
                    }
                case .saveStates(let records):
                    persist { store throws(StoreError) in
                        try store.saveStates(records.map { ($0.rule, $0.series, $0.state) })
                    }
                case .saveRule(let name, let body):
                    persist { store throws(StoreError) in try store.saveRule(name: name, body: body) }
                case .deleteRule(let name):
                    persist { store throws(StoreError) in try store.deleteRule(name: name) }
                }
            }
        }
    }

    /// The newest `limit` entries, oldest first.
    func history(limit: Int, rule: String?) throws(StoreError) -> [AlertStore.HistoryEntry] {
        if let store = self.store { return try store.history(limit: limit, rule: rule) }
        return memoryHistory.withLock { history in
            Array(history.entries.filter { rule == nil || $0.notification.rule == rule }.suffix(limit))
        }
    }

    private func persist(_ body: (AlertStore) throws(StoreError) -> Void) {
        guard let store else { return }
        do {
            try body(store)
        } catch {
            logger.error("cannot write alert state", metadata: ["path": "\(store.path)", "error": "\(error)"])
        }
    }

    private func record(_ entries: [(AlertNotification, action: String?, outcome: String?)]) {
        if store != nil {
            persist { store throws(StoreError) in try store.appendHistory(entries) }
            return
        }
        memoryHistory.withLock { history in
            for entry in entries {
                history.entries.append(
                    AlertStore.HistoryEntry(
                        id: history.next, notification: entry.0, action: entry.action, outcome: entry.outcome))
                history.next += 1
            }
            if history.entries.count > Self.memoryHistoryLimit {
                history.entries.removeFirst(history.entries.count - Self.memoryHistoryLimit)
            }
        }
    }

    /// Runs one action and says what happened.
    func perform(_ action: AlertAction, _ note: AlertNotification) async -> String {
        switch action {
        case .log:
            let metadata: Logger.Metadata = [
                "rule": "\(note.rule)", "series": "\(note.series)", "value": "\(note.value.map { "\($0)" } ?? "none")",
                "threshold": "\(note.comparison.rawValue) \(note.threshold)", "severity": "\(note.severity.rawValue)",
            ]
            let message: Logger.Message = "alert \(note.kind.rawValue): \(note.rule)"
            if note.kind == .resolved {
                logger.notice(message, metadata: metadata)
            } else {
                logger.warning(message, metadata: metadata)
            }
            return "logged"
        case .webhook(let url, let timeout):
            return await postWebhook(url: url, timeout: timeout, note: note)
        case .command(let arguments, let timeout):
            return await runCommand(arguments, timeout: timeout, note: note)
        case .optimizeAutomatically:
            guard let handler = optimizer.withLock({ $0 }) else { return "no optimizer registered" }
            return await handler(note)
        }
    }

    private func postWebhook(url: String, timeout: Double, note: AlertNotification) async -> String {
        let body = Self.json(note)
        var failure = ""
        for attempt in 1...Self.webhookAttempts {
            if attempt > 1 {
                let delay = retryDelay * Double(1 << (attempt - 2))
                do { try await Task.sleep(for: .seconds(delay)) } catch { return "cancelled (\(failure))" }
            }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "homeostat-alerts")
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await HTTPClient.shared.execute(
                    request, timeout: .milliseconds(Int64(timeout * 1000)))
                _ = try await response.body.collect(upTo: 64 * 1024)
                let code = Int(response.status.code)
                if (200..<300).contains(code) { return "delivered (HTTP \(code))" }
                failure = "HTTP \(code)"
                if (400..<500).contains(code) { break }
            } catch {
                failure = "\(error)"
            }
        }
        logger.error(
            "alert webhook failed", metadata: ["url": "\(url)", "rule": "\(note.rule)", "error": "\(failure)"])
        return "failed: \(failure)"
    }

    private func runCommand(_ arguments: [String], timeout: Double, note: AlertNotification) async -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["HOMEOSTAT_ALERT_RULE"] = note.rule
        environment["HOMEOSTAT_ALERT_SERIES"] = note.series
        environment["HOMEOSTAT_ALERT_KIND"] = note.kind.rawValue
        environment["HOMEOSTAT_ALERT_STATE"] = note.state.rawValue
        environment["HOMEOSTAT_ALERT_SEVERITY"] = note.severity.rawValue
        environment["HOMEOSTAT_ALERT_VALUE"] = note.value.map { "\($0)" } ?? ""
        environment["HOMEOSTAT_ALERT_THRESHOLD"] = "\(note.threshold)"
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            logger.error("alert command cannot start", metadata: ["program": "\(arguments[0])", "error": "\(error)"])
            return "cannot start \(arguments[0]): \(error)"
        }
        input.fileHandleForWriting.write(Data(Self.json(note)))
        _ = try? input.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + .seconds(timeout)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                logger.error("alert command timed out", metadata: ["program": "\(arguments[0])"])
                return "killed after \(timeout) s"
            }
            _ = try? await Task.sleep(for: .milliseconds(20))
        }
        let status = process.terminationStatus
        return status == 0 ? "exit 0" : "exit \(status)"
    }

    /// The notification as the webhook and command receive it (sorted keys).
    static func json(_ note: AlertNotification) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(note)) ?? Data("{}".utf8))
    }
}
