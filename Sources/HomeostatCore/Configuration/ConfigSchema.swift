import Foundation

/// A configuration value as written: one scalar (with whether it was quoted) or a list of them.
public enum ConfigInput: Sendable {
    case scalar(String, quoted: Bool)
    case list([String])
    case null
    case mapping
}

/// A value of the effective configuration, for rendering as YAML or JSON.
public enum ConfigValue: Sendable, Equatable {
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case string(String)
    case integers([Int])
    case strings([String])
    case absent
}

/// One leaf key of `homeostat.yaml`: its dotted path, what it accepts, and how it reads and writes
/// ``PerformanceConfig``.
public struct ConfigKey: Sendable {
    /// `monitoring.collection_interval`.
    public let path: String
    /// What a person should write: `a number of seconds from 0.1 to 3600 (or "500ms", "2s")`.
    public let expected: String
    /// Parses the input and stores it, or returns the issue kind and the rendering of what was found.
    let apply: @Sendable (ConfigInput, inout PerformanceConfig) -> ConfigIssue.Kind?
    /// Reads the current value back.
    public let value: @Sendable (PerformanceConfig) -> ConfigValue

    /// The environment variable that overrides it: `HOMEOSTAT_MONITORING_COLLECTION_INTERVAL`.
    public var environmentName: String {
        "HOMEOSTAT_" + String(path.uppercased().map { $0 == "." ? "_" : $0 })
    }
}

/// The schema of `homeostat.yaml`: every key, its type, range and default (the defaults live in
/// ``PerformanceConfig``).
public enum ConfigSchema {
    /// Every leaf key, in the order `config show` prints them.
    public static let keys: [ConfigKey] = [
        number(
            "monitoring.collection_interval", \.monitoring.collectionInterval, range: 0.1...3600,
            expected: "a number of seconds from 0.1 to 3600 (or a duration like \"500ms\")", duration: true),
        integer("monitoring.retention_period", \.monitoring.retentionPeriodDays, range: 1...3650, unit: "days"),
        number(
            "monitoring.alert_thresholds.response_time", \.monitoring.alertThresholds.responseTimeMs,
            range: 0.001...3_600_000, expected: "a number of milliseconds from 0.001 to 3600000"),
        ratio("monitoring.alert_thresholds.error_rate", \.monitoring.alertThresholds.errorRate),
        ratio("monitoring.alert_thresholds.cpu_usage", \.monitoring.alertThresholds.cpuUsage),
        ratio("monitoring.alert_thresholds.memory_usage", \.monitoring.alertThresholds.memoryUsage),
        bool("optimization.auto_optimization", \.optimization.autoOptimization),
        number(
            "optimization.optimization_interval", \.optimization.optimizationInterval, range: 1...86400,
            expected: "a number of seconds from 1 to 86400 (or a duration like \"5m\")", duration: true),
        bool("optimization.aggressive_mode", \.optimization.aggressiveMode),
        number(
            "optimization.learning_rate", \.optimization.learningRate, range: 1e-9...1,
            expected: "a number greater than 0 and at most 1"),
        integer("resource_management.max_cpu_cores", \.resourceManagement.maxCPUCores, range: 1...4096, unit: "cores"),
        bytes("resource_management.max_memory", \.resourceManagement.maxMemoryBytes, minimum: 1 << 20),
        bytes("resource_management.disk_cache_size", \.resourceManagement.diskCacheSizeBytes, minimum: 0),
        bitRate("resource_management.network_bandwidth", \.resourceManagement.networkBandwidthBitsPerSecond),
        number(
            "memory.flush_interval", \.memory.flushInterval, range: 1...3600,
            expected: "a number of seconds from 1 to 3600 (or a duration like \"5s\")", duration: true),
        bytes("memory.working_memory_budget", \.memory.workingMemoryBudgetBytes, minimum: 1 << 20),
        number(
            "memory.raw_retention", \.memory.rawRetentionSeconds, range: 60...2_592_000,
            expected: "a number of seconds from 60 to 2592000 (or a duration like \"2h\")", duration: true),
        integer("memory.long_term_retention", \.memory.longTermRetentionDays, range: 1...36500, unit: "days"),
        number(
            "anomalies.threshold", \.anomalies.threshold, range: 0.01...1,
            expected: "an anomaly score from 0.01 to 1"),
        number(
            "anomalies.incident_window", \.anomalies.incidentWindow, range: 1...3600,
            expected: "a number of seconds from 1 to 3600 (or a duration like \"30s\")", duration: true),
        bool("anomalies.habituation", \.anomalies.habituation),
        number(
            "anomalies.habituation_half_life", \.anomalies.habituationHalfLife, range: 600...2_592_000,
            expected: "a number of seconds from 600 to 2592000 (or a duration like \"6h\")", duration: true),
        number(
            "anomalies.notify.learning_period", \.anomalies.notifyLearningPeriod, range: 0...604_800,
            expected: "a number of seconds from 0 to 604800 (or a duration like \"1h\")", duration: true),
        ratio("anomalies.notify.min_anomaly_rate", \.anomalies.notifyMinimumAnomalyRate),
        integer("anomalies.notify.min_series", \.anomalies.notifyMinimumSeries, range: 1...10_000, unit: "series"),
        number(
            "anomalies.notify.repeat_after", \.anomalies.notifyRepeatAfter, range: 0...2_592_000,
            expected: "a number of seconds from 0 to 2592000 (or a duration like \"24h\")", duration: true),
        webhookURL("anomalies.notify.webhook", \.anomalies.notifyWebhook),
        listen("agent.listen", \.agent.listen),
        optionalString("agent.data_dir", \.agent.dataDirectory, expected: "a directory path"),
        integer("agent.history_seconds", \.agent.historySeconds, range: 10...86400, unit: "seconds"),
        pids("agent.watch_pids", \.agent.watchPIDs),
        names("agent.watch_names", \.agent.watchNames),
        bool("alerts.default_rules", \.alerts.defaultRules),
        metricNames("alerts.application_metrics", \.alerts.applicationMetrics),
    ]

