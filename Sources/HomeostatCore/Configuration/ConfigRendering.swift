/// Renders the effective configuration as `homeostat.yaml` text or as a JSON-ready dictionary.
public enum ConfigRendering {
    /// YAML in schema order, sections nested, with a comment naming each key's override variable.
    public static func yaml(_ config: PerformanceConfig) -> String {
        var lines: [String] = []
        var openSections: [String] = []
        for key in ConfigSchema.keys {
            let parts = key.path.split(separator: ".").map(String.init)
            let sections = Array(parts.dropLast())
            var common = 0
            while common < min(sections.count, openSections.count) && sections[common] == openSections[common] {
                common += 1
            }
            for depth in common..<sections.count {
                lines.append(String(repeating: "  ", count: depth) + sections[depth] + ":")
            }
            openSections = sections
            let indent = String(repeating: "  ", count: sections.count)
            lines.append(indent + parts.last! + ": " + yamlText(key.value(config)) + "  # \(key.environmentName)")
        }
        if !config.alerts.rules.isEmpty {
            lines.append("  rules:")
            for rule in config.alerts.rules { lines += rule.yamlLines(indent: "    ") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Nested dictionaries keyed by YAML key names; values are Double, Int, Bool, String or arrays.
    public static func dictionary(_ config: PerformanceConfig) -> [String: any Sendable] {
        var root: [String: any Sendable] = [:]
        for key in ConfigSchema.keys {
            let parts = key.path.split(separator: ".").map(String.init)
            guard let value = jsonValue(key.value(config)) else { continue }
            insert(value, at: parts[...], into: &root)
        }
        if !config.alerts.rules.isEmpty, var alerts = root["alerts"] as? [String: any Sendable] {
            alerts["rules"] = config.alerts.rules.map(\.dictionary)
            root["alerts"] = alerts
        }
        return root
    }

    private static func insert(
        _ value: any Sendable, at path: ArraySlice<String>, into node: inout [String: any Sendable]
    ) {
        guard let head = path.first else { return }
        if path.count == 1 {
            node[head] = value
            return
        }
        var child = node[head] as? [String: any Sendable] ?? [:]
        insert(value, at: path.dropFirst(), into: &child)
        node[head] = child
    }

    private static func jsonValue(_ value: ConfigValue) -> (any Sendable)? {
        switch value {
        case .number(let v): return v
        case .integer(let v): return v
        case .bool(let v): return v
        case .string(let v): return v
        case .integers(let v): return v
        case .strings(let v): return v
        case .absent: return nil
        }
    }

    private static func yamlText(_ value: ConfigValue) -> String {
        switch value {
        case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        case .integer(let v): return String(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return "\"\(v)\""
        case .integers(let v): return "[" + v.map(String.init).joined(separator: ", ") + "]"
        case .strings(let v): return "[" + v.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .absent: return "null"
        }
    }
}
