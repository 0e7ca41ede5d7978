/// The seed's four default alerts, built from `monitoring.alert_thresholds`, tuned to stay quiet on a
/// normally busy host: each must hold for 5 minutes without a break before it fires (a single dip resets
/// it), clears only past a lower level (hysteresis), and keeps firing 1 minute after clearing.
///
/// | rule | selects | fires when | clears when |
/// |---|---|---|---|
/// | `response_time` | every application timer's p99 (`{quantile="0.99"}`, seconds), except the agent's own HTTP server and `homeostat.*` | p99 > `response_time` (default 100 ms = 0.1 s) | p99 ≤ 0.8 × that |
/// | `error_rate` | `application.error_rate` (a gauge the application sets to its error ratio 0–1) | > `error_rate` (0.01) | ≤ half of it |
/// | `cpu_usage` | `system.cpu.utilization{cpu="total",state="idle"}` (usage = 1 − idle) | idle < 1 − `cpu_usage` (0.2) | idle ≥ 1 − `cpu_usage` + 0.1 |
/// | `memory_usage` | `system.memory.utilization{state="used"}` | > `memory_usage` (0.9) | ≤ that − 0.05 |
///
/// A rule whose series does not exist (no timers yet, no `application.error_rate` gauge) simply has
/// nothing to evaluate: it never fires and costs nothing.
public enum DefaultAlertRules {
    /// Seconds each default condition must hold before firing (5 min).
    public static let holdFor = 300.0
    /// Seconds each default alert keeps firing after it cleared (1 min).
    public static let keepFiringFor = 60.0
    /// The gauge the `error_rate` rule reads: the application's error ratio, 0–1.
    public static let errorRateMetric = "application.error_rate"

    /// The four rules for `thresholds`, all with severity `warning` and the `log` action.
    public static func rules(_ thresholds: PerformanceConfig.AlertThresholds) -> [AlertRule] {
        let latency = thresholds.responseTimeMs / 1000
        let idleLimit = 1 - thresholds.cpuUsage
        do {
            return [
                try rule(
                    "response_time",
                    #"{quantile="0.99",__name__!~"(hb|http[.]server|homeostat)[.].*"}"#, .greater, latency,
                    clear: latency * 0.8, "p99 latency of an application timer above \(thresholds.responseTimeMs) ms"),
                try rule(
                    "error_rate", errorRateMetric, .greater, thresholds.errorRate, clear: thresholds.errorRate / 2,
                    "application error ratio above \(thresholds.errorRate)"),
                try rule(
                    "cpu_usage", #"system.cpu.utilization{cpu="total",state="idle"}"#, .less, idleLimit,
                    clear: min(1, idleLimit + 0.1), "CPU usage above \(thresholds.cpuUsage) (idle below \(idleLimit))"),
                try rule(
                    "memory_usage", #"system.memory.utilization{state="used"}"#, .greater, thresholds.memoryUsage,
                    clear: max(0, thresholds.memoryUsage - 0.05), "memory usage above \(thresholds.memoryUsage)"),
            ]
        } catch {
            // Thresholds come validated from the configuration (ratios 0–1, positive milliseconds).
            preconditionFailure("default alert rules are invalid: \(error)")
        }
    }

    private static func rule(
        _ name: String, _ selector: String, _ comparison: AlertComparison, _ threshold: Double, clear: Double,
        _ summary: String
    ) throws -> AlertRule {
        try AlertRule(
            name: name, selector: SeriesSelector(parsing: selector), comparison: comparison, threshold: threshold,
            clearThreshold: clear, forDuration: holdFor, keepFiringFor: keepFiringFor, severity: .warning,
            actions: [.log], summary: summary)
    }
}