    /// The section names (non-leaf keys), for telling a misplaced section from an unknown key.
    public static let sections: [String] = [
        "monitoring", "monitoring.alert_thresholds", "optimization", "resource_management", "memory", "anomalies",
        "anomalies.notify", "agent", "alerts",
    ]

    /// The one key holding a list of mappings (alert rules), parsed by ``AlertRuleParser``.
    public static let alertRulesPath = "alerts.rules"

    public static func key(_ path: String) -> ConfigKey? { keys.first { $0.path == path } }

    // MARK: - Key builders

    private static func number(
        _ path: String, _ field: any WritableKeyPath<PerformanceConfig, Double> & Sendable, range: ClosedRange<Double>,
        expected: String, duration: Bool = false
    ) -> ConfigKey {
        ConfigKey(
            path: path, expected: expected,
            apply: { input, config in
                guard case .scalar(let text, let quoted) = input else { return .wrongType }
                let parsed = quoted && !duration ? nil : (duration ? QuantityParsing.seconds(text) : Double(text))
                guard let value = parsed, value.isFinite else { return .wrongType }
                guard range.contains(value) else { return .outOfRange }
                config[keyPath: field] = value
                return nil
            },
            value: { .number($0[keyPath: field]) })
    }

    private static func ratio(_ path: String, _ field: any WritableKeyPath<PerformanceConfig, Double> & Sendable)
        -> ConfigKey
    {
        number(path, field, range: 0...1, expected: "a ratio from 0 to 1 (0.8 means 80%)")
    }

    private static func integer(
        _ path: String, _ field: any WritableKeyPath<PerformanceConfig, Int> & Sendable, range: ClosedRange<Int>,
        unit: String
    ) -> ConfigKey {
        ConfigKey(
            path: path, expected: "a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound)",
            apply: { input, config in
                guard case .scalar(let text, false) = input, let value = Int(text) else { return .wrongType }
                guard range.contains(value) else { return .outOfRange }
                config[keyPath: field] = value
                return nil
            },
            value: { .integer($0[keyPath: field]) })
    }

    private static func bool(_ path: String, _ field: any WritableKeyPath<PerformanceConfig, Bool> & Sendable)
        -> ConfigKey
    {
        ConfigKey(
            path: path, expected: "true or false",
            apply: { input, config in
                guard case .scalar(let text, false) = input else { return .wrongType }
                switch text.lowercased() {
                case "true": config[keyPath: field] = true
                case "false": config[keyPath: field] = false
                default: return .wrongType
                }
                return nil
            },
            value: { .bool($0[keyPath: field]) })
    }

    private static func bytes(
        _ path: String, _ field: any WritableKeyPath<PerformanceConfig, UInt64> & Sendable, minimum: UInt64
    ) -> ConfigKey {
        ConfigKey(
            path: path,
            expected: "a size of at least \(QuantityParsing.formatBytes(minimum)) like \"16GB\" or \"512MiB\" "
                + "(units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
            apply: { input, config in
                guard case .scalar(let text, _) = input, let value = QuantityParsing.bytes(text) else {
                    return .wrongType
                }
                guard value >= minimum else { return .outOfRange }
                config[keyPath: field] = value
                return nil
            },
            value: { .string(QuantityParsing.formatBytes($0[keyPath: field])) })
    }

