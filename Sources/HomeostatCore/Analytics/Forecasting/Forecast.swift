/// Point forecasts with a central prediction interval, for steps 1…horizon after the last value.
public struct Forecast: Sendable, Equatable {
    /// The point forecast per step (the mean of the predictive distribution).
    public var mean: [Double]
    /// The lower bound of the central interval per step.
    public var lower: [Double]
    /// The upper bound of the central interval per step.
    public var upper: [Double]
    /// The interval's nominal coverage, in (0, 1) (e.g. 0.95).
    public var confidenceLevel: Double

    public init(mean: [Double], lower: [Double], upper: [Double], confidenceLevel: Double) {
        self.mean = mean
        self.lower = lower
        self.upper = upper
        self.confidenceLevel = confidenceLevel
    }

    /// A Gaussian interval `mean ± z·√variance` with z the `(1 + confidenceLevel)/2` normal quantile.
    /// - Complexity: O(horizon).
    public init(mean: [Double], variance: [Double], confidenceLevel: Double) {
        let z = NormalDistribution.quantile((1 + confidenceLevel) / 2)
        self.mean = mean
        self.lower = zip(mean, variance).map { $0 - z * max($1, 0).squareRoot() }
        self.upper = zip(mean, variance).map { $0 + z * max($1, 0).squareRoot() }
        self.confidenceLevel = confidenceLevel
    }

    /// The number of steps.
    public var horizon: Int { mean.count }
}

/// One fitted parameter of a forecaster, for display (`alpha`, `phi`, `slope`, …).
public struct ForecastParameter: Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// A forecaster fitted to one series: a pure value that forecasts without touching the data again.
///
/// Conformers state how their variance is computed (analytic where the ETS literature has a closed
/// form, Hyndman et al., *Forecasting with Exponential Smoothing*, ch. 6).
public protocol FittedForecaster: Sendable {
    /// The model and its seasonal period.
    var specification: ForecasterSpecification { get }
    /// The fitted parameters, for display.
    var parameters: [ForecastParameter] { get }
    /// Point forecasts for steps 1…horizon.
    func pointForecast(horizon: Int) -> [Double]
    /// Forecast error variance for steps 1…horizon, in the values' unit squared.
    func forecastVariance(horizon: Int) -> [Double]
}

extension FittedForecaster {
    /// Point forecasts and a Gaussian central interval at `confidenceLevel` (in (0, 1)).
    /// - Complexity: that of `pointForecast` plus `forecastVariance`, O(horizon) for every model here.
    public func forecast(horizon: Int, confidenceLevel: Double) -> Forecast {
        Forecast(
            mean: pointForecast(horizon: horizon), variance: forecastVariance(horizon: horizon),
            confidenceLevel: confidenceLevel)
    }
}
