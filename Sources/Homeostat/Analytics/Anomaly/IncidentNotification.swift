import HomeostatCore

/// An anomaly incident that passed the ``IncidentNotificationPolicy``: what the alerting system sends on.
public struct IncidentNotification: Sendable, Equatable {
    /// The incident as it stood when it notified (still open; contributors strongest first).
    public var incident: Incident
    /// Unix milliseconds of the cycle in which it notified.
    public var notifiedAt: Int64
    /// The node anomaly rate at the incident's densest minute so far (share of monitored samples
    /// flagged, 0–1).
    public var anomalyRate: Double
    /// False when the incident starts notifying; true for the one later notification sent when that
    /// incident closes (its window passed without a flag).
    public var resolved: Bool

    public init(incident: Incident, notifiedAt: Int64, anomalyRate: Double, resolved: Bool = false) {
        self.incident = incident
        self.notifiedAt = notifiedAt
        self.anomalyRate = anomalyRate
        self.resolved = resolved
    }

    /// One line for a log or a chat message: when, how broad, and the strongest series.
    public var summary: String {
        let leading = incident.contributors.prefix(3).map(\.series.description).joined(separator: ", ")
        let percent = (anomalyRate * 1000).rounded() / 10
        return "anomaly incident #\(incident.id): \(incident.contributors.count) series, node anomaly rate "
            + "\(percent) % at its densest minute; strongest: \(leading)"
    }
}
