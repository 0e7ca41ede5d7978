import Foundation
import Yams

/// Loads ``PerformanceConfig``: built-in defaults, then the YAML file, then `HOMEOSTAT_*`
/// environment variables, validating every value against ``ConfigSchema``.
///
/// All problems are collected and reported together, each naming its key path, line and column,
/// the expected value and the value found.
public enum ConfigLoader {
    /// Parses YAML text over the defaults. `source` names the file in messages.
    public static func parse(yaml text: String, source: String, over base: PerformanceConfig = PerformanceConfig())
        throws(ConfigError) -> PerformanceConfig
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(issues: [syntaxIssue(error, source: source)])
        } catch {
            throw ConfigError(issues: [
                ConfigIssue(.syntax, source: source, keyPath: "", expected: "YAML", got: "\(error)")
            ])
        }
        var config = base
        var issues: [ConfigIssue] = []
        guard let root else { return config }  // An empty file means all defaults.
        guard case .mapping(let mapping) = root else {
            throw ConfigError(issues: [
                ConfigIssue(
                    .wrongType, source: source, line: root.mark?.line, column: root.mark?.column,
                    keyPath: "(top level)",
                    expected: "a mapping with keys "
                        + ConfigSchema.sections.filter { !$0.contains(".") }.joined(separator: ", "),
                    got: describe(root))
            ])
        }
        walk(mapping, prefix: "", source: source, config: &config, issues: &issues)
        if !issues.isEmpty { throw ConfigError(issues: issues) }
        return config
    }

    /// Reads and parses the file at `path` over the defaults.
    public static func load(file path: String, over base: PerformanceConfig = PerformanceConfig())
        throws(ConfigError) -> PerformanceConfig
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"
            throw ConfigError.unreadable(path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadable(path, reason: "not UTF-8 text")
        }
        return try parse(yaml: text, source: path, over: base)
    }

    /// Applies `HOMEOSTAT_<KEY_PATH>` variables (dots become underscores, upper case):
    /// `HOMEOSTAT_MONITORING_COLLECTION_INTERVAL=2`. Lists are comma-separated.
    public static func applyEnvironment(_ environment: [String: String], to base: PerformanceConfig)
        throws(ConfigError) -> PerformanceConfig
    {
        var config = base
        var issues: [ConfigIssue] = []
        for key in ConfigSchema.keys {
            guard let text = environment[key.environmentName] else { continue }
            if let kind = key.apply(.scalar(text, quoted: false), &config) {
                issues.append(
                    ConfigIssue(
                        kind, source: "environment variable \(key.environmentName)", keyPath: key.path,
                        expected: key.expected, got: quote(text)))
            }
        }
        if !issues.isEmpty { throw ConfigError(issues: issues) }
        return config
    }

    // MARK: - Walking the YAML tree

    private static func walk(
        _ mapping: Node.Mapping, prefix: String, source: String, config: inout PerformanceConfig,
        issues: inout [ConfigIssue]
    ) {
        for (keyNode, valueNode) in mapping {
            let mark = keyNode.mark
            guard case .scalar(let keyScalar) = keyNode else {
                issues.append(
                    ConfigIssue(
                        .wrongType, source: source, line: mark?.line, column: mark?.column,
                        keyPath: prefix.isEmpty ? "(top level)" : prefix, expected: "string keys",
                        got: describe(keyNode)))
                continue
            }
            let path = prefix.isEmpty ? keyScalar.string : "\(prefix).\(keyScalar.string)"
            if ConfigSchema.sections.contains(path) {
                switch valueNode {
                case .mapping(let inner):
                    walk(inner, prefix: path, source: source, config: &config, issues: &issues)
                case .scalar(let scalar) where scalar.style == .plain && isNullWord(scalar.string):
                    continue  // `monitoring:` with nothing under it keeps the defaults.
                default:
                    let valueMark = valueNode.mark ?? mark
                    issues.append(
                        ConfigIssue(
                            .wrongType, source: source, line: valueMark?.line, column: valueMark?.column,
                            keyPath: path, expected: "a mapping of keys under '\(path)'", got: describe(valueNode)))
                }
            } else if path == ConfigSchema.alertRulesPath {
                parseAlertRules(valueNode, path: path, source: source, config: &config, issues: &issues)
            } else if let key = ConfigSchema.key(path) {
                let input = input(of: valueNode)
                if let kind = key.apply(input, &config) {
                    let valueMark = valueNode.mark ?? mark
                    issues.append(
                        ConfigIssue(
                            kind, source: source, line: valueMark?.line, column: valueMark?.column, keyPath: path,
                            expected: key.expected, got: describe(valueNode)))
                }
            } else {
                issues.append(
                    ConfigIssue(
                        .unknownKey, source: source, line: mark?.line, column: mark?.column, keyPath: path,
                        expected: suggestion(for: path), got: keyScalar.string))
            }
        }
    }

    /// `alerts.rules`: a list of rule mappings, each checked by ``AlertRuleParser``; names must be unique.
    private static func parseAlertRules(
        _ node: Node, path: String, source: String, config: inout PerformanceConfig, issues: inout [ConfigIssue]
    ) {
        let items: [Node]
        switch node {
        case .sequence(let sequence): items = Array(sequence)
        case .scalar(let scalar) where scalar.style == .plain && isNullWord(scalar.string): items = []
        default:
            issues.append(
                ConfigIssue(
                    .wrongType, source: source, line: node.mark?.line, column: node.mark?.column, keyPath: path,
                    expected: "a list of alert rules", got: describe(node)))
            return
        }
        var rules: [AlertRule] = []
        var lines: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let rule = AlertRuleParser.parse(ruleInput(item), keyPath: itemPath, source: source, issues: &issues)
            else { continue }
            if rules.contains(where: { $0.name == rule.name }) {
                issues.append(
                    ConfigIssue(
                        .wrongType, source: source, line: item.mark?.line, column: item.mark?.column,
                        keyPath: "\(itemPath).name", expected: "a name no other rule has",
                        got: "\"\(rule.name)\" (used twice)"))
                continue
            }
            rules.append(rule)
            lines[rule.name] = item.mark?.line
        }
        config.alerts.rules = rules
        config.alerts.ruleLines = lines
    }

    /// A YAML node as an ``AlertRuleInput``, keeping lines and columns.
    static func ruleInput(_ node: Node) -> AlertRuleInput {
        let line = node.mark?.line
        let column = node.mark?.column
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && isNullWord(scalar.string) {
                return AlertRuleInput(.null, line: line, column: column)
            }
            return AlertRuleInput(.scalar(scalar.string, quoted: scalar.style != .plain), line: line, column: column)
        case .sequence(let sequence):
            return AlertRuleInput(.list(sequence.map(ruleInput)), line: line, column: column)
        case .mapping(let mapping):
            let pairs = mapping.map { (key: $0.key.string ?? "\($0.key)", value: ruleInput($0.value)) }
            return AlertRuleInput(.mapping(pairs), line: line, column: column)
        case .alias:
            return AlertRuleInput(.null, line: line, column: column)
        }
    }

    private static func input(of node: Node) -> ConfigInput {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && isNullWord(scalar.string) {
                return .null
            }
            return .scalar(scalar.string, quoted: scalar.style != .plain)
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else { return .mapping }
                items.append(scalar.string)
            }
            return .list(items)
        case .mapping, .alias:
            return .mapping
        }
    }

    private static func isNullWord(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// How a value reads in a message: `"fast"` (a string), `12`, `null`, `a list`, `a mapping`.
    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && isNullWord(scalar.string) { return "null (no value)" }
            if scalar.style != .plain { return "the string " + quote(scalar.string) }
            return scalar.string
        case .sequence(let sequence): return "a list of \(sequence.count) items"
        case .mapping(let mapping):
            return "a mapping with keys " + mapping.keys.compactMap(\.string).joined(separator: ", ")
        case .alias: return "an alias"
        }
    }

    private static func quote(_ text: String) -> String { "\"\(text)\"" }

    /// "did you mean 'monitoring.collection_interval'?" for near misses, else the keys allowed there.
    private static func suggestion(for path: String) -> String {
        let candidates = ConfigSchema.sections + ConfigSchema.keys.map(\.path)
        let best = candidates.min { editDistance($0, path) < editDistance($1, path) }
        if let best, editDistance(best, path) <= max(2, path.count / 5) {
            return "did you mean '\(best)'?"
        }
        let parent = path.split(separator: ".").dropLast().joined(separator: ".")
        let siblings = candidates.filter { candidate in
            let candidateParent = candidate.split(separator: ".").dropLast().joined(separator: ".")
            return candidateParent == parent
        }
        let names = siblings.map { $0.split(separator: ".").last.map(String.init) ?? $0 }
        return "allowed here: " + names.joined(separator: ", ")
    }

    /// Levenshtein distance. - Complexity: O(m·n).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    private static func syntaxIssue(_ error: YamlError, source: String) -> ConfigIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = (context.map { "\($0.text) " } ?? "") + problem
            return ConfigIssue(
                .syntax, source: source, line: mark.line, column: mark.column, keyPath: "", expected: "YAML",
                got: detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigIssue(
                .syntax, source: source, line: context.mark.line, column: context.mark.column, keyPath: "",
                expected: "unique keys", got: "duplicated key(s) " + duplicates.sorted().joined(separator: ", "))
        default:
            return ConfigIssue(.syntax, source: source, keyPath: "", expected: "YAML", got: error.description)
        }
    }
}
