/// The forecasting models Homeostat fits.
public enum ForecasterKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Repeats the last season (the last value when the period is 1).
    case seasonalNaive = "seasonal-naive"
    /// A least-squares line through the history, like PromQL's `predict_linear`.
    case linearTrend = "linear"
    /// ETS(A,N,N): simple exponential smoothing.
    case simpleExponentialSmoothing = "ses"
    /// ETS(A,Ad,N): Holt's linear method with a damped trend.
    case dampedHolt = "damped-holt"
    /// ETS(A,Ad,A): Holt–Winters with additive seasonality and a damped trend.
    case holtWintersAdditive = "holt-winters-additive"
    /// ETS(A,Ad,M): Holt–Winters with multiplicative seasonality and a damped trend.
    case holtWintersMultiplicative = "holt-winters-multiplicative"
    /// The Theta method (Assimakopoulos & Nikolopoulos 2000): SES with half the linear drift.
    case theta = "theta"

    /// Whether the model uses a seasonal period.
    public var isSeasonal: Bool {
        switch self {
        case .seasonalNaive, .holtWintersAdditive, .holtWintersMultiplicative: true
        case .linearTrend, .simpleExponentialSmoothing, .dampedHolt, .theta: false
        }
    }
}

/// A model and the seasonal period it uses (1 for non-seasonal models).
public struct ForecasterSpecification: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var kind: ForecasterKind
    /// The seasonal period in samples; 1 when the model is not seasonal (seasonal naive is then naive).
    public var period: Int

    public init(_ kind: ForecasterKind, period: Int = 1) {
        self.kind = kind
        self.period = kind.isSeasonal ? max(period, 1) : 1
    }

    /// The fewest values `fit` accepts: two full seasons for Holt–Winters, one for seasonal naive,
    /// 3 for the others.
    public var minimumCount: Int {
        switch kind {
        case .holtWintersAdditive, .holtWintersMultiplicative: max(2 * period, 5)
        case .seasonalNaive: max(period, 2)
        case .linearTrend, .simpleExponentialSmoothing, .dampedHolt, .theta: 3
        }
    }

    /// `holt-winters-additive (m=24)`, `damped-holt`.
    public var description: String {
        kind.isSeasonal && period > 1 ? "\(kind.rawValue) (m=\(period))" : kind.rawValue
    }

    /// Fits this model to `values` (oldest first, all finite).
    /// - Throws: `tooFewPoints` below ``minimumCount``, `nonFiniteValue`, `nonPositiveValue` for the
    ///   multiplicative model on a series with a value ≤ 0.
    public func fit(_ values: [Double]) throws(ForecastError) -> any FittedForecaster {
        guard values.count >= minimumCount else {
            throw ForecastError(
                .tooFewPoints, expected: "at least \(minimumCount) values for \(self)", got: "\(values.count)")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw ForecastError(.nonFiniteValue, expected: "finite values", got: "\(values[index]) at index \(index)")
        }
        switch kind {
        case .seasonalNaive: return SeasonalNaive(values, period: period)
        case .linearTrend: return LinearTrend(values)
        case .simpleExponentialSmoothing:
            return ExponentialSmoothing.fit(values, trend: .none, seasonality: .none, period: 1)
        case .dampedHolt: return ExponentialSmoothing.fit(values, trend: .damped, seasonality: .none, period: 1)
        case .holtWintersAdditive:
            return ExponentialSmoothing.fit(values, trend: .damped, seasonality: .additive, period: period)
        case .holtWintersMultiplicative:
            if let index = values.firstIndex(where: { $0 <= 0 }) {
                throw ForecastError(
                    .nonPositiveValue, expected: "values > 0 for \(self)", got: "\(values[index]) at index \(index)")
            }
            return ExponentialSmoothing.fit(values, trend: .damped, seasonality: .multiplicative, period: period)
        case .theta: return Theta(values)
        }
    }
}
