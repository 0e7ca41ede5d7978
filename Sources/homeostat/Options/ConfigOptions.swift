import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore

/// `--config` and `--data-dir`, shared by every command, and how the effective configuration is built:
/// built-in defaults (the seed's), then the YAML file, then `HOMEOSTAT_*` variables, then flags.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Configuration file (YAML).",
            discussion:
                "Default: $HOMEOSTAT_CONFIG, else $XDG_CONFIG_HOME/homeostat/homeostat.yaml if it exists.",
            valueName: "file"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Directory for the agent's files.",
            discussion: "Default: $HOMEOSTAT_DATA_DIR, else agent.data_dir, else $XDG_DATA_HOME/homeostat.",
            valueName: "dir"))
    var dataDir: String?

    /// The file to read, if any: the flag, `$HOMEOSTAT_CONFIG`, or the XDG default when it exists.
    func configPath(environment: [String: String]) -> String? {
        if let config { return config }
        if let env = environment["HOMEOSTAT_CONFIG"], !env.isEmpty { return env }
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        let path = base + "/homeostat/homeostat.yaml"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Defaults, then the file, then the environment.
    func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PerformanceConfig {
        var config = PerformanceConfig()
        let path = configPath(environment: environment)
        if let path {
            config = try ConfigLoader.load(file: path, over: config)
        }
        config = try ConfigLoader.applyEnvironment(environment, to: config)
        // Alert rules may only select metrics the sensors emit or the file declares (the catalog lives
        // above HomeostatCore, so this check runs here rather than in the loader).
        let unknown = AlertMetricCatalog.issues(in: config, source: path ?? "configuration")
        if !unknown.isEmpty { throw ConfigError(issues: unknown) }
        return config
    }

    func dataDirectory(_ config: PerformanceConfig, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> DataDirectory
    {
        DataDirectory.resolve(flag: dataDir, configured: config.agent.dataDirectory, environment: environment)
    }
}

/// Parses `--listen HOST:PORT`.
extension ListenAddress: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}
