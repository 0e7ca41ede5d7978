/// What happens when an alert notifies (fires, resolves, or repeats).
///
/// `command` actions come from the configuration file only: the HTTP API refuses rules that carry one,
/// since a token holder must not be able to run programs on the host.
public enum AlertAction: Sendable, Hashable {
    /// A log line (swift-log, label `homeostat.alerts`); `warning` level for firing, `notice` for resolved.
    case log
    /// An HTTP POST of the notification as JSON (``AlertNotification``) to `url`, with `timeout` seconds per
    /// attempt (default 5) and up to 3 attempts with exponential backoff (1 s, 2 s).
    case webhook(url: String, timeout: Double)
    /// A program run with `arguments` (no shell), the notification as JSON on stdin and as `HOMEOSTAT_ALERT_*`
    /// environment variables; killed after `timeout` seconds (default 10).
    case command(arguments: [String], timeout: Double)
    /// Hands the alert to the optimization engine's registered handler; with none registered the
    /// history records "no optimizer registered".
    case optimizeAutomatically

    /// Default webhook timeout, seconds.
    public static let defaultWebhookTimeout = 5.0
    /// Default command timeout, seconds.
    public static let defaultCommandTimeout = 10.0

    /// `log`, `webhook`, `command`, `optimize_automatically`.
    public var kind: String {
        switch self {
        case .log: return "log"
        case .webhook: return "webhook"
        case .command: return "command"
        case .optimizeAutomatically: return "optimize_automatically"
        }
    }
}
