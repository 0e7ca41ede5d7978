/// The seed's `performance_config`, plus the agent's own settings, as loaded from `homeostat.yaml`.
///
/// Every default equals the seed document's value. Load with ``ConfigLoader``; every field is
/// validated there (ranges and types), so a value of this type is always valid.
public struct PerformanceConfig: Sendable, Equatable {
    public var monitoring = Monitoring()
    public var optimization = Optimization()
    public var resourceManagement = ResourceManagement()
    public var memory = Memory()
    public var anomalies = Anomalies()
    public var agent = Agent()
    public var alerts = Alerts()

    public init() {}

    /// `monitoring:` — what the agent samples and how long data is kept.
    public struct Monitoring: Sendable, Equatable {
        /// Seconds between two collection cycles. Default 1 s; 0.1 to 3600.
        public var collectionInterval: Double = 1
        /// Days the short-term tier keeps data. Default 30; 1 to 3650.
        public var retentionPeriodDays: Int = 30
        public var alertThresholds = AlertThresholds()
        public init() {}
    }

    /// `monitoring.alert_thresholds:` — the seed's default alert levels.
    public struct AlertThresholds: Sendable, Equatable {
        /// Milliseconds. Default 100.
        public var responseTimeMs: Double = 100
        /// Ratio 0–1. Default 0.01 (1 %).
        public var errorRate: Double = 0.01
        /// Ratio 0–1 of all cores. Default 0.8.
        public var cpuUsage: Double = 0.8
        /// Ratio 0–1 of total memory. Default 0.9.
        public var memoryUsage: Double = 0.9
        public init() {}
    }

    /// `optimization:` — the optimization loop's settings.
    public struct Optimization: Sendable, Equatable {
        /// Default true, as in the seed.
        public var autoOptimization = true
        /// Seconds between optimization rounds. Default 300; 1 to 86400.
        public var optimizationInterval: Double = 300
        /// Default false.
        public var aggressiveMode = false
        /// Step size of learning loops, in (0, 1]. Default 0.01.
        public var learningRate: Double = 0.01
        public init() {}
    }

    /// `resource_management:` — the resources Homeostat may plan with.
    public struct ResourceManagement: Sendable, Equatable {
        /// Default 8; 1 to 4096.
        public var maxCPUCores = 8
        /// Bytes. Default 16 GB (16 × 10⁹).
        public var maxMemoryBytes: UInt64 = 16_000_000_000
        /// Bytes. Default 2 GB (2 × 10⁹).
        public var diskCacheSizeBytes: UInt64 = 2_000_000_000
        /// Bits per second. Default 1 Gbps (10⁹).
        public var networkBandwidthBitsPerSecond: UInt64 = 1_000_000_000
        public init() {}
    }

    /// `memory:` — the three-tier metric memory (working memory in RAM, rollups in SQLite).
    public struct Memory: Sendable, Equatable {
        /// Seconds between writes of working memory to the store; a crash loses at most this much.
        /// Default 5; 1 to 3600.
        public var flushInterval: Double = 5
        /// Compressed bytes working memory may hold. Default 64 MB (64 × 10⁶).
        public var workingMemoryBudgetBytes: UInt64 = 64_000_000
        /// Seconds raw samples are kept (in memory and in the store). Default 7200 (2 h); 60 to 2592000.
        public var rawRetentionSeconds: Double = 7200
        /// Days 1-hour rollups are kept. Default 730 (2 years); 1 to 36500. (1-minute rollups are kept
        /// for `monitoring.retention_period`.)
        public var longTermRetentionDays = 730
        public init() {}
    }

    /// `anomalies:` — the anomaly columns and when their incidents notify.
    public struct Anomalies: Sendable, Equatable {
        /// A sample scoring at least this is flagged. Default 0.5; 0.01 to 1.
        public var threshold = 0.5
        /// Seconds after an incident's last flag within which a new flag joins it. Default 30; 1 to 3600.
        public var incidentWindow = 30.0
        /// Whether columns damp deviations to levels the series visits regularly. Default true.
        public var habituation = true
        /// Seconds after which habituation's memory of a value has halved. Default 21600 (6 h); 600 to
        /// 2592000 (30 days).
        public var habituationHalfLife = 21_600.0
        /// Seconds of watching before any incident notifies. Default 3600 (1 h); 0 to 604800.
        public var notifyLearningPeriod = 3600.0
        /// The node anomaly rate (share of monitored samples flagged) an incident's densest minute must
        /// reach to notify. Default 0.01; 0 to 1.
        public var notifyMinimumAnomalyRate = 0.01
        /// Series an incident needs to notify. Default 3; 1 to 10000.
        public var notifyMinimumSeries = 3
        /// Seconds during which an incident led by the same metrics does not notify again. Default 86400
        /// (24 h); 0 to 2592000.
        public var notifyRepeatAfter = 86_400.0
        /// A URL that notifying incidents are POSTed to as alert JSON (besides the log). Default none.
        public var notifyWebhook: String?
        public init() {}
    }

    /// `agent:` — where the agent listens, keeps files, and what it watches.
    public struct Agent: Sendable, Equatable {
        /// `HOST:PORT`; default `127.0.0.1:7777`. Port 0 picks a free port.
        public var listen = ListenAddress(host: "127.0.0.1", port: 7777)
        /// Default nil: `$HOMEOSTAT_DATA_DIR`, else `$XDG_DATA_HOME/homeostat`, else `~/.local/share/homeostat`.
        public var dataDirectory: String? = nil
        /// Seconds of samples kept in memory for the realtime API. Default 300; 10 to 86400.
        public var historySeconds = 300
        /// Process ids to watch besides the agent itself.
        public var watchPIDs: [Int32] = []
        /// Process names (as in `/proc/PID/comm`) to watch.
        public var watchNames: [String] = []
        public init() {}
    }
}

extension PerformanceConfig {
    /// `alerts:` — alert rules (see ``AlertRuleParser`` for a rule's keys).
    public struct Alerts: Sendable, Equatable {
        /// Default true: the seed's four rules built from `monitoring.alert_thresholds` are active
        /// (see ``DefaultAlertRules``).
        public var defaultRules = true
        /// Application metric names (swift-metrics labels) rules may select besides the sensors' metrics;
        /// a rule naming a metric that is neither is rejected. Default none.
        public var applicationMetrics: [String] = []
        /// The configured rules, in file order. Default none.
        public var rules: [AlertRule] = []
        /// The 1-based line each configured rule starts on, by rule name, for later error messages.
        public var ruleLines: [String: Int] = [:]
        public init() {}
    }
}

/// A TCP listen address: `127.0.0.1:7777`, `[::1]:7777`, `localhost:0`.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; IPv6 hosts in brackets. Nil when it has no port or the port is not 0–65535.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
