/// Where an alert of one (rule, series) stands.
public enum AlertPhase: String, Sendable, Hashable, Codable {
    case inactive, pending, firing
}
