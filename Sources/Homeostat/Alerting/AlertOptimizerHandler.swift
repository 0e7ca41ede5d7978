import HomeostatCore

/// What an `optimize_automatically` action calls: given the notification, returns a line describing what
/// it did, for the alert history.
public typealias AlertOptimizerHandler = @Sendable (AlertNotification) async -> String
