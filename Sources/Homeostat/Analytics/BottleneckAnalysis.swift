import HomeostatCore

extension HomeostatEngine {
    /// What limits the host now, by the USE method over the last `window` seconds of the live
    /// history: the seed's `analytics.identify_bottlenecks()`. See ``USEMethod`` for the checks and
    /// ``USEThresholds`` for the levels.
    ///
    /// ```swift
    /// let report = try engine.identifyBottlenecks(window: 10)
    /// print(report.limiting ?? "none", report.summary)
    /// ```
    /// - Parameters:
    ///   - window: seconds, default 10; more than 0 and at most the agent's history
    ///     (`agent.history_seconds`, 300 by default). Averages over it smooth one-second spikes.
    ///   - thresholds: the levels a check is scored against.
    /// - Throws: ``AnalyticsError`` `.invalidParameter` (parameter `window`) for a window out of range,
    ///   `.noData` before the first collection.
    /// - Complexity: O(s · w) for s series and w samples per series in the window.
    public func identifyBottlenecks(window: Double = 10, thresholds: USEThresholds = USEThresholds())
        throws(AnalyticsError) -> BottleneckReport
    {
        let history = Double(config.agent.historySeconds)
        guard window > 0, window <= history else {
            throw AnalyticsError(
                .invalidParameter, parameter: "window",
                "must be more than 0 s and at most the agent's history of \(USEMethod.format(history)) s, "
                    + "got \(USEMethod.format(window)) s")
        }
        guard let metrics = live.window(seconds: window) else {
            throw AnalyticsError(
                .noData, "no collection yet; retry after \(config.monitoring.collectionInterval) s")
        }
        return USEMethod(thresholds: thresholds).evaluate(metrics)
    }
}
