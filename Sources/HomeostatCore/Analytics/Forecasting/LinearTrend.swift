/// An ordinary least-squares line through the history, extrapolated — what PromQL's `predict_linear`
/// does over its range: yₜ ≈ a + b·t with t = 0…n−1, ŷₙ₋₁₊ₕ = a + b·(n − 1 + h).
///
/// Variance: the OLS prediction variance σ²·(1 + 1/n + (t − t̄)²/Σ(tᵢ − t̄)²), σ² = SSE/(n − 2).
/// - Complexity: fit O(n); forecast O(horizon).
public struct LinearTrend: FittedForecaster {
    /// The value of the line at t = 0 (the first value), in the values' unit.
    public let intercept: Double
    /// The change per sample, in the values' unit per sample.
    public let slope: Double
    /// The residual variance SSE/(n − 2) (0 when n ≤ 2).
    public let residualVariance: Double
    /// The number of values fitted.
    public let count: Int
    private let meanIndex: Double
    private let indexSpread: Double
    public let specification = ForecasterSpecification(.linearTrend)

    /// Requires at least 2 values.
    public init(_ values: [Double]) {
        let n = values.count
        count = n
        meanIndex = Double(n - 1) / 2
        var mean = 0.0
        for y in values { mean += y }
        mean /= Double(n)
        var sxy = 0.0
        var sxx = 0.0
        for (t, y) in values.enumerated() {
            let dt = Double(t) - meanIndex
            sxy += dt * (y - mean)
            sxx += dt * dt
        }
        indexSpread = sxx
        slope = sxx > 0 ? sxy / sxx : 0
        intercept = mean - slope * meanIndex
        var sse = 0.0
        for (t, y) in values.enumerated() {
            let e = y - (intercept + slope * Double(t))
            sse += e * e
        }
        residualVariance = n > 2 ? sse / Double(n - 2) : 0
    }

    public var parameters: [ForecastParameter] {
        [ForecastParameter("intercept", intercept), ForecastParameter("slope", slope)]
    }

    public func pointForecast(horizon: Int) -> [Double] {
        (0..<max(horizon, 0)).map { intercept + slope * Double(count + $0) }
    }

    public func forecastVariance(horizon: Int) -> [Double] {
        (0..<max(horizon, 0)).map { step in
            let dt = Double(count + step) - meanIndex
            let leverage = indexSpread > 0 ? dt * dt / indexSpread : 0
            return residualVariance * (1 + 1 / Double(count) + leverage)
        }
    }
}
