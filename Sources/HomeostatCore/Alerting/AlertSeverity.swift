/// How urgent an alert is; receivers route on it.
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case info, warning, critical
}
