import Foundation

/// The Theta method with θ = 2 (Assimakopoulos & Nikolopoulos 2000), in the form of Hyndman & Billah
/// (2003) that statsmodels' `ThetaModel` uses: simple exponential smoothing plus half the least-squares
/// drift, ŷₙ₊ₕ = ℓₙ + (b₀/2)·(h − 1 + 1/α − (1 − α)ⁿ/α), with b₀ the slope of a line through the history.
///
/// Variance: that of simple exponential smoothing, σ²(1 + (h − 1)α²). Not seasonal: on seasonal series
/// the model selection prefers Holt–Winters or seasonal naive.
/// - Complexity: fit O(n · evaluations) (the SES fit); forecast O(horizon).
public struct Theta: FittedForecaster {
    /// The fitted simple exponential smoothing.
    public let smoothing: ExponentialSmoothing
    /// The least-squares slope b₀ of the history, per sample.
    public let drift: Double
    /// The number of values fitted.
    public let count: Int
    public let specification = ForecasterSpecification(.theta)

    /// Requires at least 3 finite values.
    public init(_ values: [Double]) {
        smoothing = ExponentialSmoothing.fit(values, trend: .none, seasonality: .none, period: 1)
        drift = LinearTrend(values).slope
        count = values.count
    }

    public var parameters: [ForecastParameter] {
        [
            ForecastParameter("alpha", smoothing.smoothing.alpha), ForecastParameter("drift", drift),
            ForecastParameter("sigma", smoothing.residualVariance.squareRoot()),
        ]
    }

    public func pointForecast(horizon: Int) -> [Double] {
        let alpha = smoothing.smoothing.alpha
        let offset = 1 / alpha - pow(1 - alpha, Double(count)) / alpha
        let level = smoothing.finalState.level
        return (0..<max(horizon, 0)).map { step in level + drift / 2 * (Double(step) + offset) }
    }

    public func forecastVariance(horizon: Int) -> [Double] {
        smoothing.forecastVariance(horizon: horizon)
    }
}
