/// Turns ``AlertRuleInput`` (from `alerts.rules` in `homeostat.yaml` or a JSON body) into ``AlertRule``s,
/// reporting every problem as a ``ConfigIssue`` with its key path, line, what was expected and what was
/// found: `homeostat.yaml:14:18: alerts.rules[2].threshold: expected a number, got "abc"`.
///
/// Fields of a rule (durations are numbers of seconds or text like `"5m"`):
///
/// | key | value | default |
/// |---|---|---|
/// | `name` | `[A-Za-z0-9_.-]`, unique | required |
/// | `metric` | a series selector: `system.cpu.utilization{cpu="total",state="idle"}` | required |
/// | `condition` | `>`, `>=`, `<`, `<=` | `>` |
/// | `threshold` | a number in the series' unit | required |
/// | `clear_threshold` | a number on the non-alerting side of `threshold` (hysteresis) | `threshold` |
/// | `for` | duration the condition must hold | 0 |
/// | `keep_firing_for` | duration it keeps firing after clearing | 0 |
/// | `stale_after` | duration without samples after which it drops/resolves | 5m |
/// | `repeat_interval` | duration between repeated notifications while firing | none |
/// | `severity` | `info`, `warning`, `critical` | `warning` |
/// | `window` / `aggregation` | compare the `avg`/`min`/`max` over this duration | none / `avg` |
/// | `summary` | text | none |
/// | `actions` | list of `log`, `optimize_automatically`, `{webhook: URL}` or `{webhook: {url, timeout}}`, `{command: [program, args…], timeout}` | `[log]` |
public enum AlertRuleParser {
    /// The keys a rule may have.
    public static let ruleKeys = [
        "name", "metric", "condition", "threshold", "clear_threshold", "for", "keep_firing_for", "stale_after",
        "repeat_interval", "severity", "window", "aggregation", "summary", "actions",
    ]

