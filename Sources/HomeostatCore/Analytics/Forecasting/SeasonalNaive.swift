/// The seasonal naive forecast: each step repeats the value one season earlier, ŷₙ₊ₕ = yₙ₋ₘ₊₁₊₍ₕ₋₁₎ mod ₘ
/// (the last value when m = 1). The benchmark every other model must beat.
///
/// Variance (Hyndman & Athanasopoulos, *FPP3* §5.5): σ²·(⌊(h−1)/m⌋ + 1), with σ² the mean squared
/// in-sample seasonal difference.
/// - Complexity: fit O(n); forecast O(horizon).
public struct SeasonalNaive: FittedForecaster {
    /// The last season of values (`period` of them), oldest first.
    public let lastSeason: [Double]
    /// The mean squared seasonal difference (yₜ − yₜ₋ₘ)², in the values' unit squared.
    public let residualVariance: Double
    public let specification: ForecasterSpecification

    /// Requires `values.count ≥ max(period, 2)` (checked by ``ForecasterSpecification/fit(_:)``).
    public init(_ values: [Double], period: Int) {
        let m = max(period, 1)
        specification = ForecasterSpecification(.seasonalNaive, period: m)
        lastSeason = Array(values.suffix(m))
        var sum = 0.0
        var count = 0
        if values.count > m {
            for t in m..<values.count {
                let d = values[t] - values[t - m]
                sum += d * d
                count += 1
            }
        }
        residualVariance = count > 0 ? sum / Double(count) : 0
    }

    public var parameters: [ForecastParameter] { [ForecastParameter("sigma", residualVariance.squareRoot())] }

    public func pointForecast(horizon: Int) -> [Double] {
        (0..<max(horizon, 0)).map { lastSeason[$0 % lastSeason.count] }
    }

    public func forecastVariance(horizon: Int) -> [Double] {
        (0..<max(horizon, 0)).map { residualVariance * Double($0 / lastSeason.count + 1) }
    }
}
