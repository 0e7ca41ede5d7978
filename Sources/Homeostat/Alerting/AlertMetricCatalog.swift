import HomeostatCore
import HomeostatSensors

/// Which metric names alert rules may select, so that a typo (`system.cpu.utilisation`) is an error at
/// load time instead of a rule that silently never fires.
///
/// A name is known when it is:
/// - a sensor metric of ``MetricCatalog``;
/// - an application metric declared in `alerts.application_metrics`, or one of the series the
///   swift-metrics backend derives from it (`x.rate`, `x.count`, `x.sum`, `x.min`, `x.max`, `x.last`);
/// - ``DefaultAlertRules/errorRateMetric`` (`application.error_rate`);
/// - the agent's own metrics (`homeostat.*`, `hb.*`, `http.server.*`).
///
/// A selector without a metric name (only label matchers, such as `{quantile="0.99"}`) is not checked.
public struct AlertMetricCatalog: Sendable {
    private let names: Set<String>

    /// - Parameter applicationMetrics: the declared application metric names.
    public init(applicationMetrics: [String]) {
        var names = Set(MetricCatalog.metrics.map(\.name))
        names.insert(DefaultAlertRules.errorRateMetric)
        for name in applicationMetrics {
            names.insert(name)
            for suffix in Self.derivedSuffixes { names.insert(name + suffix) }
        }
        self.names = names
    }

    /// Suffixes of the series the metrics backend derives from a counter, recorder or timer.
    public static let derivedSuffixes = [".rate", ".count", ".sum", ".min", ".max", ".last"]
    /// Prefixes of the agent's own metrics.
    public static let agentPrefixes = ["homeostat.", "hb.", "http.server."]

    /// Whether `name` may be selected by a rule.
    public func isKnown(_ name: String) -> Bool {
        names.contains(name) || Self.agentPrefixes.contains { name.hasPrefix($0) }
    }

    /// The error for `rule` when it names an unknown metric, nil when it is fine.
    public func check(_ rule: AlertRule) -> AlertRuleError? {
        guard let name = rule.selector.name, !isKnown(name) else { return nil }
        let near = names.min { ConfigLoader.editDistance($0, name) < ConfigLoader.editDistance($1, name) }
        var expected = "a sensor metric (see `homeostat metrics`) or one listed in alerts.application_metrics"
        if let near, ConfigLoader.editDistance(near, name) <= 3 { expected += "; did you mean '\(near)'?" }
        return AlertRuleError(rule: rule.name, field: "metric", expected: expected, got: "unknown metric '\(name)'")
    }

    /// Every configured rule that names an unknown metric, as configuration issues with the rule's line.
    public static func issues(in config: PerformanceConfig, source: String) -> [ConfigIssue] {
        let catalog = AlertMetricCatalog(applicationMetrics: config.alerts.applicationMetrics)
        return config.alerts.rules.enumerated().compactMap { index, rule in
            catalog.check(rule).map { error in
                ConfigIssue(
                    .wrongType, source: source, line: config.alerts.ruleLines[rule.name],
                    keyPath: "alerts.rules[\(index)].metric", expected: error.expected, got: error.got)
            }
        }
    }
}
