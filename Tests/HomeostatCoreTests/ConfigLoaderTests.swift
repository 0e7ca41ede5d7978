import Foundation
import HomeostatCore
import Testing

@Suite("Configuration")
struct ConfigLoaderTests {
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)).path
    }

    @Test("built-in defaults equal the seed's performance_config")
    func defaultsMatchSeed() {
        let config = PerformanceConfig()
        #expect(config.monitoring.collectionInterval == 1)
        #expect(config.monitoring.retentionPeriodDays == 30)
        #expect(config.monitoring.alertThresholds.responseTimeMs == 100)
        #expect(config.monitoring.alertThresholds.errorRate == 0.01)
        #expect(config.monitoring.alertThresholds.cpuUsage == 0.8)
        #expect(config.monitoring.alertThresholds.memoryUsage == 0.9)
        #expect(config.optimization.autoOptimization == true)
        #expect(config.optimization.optimizationInterval == 300)
        #expect(config.optimization.aggressiveMode == false)
        #expect(config.optimization.learningRate == 0.01)
        #expect(config.resourceManagement.maxCPUCores == 8)
        #expect(config.resourceManagement.maxMemoryBytes == 16_000_000_000)
        #expect(config.resourceManagement.diskCacheSizeBytes == 2_000_000_000)
        #expect(config.resourceManagement.networkBandwidthBitsPerSecond == 1_000_000_000)
        #expect(config.agent.listen == ListenAddress(host: "127.0.0.1", port: 7777))
        #expect(config.memory.flushInterval == 5)
        #expect(config.memory.workingMemoryBudgetBytes == 64_000_000)
        #expect(config.memory.rawRetentionSeconds == 7200)
        #expect(config.memory.longTermRetentionDays == 730)
    }

    @Test("a complete file sets every key")
    func validFile() throws {
        let config = try ConfigLoader.load(file: Self.fixture("valid.yaml"))
        #expect(config.monitoring.collectionInterval == 2)
        #expect(config.monitoring.retentionPeriodDays == 14)
        #expect(config.monitoring.alertThresholds.responseTimeMs == 250)
        #expect(config.monitoring.alertThresholds.errorRate == 0.05)
        #expect(config.optimization.autoOptimization == false)
        #expect(config.optimization.optimizationInterval == 300)
        #expect(config.optimization.aggressiveMode == true)
        #expect(config.resourceManagement.maxCPUCores == 4)
        #expect(config.resourceManagement.maxMemoryBytes == 8 * 1_073_741_824)
        #expect(config.resourceManagement.diskCacheSizeBytes == 512_000_000)
        #expect(config.resourceManagement.networkBandwidthBitsPerSecond == 100_000_000)
        #expect(config.agent.listen == ListenAddress(host: "::1", port: 9000))
        #expect(config.agent.dataDirectory == "/var/lib/homeostat")
        #expect(config.agent.historySeconds == 600)
        #expect(config.agent.watchPIDs == [1, 42])
        #expect(config.agent.watchNames == ["nginx", "postgres"])
    }

    @Test("every problem is reported with file, line, column, key path, expected and got")
    func badFileMessages() throws {
        let path = try Self.fixture("bad.yaml")
        let error = try #require(throws: ConfigError.self) { try ConfigLoader.load(file: path) }
        let messages = error.issues.map(\.description)
        #expect(
            messages == [
                "\(path):2:3: unknown key 'monitoring.collection_intervall'; did you mean 'monitoring.collection_interval'?",
                "\(path):3:21: monitoring.retention_period: expected a whole number of days from 1 to 3650, got the string \"thirty\"",
                "\(path):5:16: monitoring.alert_thresholds.cpu_usage: expected a ratio from 0 to 1 (0.8 means 80%), got 1.5",
                "\(path):7:22: optimization.auto_optimization: expected true or false, got maybe",
                "\(path):9:15: resource_management.max_memory: expected a size of at least 1MiB like \"16GB\" or \"512MiB\" (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), got 16 gigs",
                "\(path):10:1: unknown key 'colour'; allowed here: monitoring, optimization, resource_management, memory, anomalies, agent, alerts",
            ])
        #expect(
            error.issues.map(\.kind) == [.unknownKey, .wrongType, .outOfRange, .wrongType, .wrongType, .unknownKey])
    }

    @Test("a file that is not YAML names the line")
    func notYAML() throws {
        let path = try Self.fixture("not-yaml.yaml")
        let error = try #require(throws: ConfigError.self) { try ConfigLoader.load(file: path) }
        #expect(error.issues.count == 1)
        #expect(error.issues[0].kind == .syntax)
        #expect(error.issues[0].line == 3)
        #expect(error.description.hasPrefix("\(path):3:"))
    }

    @Test("a missing file is unreadable, not a crash")
    func missingFile() {
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(file: "/nonexistent/homeostat.yaml") }
        #expect(error?.description == "/nonexistent/homeostat.yaml: cannot read: no such file")
    }

    @Test("a top level that is not a mapping")
    func topLevelList() {
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: "- 1\n- 2\n", source: "x.yaml") }
        #expect(
            error?.description
                == "x.yaml:1:1: (top level): expected a mapping with keys monitoring, optimization, resource_management, memory, anomalies, agent, alerts, got a list of 2 items"
        )
    }

    @Test("an empty file and empty sections keep the defaults")
    func emptyMeansDefaults() throws {
        #expect(try ConfigLoader.parse(yaml: "", source: "x") == PerformanceConfig())
        #expect(try ConfigLoader.parse(yaml: "monitoring:\n", source: "x") == PerformanceConfig())
    }

    @Test("anomalies: every key is read, and a bad one is named with what it expects")
    func anomalies() throws {
        let config = try ConfigLoader.parse(
            yaml: """
                anomalies:
                  threshold: 0.6
                  incident_window: 1m
                  habituation: false
                  habituation_half_life: 12h
                  notify:
                    learning_period: 30m
                    min_anomaly_rate: 0.02
                    min_series: 5
                    repeat_after: 6h
                """, source: "x")
        var expected = PerformanceConfig.Anomalies()
        expected.threshold = 0.6
        expected.incidentWindow = 60
        expected.habituation = false
        expected.habituationHalfLife = 43_200
        expected.notifyLearningPeriod = 1800
        expected.notifyMinimumAnomalyRate = 0.02
        expected.notifyMinimumSeries = 5
        expected.notifyRepeatAfter = 21_600
        #expect(config.anomalies == expected)
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(yaml: "anomalies:\n  notify:\n    min_anomaly_rate: 2\n", source: "x")
        }
        #expect(
            error?.description
                == "x:3:23: anomalies.notify.min_anomaly_rate: expected a ratio from 0 to 1 (0.8 means 80%), got 2")
        let hook = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(yaml: "anomalies:\n  notify:\n    webhook: ftp://x\n", source: "x")
        }
        #expect(
            hook?.description == "x:3:14: anomalies.notify.webhook: expected an http:// or https:// URL, got ftp://x")
        #expect(
            try ConfigLoader.parse(yaml: "anomalies:\n  notify:\n    webhook: http://127.0.0.1:9/hook\n", source: "x")
                .anomalies.notifyWebhook == "http://127.0.0.1:9/hook")
    }

    @Test("a section given a scalar is a type error")
    func sectionScalar() {
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: "monitoring: 5\n", source: "x") }
        #expect(error?.description == "x:1:13: monitoring: expected a mapping of keys under 'monitoring', got 5")
    }

    @Test("HOMEOSTAT_* variables override the file and are validated")
    func environment() throws {
        let config = try ConfigLoader.applyEnvironment(
            [
                "HOMEOSTAT_MONITORING_COLLECTION_INTERVAL": "500ms",
                "HOMEOSTAT_MONITORING_ALERT_THRESHOLDS_CPU_USAGE": "0.5",
                "HOMEOSTAT_AGENT_WATCH_NAMES": "nginx, redis-server",
                "HOMEOSTAT_OPTIMIZATION_AUTO_OPTIMIZATION": "false",
                "UNRELATED": "x",
            ], to: PerformanceConfig())
        #expect(config.monitoring.collectionInterval == 0.5)
        #expect(config.monitoring.alertThresholds.cpuUsage == 0.5)
        #expect(config.agent.watchNames == ["nginx", "redis-server"])
        #expect(config.optimization.autoOptimization == false)

        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.applyEnvironment(["HOMEOSTAT_AGENT_LISTEN": "localhost"], to: PerformanceConfig())
        }
        #expect(
            error?.description
                == "environment variable HOMEOSTAT_AGENT_LISTEN: agent.listen: expected HOST:PORT with a port from 0 to 65535, like \"127.0.0.1:7777\", got \"localhost\""
        )
    }

    @Test("out-of-range collection interval", arguments: ["0", "0.05", "3601", "-1"])
    func intervalRange(_ value: String) {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(yaml: "monitoring:\n  collection_interval: \(value)\n", source: "x")
        }
        #expect(error?.issues.first?.keyPath == "monitoring.collection_interval")
    }

    @Test("rendered YAML parses back to the same configuration")
    func roundTrip() throws {
        let original = try ConfigLoader.load(file: Self.fixture("valid.yaml"))
        let text = ConfigRendering.yaml(original)
        #expect(try ConfigLoader.parse(yaml: text, source: "rendered") == original)
        #expect(text.contains("  collection_interval: 2  # HOMEOSTAT_MONITORING_COLLECTION_INTERVAL"))
    }

    @Test("edit distance", arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("same", "same", 0)])
    func editDistance(_ a: String, _ b: String, _ expected: Int) {
        #expect(ConfigLoader.editDistance(a, b) == expected)
    }
}
