/// Accuracy measures for a forecast against what happened.
public enum ForecastAccuracy {
    /// The MASE denominator (Hyndman & Koehler 2006): the in-sample mean absolute error of the seasonal
    /// naive forecast, mean |yₜ − yₜ₋ₘ|; with m = 1 when the training set is not longer than a season.
    /// 0 for a constant series.
    /// - Complexity: O(n).
    public static func naiveScale(_ training: [Double], period: Int) -> Double {
        let m = training.count > period ? max(period, 1) : 1
        guard training.count > m else { return 0 }
        var sum = 0.0
        for t in m..<training.count { sum += abs(training[t] - training[t - m]) }
        return sum / Double(training.count - m)
    }

    /// Mean absolute scaled error: mean |aᵢ − fᵢ| / `scale`. With a zero scale: 0 when every error is 0,
    /// else +∞.
    public static func meanAbsoluteScaledError(actual: [Double], forecast: [Double], scale: Double) -> Double {
        var sum = 0.0
        for (a, f) in zip(actual, forecast) { sum += abs(a - f) }
        let mae = sum / Double(max(min(actual.count, forecast.count), 1))
        if scale > 0 { return mae / scale }
        return mae == 0 ? 0 : .infinity
    }

    /// Symmetric MAPE in percent, 0…200: mean of 200·|a − f| / (|a| + |f|); a term is 0 when a = f = 0.
    public static func symmetricMeanAbsolutePercentageError(actual: [Double], forecast: [Double]) -> Double {
        var sum = 0.0
        for (a, f) in zip(actual, forecast) {
            let denominator = abs(a) + abs(f)
            if denominator > 0 { sum += 200 * abs(a - f) / denominator }
        }
        return sum / Double(max(min(actual.count, forecast.count), 1))
    }

    /// The number of `actual` values inside [lower, upper] (inclusive).
    public static func covered(actual: [Double], lower: [Double], upper: [Double]) -> Int {
        var count = 0
        for i in 0..<min(actual.count, lower.count, upper.count) where actual[i] >= lower[i] && actual[i] <= upper[i] {
            count += 1
        }
        return count
    }
}