    /// Parses one rule. `keyPath` is where it sits (`alerts.rules[2]`), `source` the file or `request body`.
    ///
    /// - Returns: the rule, or nil with at least one issue appended.
    public static func parse(
        _ input: AlertRuleInput, keyPath: String, source: String, issues: inout [ConfigIssue]
    ) -> AlertRule? {
        let before = issues.count
        func issue(_ kind: ConfigIssue.Kind, _ path: String, _ node: AlertRuleInput, _ expected: String, _ got: String)
        {
            issues.append(
                ConfigIssue(
                    kind, source: source, line: node.line ?? input.line, column: node.column ?? input.column,
                    keyPath: path, expected: expected, got: got))
        }
        guard case .mapping(let pairs) = input.value else {
            issue(.wrongType, keyPath, input, "a mapping with keys name, metric, threshold, …", input.described)
            return nil
        }
        var fields: [String: AlertRuleInput] = [:]
        for (key, value) in pairs {
            if ruleKeys.contains(key) {
                fields[key] = value
            } else {
                let near = ruleKeys.min { ConfigLoader.editDistance($0, key) < ConfigLoader.editDistance($1, key) }
                let hint =
                    near.map { ConfigLoader.editDistance($0, key) <= 2 ? "did you mean '\($0)'?" : "" } ?? ""
                issue(
                    .unknownKey, "\(keyPath).\(key)", value,
                    hint.isEmpty ? "allowed here: " + ruleKeys.joined(separator: ", ") : hint, key)
            }
        }
        func text(_ key: String, required: Bool = false) -> String? {
            guard let node = fields[key] else {
                if required { issue(.wrongType, "\(keyPath).\(key)", input, "a value (it is required)", "nothing") }
                return nil
            }
            guard case .scalar(let text, _) = node.value, !text.isEmpty else {
                issue(.wrongType, "\(keyPath).\(key)", node, "text", node.described)
                return nil
            }
            return text
        }
        func number(_ key: String, required: Bool = false) -> Double? {
            guard let node = fields[key] else {
                if required { issue(.wrongType, "\(keyPath).\(key)", input, "a number (it is required)", "nothing") }
                return nil
            }
            guard case .scalar(let text, false) = node.value, let value = Double(text), value.isFinite else {
                issue(.wrongType, "\(keyPath).\(key)", node, "a number", node.described)
                return nil
            }
            return value
        }
        func duration(_ key: String, _ node: AlertRuleInput?, path: String? = nil, positive: Bool = false) -> Double? {
            guard let node else { return nil }
            let expected =
                positive
                ? "a duration greater than 0 (seconds, or text like \"30s\", \"5m\", \"1h\")"
                : "a duration (seconds, or text like \"30s\", \"5m\", \"1h\")"
            guard case .scalar(let text, _) = node.value, let value = QuantityParsing.seconds(text), value.isFinite
            else {
                issue(.wrongType, path ?? "\(keyPath).\(key)", node, expected, node.described)
                return nil
            }
            guard positive ? value > 0 : value >= 0 else {
                issue(.outOfRange, path ?? "\(keyPath).\(key)", node, expected, node.described)
                return nil
            }
            return value
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> T? where T.RawValue == String {
            guard let raw = text(key) else { return nil }
            guard let value = T(rawValue: raw) else {
                let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                issue(.wrongType, "\(keyPath).\(key)", fields[key]!, "one of \(allowed)", "\"\(raw)\"")
                return nil
            }
            return value
        }

        let name = text("name", required: true)
        if let name, !AlertRule.isValidName(name) {
            issue(
                .wrongType, "\(keyPath).name", fields["name"]!, "1 to 128 characters of A-Z a-z 0-9 _ . -",
                "\"\(name)\"")
        }
        var selector: SeriesSelector?
        if let metric = text("metric", required: true) {
            do {
                selector = try SeriesSelector(parsing: metric)
            } catch {
                issue(
                    .wrongType, "\(keyPath).metric", fields["metric"]!, "a series selector", "\"\(metric)\" (\(error))")
            }
        }
        let comparison =
            fields["condition"] == nil ? AlertComparison.greater : choice("condition", AlertComparison.self)
        let threshold = number("threshold", required: true)
        let clear = number("clear_threshold")
        let forDuration = duration("for", fields["for"]) ?? 0
        let keep = duration("keep_firing_for", fields["keep_firing_for"]) ?? 0
        let stale = duration("stale_after", fields["stale_after"], positive: true) ?? 300
        let repeatInterval = duration("repeat_interval", fields["repeat_interval"], positive: true)
        let severity = fields["severity"] == nil ? AlertSeverity.warning : choice("severity", AlertSeverity.self)
        let windowSeconds = duration("window", fields["window"], positive: true)
        let aggregation =
            fields["aggregation"] == nil
            ? AlertWindowAggregation.avg : choice("aggregation", AlertWindowAggregation.self)
        if fields["aggregation"] != nil, fields["window"] == nil {
            issue(.wrongType, "\(keyPath).window", input, "a window duration when aggregation is given", "nothing")
        }
        let summary = text("summary")
        let actions = fields["actions"].map { parseActions($0, keyPath: "\(keyPath).actions", issue: issue) } ?? [.log]

        guard issues.count == before, let name, let selector, let comparison, let threshold, let severity,
            let aggregation, let actions
        else { return nil }
        do {
            return try AlertRule(
                name: name, selector: selector, comparison: comparison, threshold: threshold, clearThreshold: clear,
                forDuration: forDuration, keepFiringFor: keep, staleAfter: stale, repeatInterval: repeatInterval,
                severity: severity, actions: actions,
                window: windowSeconds.map { AlertWindow(seconds: $0, aggregation: aggregation) }, summary: summary)
        } catch {
            let field = error.field.split(separator: ".").first.map(String.init) ?? error.field
            issue(.outOfRange, "\(keyPath).\(error.field)", fields[field] ?? input, error.expected, error.got)
            return nil
        }
    }

    private static func parseActions(
        _ node: AlertRuleInput, keyPath: String,
        issue: (ConfigIssue.Kind, String, AlertRuleInput, String, String) -> Void
    ) -> [AlertAction]? {
        let expected = "a list of actions: log, optimize_automatically, {webhook: URL}, {command: [program, args…]}"
        guard case .list(let items) = node.value, !items.isEmpty else {
            issue(.wrongType, keyPath, node, expected, node.described)
            return nil
        }
        var actions: [AlertAction] = []
        var failed = false
        for (index, item) in items.enumerated() {
            let path = "\(keyPath)[\(index)]"
            switch item.value {
            case .scalar("log", _): actions.append(.log)
            case .scalar("optimize_automatically", _): actions.append(.optimizeAutomatically)
            case .mapping(let pairs):
                let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
                if let hook = fields["webhook"] {
                    var url: String?
                    var timeoutNode = fields["timeout"]
                    switch hook.value {
                    case .scalar(let text, _): url = text
                    case .mapping(let inner):
                        let innerFields = Dictionary(inner.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
                        if case .scalar(let text, _)? = innerFields["url"]?.value { url = text }
                        timeoutNode = innerFields["timeout"] ?? timeoutNode
                    default: break
                    }
                    guard let url, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                        issue(.wrongType, "\(path).webhook", hook, "an http:// or https:// URL", hook.described)
                        failed = true
                        continue
                    }
                    let timeout = seconds(timeoutNode, path: "\(path).timeout", issue: issue, failed: &failed)
                    actions.append(.webhook(url: url, timeout: timeout ?? AlertAction.defaultWebhookTimeout))
                } else if let command = fields["command"] {
                    var arguments: [String] = []
                    switch command.value {
                    case .scalar(let text, _): arguments = text.split(separator: " ").map(String.init)
                    case .list(let parts):
                        for part in parts {
                            if case .scalar(let text, _) = part.value { arguments.append(text) } else { arguments = [] }
                        }
                    default: break
                    }
                    guard let program = arguments.first, program.hasPrefix("/") else {
                        issue(
                            .wrongType, "\(path).command", command,
                            "an absolute program path and its arguments, like [\"/usr/local/bin/page\", \"--team\", \"ops\"]",
                            command.described)
                        failed = true
                        continue
                    }
                    let timeout = seconds(fields["timeout"], path: "\(path).timeout", issue: issue, failed: &failed)
                    actions.append(
                        .command(arguments: arguments, timeout: timeout ?? AlertAction.defaultCommandTimeout))
                } else {
                    issue(.wrongType, path, item, expected, item.described)
                    failed = true
                }
            default:
                issue(
                    .wrongType, path, item, "log, optimize_automatically, {webhook: URL} or {command: […]}",
                    item.described)
                failed = true
            }
        }
        return failed ? nil : actions
    }

    private static func seconds(
        _ node: AlertRuleInput?, path: String,
        issue: (ConfigIssue.Kind, String, AlertRuleInput, String, String) -> Void,
        failed: inout Bool
    ) -> Double? {
        guard let node else { return nil }
        guard case .scalar(let text, _) = node.value, let value = QuantityParsing.seconds(text), value > 0,
            value.isFinite
        else {
            issue(.wrongType, path, node, "a duration greater than 0 (seconds, or text like \"5s\")", node.described)
            failed = true
            return nil
        }
        return value
    }
}
