/// One thing wrong with a configuration: where, which key, what was expected and what was found.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file could not be read at all (missing, permissions, not UTF-8).
        case unreadable
        /// The file is not valid YAML.
        case syntax
        /// A key the schema does not know.
        case unknownKey
        /// A value of the wrong type (a string where a number goes).
        case wrongType
        /// A value of the right type outside its allowed range.
        case outOfRange
    }
    public var kind: Kind
    /// File path, or `environment variable HOMEOSTAT_…`.
    public var source: String
    /// 1-based line and column in the file, when known.
    public var line: Int?
    public var column: Int?
    /// Dotted key path as written in YAML: `monitoring.alert_thresholds.cpu_usage`.
    public var keyPath: String
    public var expected: String
    public var got: String

    public init(
        _ kind: Kind, source: String, line: Int? = nil, column: Int? = nil, keyPath: String, expected: String,
        got: String
    ) {
        self.kind = kind
        self.source = source
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.expected = expected
        self.got = got
    }

    /// `homeostat.yaml:3:24: monitoring.collection_interval: expected …, got "fast"`.
    public var description: String {
        var location = source
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        switch kind {
        case .unreadable:
            return "\(location): cannot read: \(got)"
        case .syntax:
            return "\(location): not valid YAML: \(got)"
        case .unknownKey:
            return "\(location): unknown key '\(keyPath)'; \(expected)"
        case .wrongType, .outOfRange:
            return "\(location): \(keyPath): expected \(expected), got \(got)"
        }
    }
}

/// A configuration could not be loaded. Lists every problem found, in file order.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    /// Reading the file itself failed (missing, unreadable, not UTF-8).
    public static func unreadable(_ path: String, reason: String) -> ConfigError {
        ConfigError(issues: [
            ConfigIssue(.unreadable, source: path, keyPath: "", expected: "a readable YAML file", got: reason)
        ])
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
