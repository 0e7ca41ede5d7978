import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore
import HomeostatServer
import HomeostatStore
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `homeostat run`: the agent. Samples the host every `collection_interval`, serves the HTTP API, and
/// stops cleanly (exit 0) on SIGINT or SIGTERM.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the monitoring agent (sampling + HTTP API) until SIGINT or SIGTERM.",
        discussion: """
            Samples the host every collection interval, keeps the three-tier metric memory in metrics.sqlite, \
            scores every series with an anomaly column, evaluates the alert rules, and serves the HTTP API \
            on --listen (default 127.0.0.1:7777): metrics, query, analytics (trends, correlations), \
            anomalies and incidents, bottlenecks and alerts (README "HTTP API"); the routes that change \
            state need the bearer token.

            Writes into the data directory: agent.json (pid, address), a 0600 bearer token, metrics.sqlite, \
            alerts.sqlite (alert state and history) and anomaly-feedback.json. \
            Logs go to stderr.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Address to serve the API on; port 0 picks a free one.", valueName: "host:port"))
    var listen: ListenAddress?

    @Option(
        name: .customLong("watch-pid"), help: ArgumentHelp("Also watch this process id (repeatable).", valueName: "pid")
    )
    var watchPIDs: [Int32] = []

    @Option(
        name: .customLong("watch-name"),
        help: ArgumentHelp("Also watch processes with this name (repeatable).", valueName: "name"))
    var watchNames: [String] = []

    @Option(
        help: ArgumentHelp(
            "Seconds between collections (overrides monitoring.collection_interval).", valueName: "seconds"))
    var interval: Double?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError(
                "--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(logLevel)'")
        }
        if let interval, !(0.1...3600).contains(interval) {
            throw ValidationError("--interval must be from 0.1 to 3600 seconds, got \(interval)")
        }
        if let bad = watchPIDs.first(where: { $0 <= 0 }) {
            throw ValidationError("--watch-pid must be a positive process id, got \(bad)")
        }
    }

    func run() async throws {
        var config = try options.load()
        if let listen { config.agent.listen = listen }
        if let interval { config.monitoring.collectionInterval = interval }
        config.agent.watchPIDs += watchPIDs
        config.agent.watchNames += watchNames

        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "homeostat")

        let dataDirectory = options.dataDirectory(config)
        try dataDirectory.prepare()
        let token = try dataDirectory.token()

        let store = try MetricStore.openForAgent(dataDirectory: dataDirectory, logger: logger)
        var anomalies = AnomalyMonitor.Configuration.agent(ownPID: getpid(), config: config)
        anomalies.feedbackFile = dataDirectory.path + "/" + AnomalyFeedbackFile.fileName
        let alertStore = try AlertStore.openForAgent(dataDirectory: dataDirectory, logger: logger)
        let engine = HomeostatEngine(
            config: config, store: store, anomalies: anomalies, alertStore: alertStore, logger: logger)
        MetricsSystem.bootstrap(engine.metricsFactory)

        let listening = Mutex(false)
        let address = config.agent.listen
        let pid = getpid()
        let server = AgentServer.application(
            engine: engine, address: address, token: token, logger: logger
        ) { port in
            listening.withLock { $0 = true }
            let actual = ListenAddress(host: address.host, port: port)
            let info = AgentInfo(
                pid: pid, listen: actual.description, startedAt: Date().timeIntervalSince1970,
                version: HomeostatVersion.current)
            do {
                try info.write(to: dataDirectory)
            } catch {
                logger.error("cannot write agent.json", metadata: ["path": "\(dataDirectory.agentInfoPath)"])
            }
            logger.info(
                "agent listening",
                metadata: ["address": "http://\(actual)", "data_dir": "\(dataDirectory.path)", "pid": "\(pid)"])
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: engine.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                    + [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        defer { AgentInfo.remove(from: dataDirectory, pid: pid) }
        do {
            try await group.run()
        } catch {
            guard !listening.withLock({ $0 }) else { throw error }
            throw AgentError.cannotListen(address: address.description, reason: Self.bindFailure(error))
        }
        logger.info("agent stopped")
    }

    /// A person's words for why binding failed.
    private static func bindFailure(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let address = error as? SocketAddressError {
            switch address {
            case .unknown(let host, _): return "unknown host \(host)"
            default: return "\(address)"
            }
        }
        return "\(error)"
    }
}
