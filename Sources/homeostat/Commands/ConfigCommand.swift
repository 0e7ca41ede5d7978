import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore

/// `homeostat config check|show`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a configuration file or show the effective configuration.",
        subcommands: [Check.self, Show.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a homeostat.yaml: every unknown key, wrong type and out-of-range value, with its line.")

        @Argument(help: "The YAML file to check.")
        var file: String

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            let outcome = Result { () throws(ConfigError) in
                let config = try ConfigLoader.load(file: file)
                // Alert rules must select metrics that exist (sensor catalog or alerts.application_metrics).
                let unknown = AlertMetricCatalog.issues(in: config, source: file)
                if !unknown.isEmpty { throw ConfigError(issues: unknown) }
                return config
            }
            switch outcome {
            case .success:
                if json {
                    print(#"{"file":\#(quoted(file)),"valid":true,"issues":[]}"#)
                } else {
                    print("\(file): valid")
                }
            case .failure(let error):
                if json {
                    let issues = error.issues.map { issue in
                        var fields = [
                            "\"kind\":\(quoted(issue.kind.rawValue))", "\"key_path\":\(quoted(issue.keyPath))",
                            "\"expected\":\(quoted(issue.expected))", "\"got\":\(quoted(issue.got))",
                            "\"message\":\(quoted(issue.description))",
                        ]
                        if let line = issue.line { fields.append("\"line\":\(line)") }
                        if let column = issue.column { fields.append("\"column\":\(column)") }
                        return "{" + fields.joined(separator: ",") + "}"
                    }
                    print(#"{"file":\#(quoted(file)),"valid":false,"issues":[\#(issues.joined(separator: ","))]}"#)
                } else {
                    FileHandle.standardError.write(Data((error.description + "\n").utf8))
                }
                throw ExitCode(1)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective configuration: defaults, then the file, then HOMEOSTAT_* variables.")

        @OptionGroup var options: ConfigOptions

        @Flag(help: "Print as JSON instead of YAML.")
        var json = false

        func run() async throws {
            let config = try options.load()
            if json {
                let data = try JSONSerialization.data(
                    withJSONObject: ConfigRendering.dictionary(config), options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
            } else {
                let source = options.configPath(environment: ProcessInfo.processInfo.environment) ?? "built-in defaults"
                print("# effective configuration (from \(source), then HOMEOSTAT_* variables)")
                print(ConfigRendering.yaml(config), terminator: "")
            }
        }
    }
}

/// A JSON string literal.
func quoted(_ text: String) -> String {
    let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self)
}