    private static func bitRate(_ path: String, _ field: any WritableKeyPath<PerformanceConfig, UInt64> & Sendable)
        -> ConfigKey
    {
        ConfigKey(
            path: path, expected: "a bit rate greater than 0 like \"1Gbps\" (units bps, Kbps, Mbps, Gbps, Tbps)",
            apply: { input, config in
                guard case .scalar(let text, _) = input, let value = QuantityParsing.bitsPerSecond(text) else {
                    return .wrongType
                }
                guard value > 0 else { return .outOfRange }
                config[keyPath: field] = value
                return nil
            },
            value: { .string(QuantityParsing.formatBitsPerSecond($0[keyPath: field])) })
    }

    private static func listen(
        _ path: String, _ field: any WritableKeyPath<PerformanceConfig, ListenAddress> & Sendable
    )
        -> ConfigKey
    {
        ConfigKey(
            path: path, expected: "HOST:PORT with a port from 0 to 65535, like \"127.0.0.1:7777\"",
            apply: { input, config in
                guard case .scalar(let text, _) = input, let value = ListenAddress(parsing: text) else {
                    return .wrongType
                }
                config[keyPath: field] = value
                return nil
            },
            value: { .string($0[keyPath: field].description) })
    }

    private static func webhookURL(
        _ path: String, _ field: any WritableKeyPath<PerformanceConfig, String?> & Sendable
    ) -> ConfigKey {
        ConfigKey(
            path: path, expected: "an http:// or https:// URL",
            apply: { input, config in
                if case .null = input {
                    config[keyPath: field] = nil  // `webhook: null`, as `config show` prints an unset one
                    return nil
                }
                guard case .scalar(let text, _) = input, text.hasPrefix("http://") || text.hasPrefix("https://")
                else { return .wrongType }
                config[keyPath: field] = text
                return nil
            },
            value: { $0[keyPath: field].map(ConfigValue.string) ?? .absent })
    }

    private static func optionalString(
        _ path: String, _ field: any WritableKeyPath<PerformanceConfig, String?> & Sendable, expected: String
    ) -> ConfigKey {
        ConfigKey(
            path: path, expected: expected,
            apply: { input, config in
                if case .null = input {
                    config[keyPath: field] = nil  // as `config show` prints an unset one
                    return nil
                }
                guard case .scalar(let text, _) = input, !text.isEmpty else { return .wrongType }
                config[keyPath: field] = text
                return nil
            },
            value: { $0[keyPath: field].map(ConfigValue.string) ?? .absent })
    }

    private static func pids(_ path: String, _ field: any WritableKeyPath<PerformanceConfig, [Int32]> & Sendable)
        -> ConfigKey
    {
        ConfigKey(
            path: path, expected: "a list of process ids (whole numbers from 1 to 4194304)",
            apply: { input, config in
                guard let items = listItems(input) else { return .wrongType }
                var values: [Int32] = []
                for item in items {
                    guard let pid = Int32(item.trimmingCharacters(in: .whitespaces)) else { return .wrongType }
                    guard (1...4_194_304).contains(pid) else { return .outOfRange }
                    values.append(pid)
                }
                config[keyPath: field] = values
                return nil
            },
            value: { .integers($0[keyPath: field].map(Int.init)) })
    }

    private static func names(_ path: String, _ field: any WritableKeyPath<PerformanceConfig, [String]> & Sendable)
        -> ConfigKey
    {
        ConfigKey(
            path: path, expected: "a list of process names (as in /proc/PID/comm, or the program file name)",
            apply: { input, config in
                guard let items = listItems(input) else { return .wrongType }
                let trimmed = items.map { $0.trimmingCharacters(in: .whitespaces) }
                guard trimmed.allSatisfy({ !$0.isEmpty }) else { return .wrongType }
                config[keyPath: field] = trimmed
                return nil
            },
            value: { .strings($0[keyPath: field]) })
    }

    private static func metricNames(
        _ path: String, _ field: any WritableKeyPath<PerformanceConfig, [String]> & Sendable
    ) -> ConfigKey {
        ConfigKey(
            path: path, expected: "a list of metric names like \"checkout.latency\" ([A-Za-z_][A-Za-z0-9_.]*)",
            apply: { input, config in
                guard let items = listItems(input) else { return .wrongType }
                let trimmed = items.map { $0.trimmingCharacters(in: .whitespaces) }
                guard trimmed.allSatisfy(SeriesSelector.isValidName) else { return .wrongType }
                config[keyPath: field] = trimmed
                return nil
            },
            value: { .strings($0[keyPath: field]) })
    }

    /// A YAML list, a comma-separated scalar (as environment variables give), or null (empty).
    private static func listItems(_ input: ConfigInput) -> [String]? {
        switch input {
        case .list(let list): return list
        case .scalar(let text, _): return text.split(separator: ",").map(String.init)
        case .null: return []
        case .mapping: return nil
        }
    }
}
