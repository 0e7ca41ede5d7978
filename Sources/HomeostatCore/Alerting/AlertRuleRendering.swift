import Foundation

/// Writes an ``AlertRule`` back as the YAML ``AlertRuleParser`` reads (for `homeostat config show`) or
/// as a JSON-ready dictionary: only the fields that differ from their defaults, durations in seconds.
/// Parsing the YAML gives the same rule back.
extension AlertRule {
    /// The rule as one YAML list item: `- name: …` then its fields, each line prefixed by `indent`.
    public func yamlLines(indent: String) -> [String] {
        var lines = ["\(indent)- name: \(Self.quoted(name))"]
        let field = indent + "  "
        for (key, value) in fields() { lines.append("\(field)\(key): \(Self.yaml(value))") }
        if actions != [.log] {
            lines.append("\(field)actions:")
            for action in actions {
                switch action {
                case .log: lines.append("\(field)  - log")
                case .optimizeAutomatically: lines.append("\(field)  - optimize_automatically")
                case .webhook(let url, let timeout):
                    lines.append("\(field)  - webhook: {url: \(Self.quoted(url)), timeout: \(Self.number(timeout))}")
                case .command(let arguments, let timeout):
                    lines.append("\(field)  - command: [\(arguments.map(Self.quoted).joined(separator: ", "))]")
                    lines.append("\(field)    timeout: \(Self.number(timeout))")
                }
            }
        }
        return lines
    }

    /// The rule as nested dictionaries and arrays of String, Double and Bool (JSON-ready).
    public var dictionary: [String: any Sendable] {
        var result: [String: any Sendable] = ["name": name]
        for (key, value) in fields() {
            switch value {
            case .text(let text): result[key] = text
            case .number(let number): result[key] = number
            }
        }
        result["actions"] = actions.map { action -> any Sendable in
            switch action {
            case .log: return "log"
            case .optimizeAutomatically: return "optimize_automatically"
            case .webhook(let url, let timeout):
                return ["webhook": ["url": url, "timeout": timeout] as [String: any Sendable]] as [String: any Sendable]
            case .command(let arguments, let timeout):
                return ["command": arguments, "timeout": timeout] as [String: any Sendable]
            }
        }
        return result
    }

    private enum Value {
        case text(String)
        case number(Double)
    }

    /// The scalar fields that differ from their defaults, in the parser's key order.
    private func fields() -> [(String, Value)] {
        var fields: [(String, Value)] = [("metric", .text(selector.description))]
        if comparison != .greater { fields.append(("condition", .text(comparison.rawValue))) }
        fields.append(("threshold", .number(threshold)))
        if clearThreshold != threshold { fields.append(("clear_threshold", .number(clearThreshold))) }
        if forDuration != 0 { fields.append(("for", .number(forDuration))) }
        if keepFiringFor != 0 { fields.append(("keep_firing_for", .number(keepFiringFor))) }
        if staleAfter != 300 { fields.append(("stale_after", .number(staleAfter))) }  // 300: the default
        if let repeatInterval { fields.append(("repeat_interval", .number(repeatInterval))) }
        if severity != .warning { fields.append(("severity", .text(severity.rawValue))) }
        if let window {
            fields.append(("window", .number(window.seconds)))
            fields.append(("aggregation", .text(window.aggregation.rawValue)))
        }
        if let summary { fields.append(("summary", .text(summary))) }
        return fields
    }

    private static func yaml(_ value: Value) -> String {
        switch value {
        case .text(let text): return quoted(text)
        case .number(let number): return Self.number(number)
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A single-quoted YAML scalar (a quote inside is doubled), so selectors with `{`, `"` and `:` read back.
    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
