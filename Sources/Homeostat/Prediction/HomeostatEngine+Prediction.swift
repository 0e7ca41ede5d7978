import Foundation

extension HomeostatEngine {
    /// The seed's `predictor.predict_resource_needs(time_horizon=3600, confidence_level=0.95)`: per
    /// resource, the model chosen by backtest, its forecast over the horizon and the time to exhaustion
    /// of CPU, memory and filesystems (see ``ResourcePredictor``).
    /// - Parameters:
    ///   - timeHorizon: seconds ahead (default 3,600), > 0 and at most 366 days.
    ///   - confidenceLevel: the intervals' coverage, in (0, 1) (default 0.95).
    /// - Throws: ``AnalyticsError``: `noData` without a metric memory, `invalidParameter` naming
    ///   `horizon` or `confidence`, `store` when the memory cannot be read.
    public func predictResourceNeeds(timeHorizon: Double = 3600, confidenceLevel: Double = 0.95)
        async throws(AnalyticsError) -> ResourcePrediction
    {
        guard let memory else {
            throw AnalyticsError(.noData, "this engine keeps no metric memory (no store): nothing to predict from")
        }
        guard timeHorizon.isFinite, timeHorizon > 0, timeHorizon <= 366 * 86_400 else {
            throw AnalyticsError(
                .invalidParameter, parameter: "horizon",
                "expected more than 0 s and at most 366 days, got \(timeHorizon) s")
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return try await ResourcePredictor(memory: memory).predict(
            horizon: Int64((timeHorizon * 1000).rounded()), confidenceLevel: confidenceLevel, now: now)
    }
}
