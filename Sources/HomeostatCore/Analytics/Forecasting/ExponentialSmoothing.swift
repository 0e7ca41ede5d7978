/// The additive-error exponential smoothing family (ETS, Hyndman et al., *Forecasting with Exponential
/// Smoothing*, 2008, Table 2.3): simple exponential smoothing, damped Holt, and Holt–Winters with
/// additive or multiplicative seasonality (trends are always damped, so no forecast grows without
/// bound).
///
/// Recursions, with base = ℓ + φb, ŷ = base (+ s or × s), e = y − ŷ, r = 1 (additive) or s
/// (multiplicative):
/// ℓ′ = base + αe/r,  b′ = φb + βe/r,  s′ = s + γe (additive) or s + γe/base (multiplicative).
///
/// Fitting minimises the in-sample one-step SSE with bounded Nelder–Mead over α ∈ [1e-4, 0.9999],
/// β = α·β* with β* ∈ [1e-4, 0.9999], γ = (1 − α)·γ* with γ* ∈ [1e-4, 0.9999] and φ ∈ [0.8, 0.98] (the
/// bounds statsmodels' ETSModel uses). Initial states are heuristic: ℓ₀ = y₀ without trend; a line
/// through the first values (the first two seasons' means when seasonal) for ℓ₀, b₀; seasonal indices
/// from the first ≤ 3 seasons around that line, normalised to sum 0 (additive) or mean 1.
///
/// Variance (ch. 6, class 1): v₁ = σ², vₕ = σ²(1 + Σⱼ₌₁ʰ⁻¹ cⱼ²), cⱼ = α + β(φ + … + φʲ) + γ·[j mod m = 0].
/// Exact for the additive models; for the multiplicative one an approximation (its exact variance has no
/// closed form), whose coverage the backtests measure. σ² = SSE/(n − parameters).
/// - Complexity: one filter pass O(n); fit O(n · evaluations), evaluations ≤ 2 × 200 × parameters.
public struct ExponentialSmoothing: FittedForecaster {
    public enum Trend: Sendable, Equatable {
        case none
        case damped
    }

    public enum Seasonality: Sendable, Equatable {
        case none
        case additive
        case multiplicative
    }

    /// The smoothing parameters; β is 0 without trend, γ 0 without season, φ 1 without trend.
    public struct Smoothing: Sendable, Equatable {
        public var alpha: Double
        public var beta: Double
        public var gamma: Double
        public var phi: Double

        public init(alpha: Double, beta: Double = 0, gamma: Double = 0, phi: Double = 1) {
            self.alpha = alpha
            self.beta = beta
            self.gamma = gamma
            self.phi = phi
        }
    }

    /// Level, slope and seasonal indices; `seasonals[j]` applies to the j-th value after the state.
    public struct State: Sendable, Equatable {
        public var level: Double
        public var slope: Double
        public var seasonals: [Double]

        public init(level: Double, slope: Double = 0, seasonals: [Double] = []) {
            self.level = level
            self.slope = slope
            self.seasonals = seasonals
        }
    }

    public let trend: Trend
    public let seasonality: Seasonality
    public let smoothing: Smoothing
    /// The state after the last value: the forecast origin.
    public let finalState: State
    /// In-sample one-step sum of squared errors.
    public let sumOfSquaredErrors: Double
    /// σ² = SSE/(n − fitted parameters), in the values' unit squared.
    public let residualVariance: Double
    public let specification: ForecasterSpecification

    /// Runs the recursions over `values` from `initialState` with fixed `smoothing`.
    /// `initialState.seasonals` must hold `period` indices when seasonal. `fittedParameters` (default 0)
    /// is subtracted from n in σ² = SSE/(n − fittedParameters).
    public init(
        _ values: [Double], trend: Trend, seasonality: Seasonality, period: Int, smoothing: Smoothing,
        initialState: State, fittedParameters: Int = 0
    ) {
        self.trend = trend
        self.seasonality = seasonality
        self.smoothing = smoothing
        let run = Self.filter(values, seasonality: seasonality, smoothing: smoothing, state: initialState)
        finalState = run.state
        sumOfSquaredErrors = run.sse
        residualVariance = run.sse / Double(max(values.count - fittedParameters, 1))
        let kind: ForecasterKind =
            switch (trend, seasonality) {
            case (.none, .none): .simpleExponentialSmoothing
            case (.damped, .none): .dampedHolt
            case (_, .additive): .holtWintersAdditive
            case (_, .multiplicative): .holtWintersMultiplicative
            }
        specification = ForecasterSpecification(kind, period: seasonality == .none ? 1 : period)
    }

    /// Fits the smoothing parameters by minimising the one-step SSE (see the type's documentation).
    /// Requires two full seasons when seasonal, 3 values otherwise, all finite (and > 0 when
    /// multiplicative) — ``ForecasterSpecification/fit(_:)`` checks.
    public static func fit(_ values: [Double], trend: Trend, seasonality: Seasonality, period: Int)
        -> ExponentialSmoothing
    {
        let m = seasonality == .none ? 1 : period
        let initial = initialState(values, trend: trend, seasonality: seasonality, period: m)
        let hasTrend = trend == .damped
        let hasSeason = seasonality != .none
        func smoothing(_ x: [Double]) -> Smoothing {
            let alpha = x[0]
            var result = Smoothing(alpha: alpha)
            var i = 1
            if hasTrend {
                result.beta = alpha * x[i]
                result.phi = x[i + 1]
                i += 2
            }
            if hasSeason { result.gamma = (1 - alpha) * x[i] }
            return result
        }
        var lower = [1e-4]
        var upper = [0.9999]
        if hasTrend {
            lower += [1e-4, 0.8]
            upper += [0.9999, 0.98]
        }
        if hasSeason {
            lower.append(1e-4)
            upper.append(0.9999)
        }
        let objective: ([Double]) -> Double = { x in
            filter(values, seasonality: seasonality, smoothing: smoothing(x), state: initial).sse
        }
        var best: NelderMead.Result?
        for alpha in [0.2, 0.7] {
            var start = [alpha]
            if hasTrend { start += [0.1, 0.95] }
            if hasSeason { start.append(0.1) }
            let result = NelderMead.minimize(objective, start: start, lower: lower, upper: upper)
            if result.value < best?.value ?? .infinity { best = result }
        }
        let point = best?.point ?? lower
        return ExponentialSmoothing(
            values, trend: trend, seasonality: seasonality, period: m, smoothing: smoothing(point),
            initialState: initial, fittedParameters: point.count)
    }

    /// The heuristic initial state (see the type's documentation).
    public static func initialState(_ values: [Double], trend: Trend, seasonality: Seasonality, period: Int)
        -> State
    {
        let n = values.count
        guard seasonality != .none, period >= 2, n >= 2 * period else {
            guard trend == .damped, n >= 2 else { return State(level: values[0]) }
            let k = min(n - 1, 10)
            let slope = (values[k] - values[0]) / Double(k)
            return State(level: values[0] - slope, slope: slope)
        }
        let m = period
        func seasonMean(_ k: Int) -> Double {
            var sum = 0.0
            for i in (k * m)..<((k + 1) * m) { sum += values[i] }
            return sum / Double(m)
        }
        let first = seasonMean(0)
        let slope = trend == .damped ? (seasonMean(1) - first) / Double(m) : 0
        let centre = Double(m - 1) / 2
        let seasons = min(n / m, 3)
        var indices = [Double](repeating: 0, count: m)
        for j in 0..<m {
            var sum = 0.0
            for k in 0..<seasons {
                let t = k * m + j
                let line = first + slope * (Double(t) - centre)
                sum += seasonality == .additive ? values[t] - line : values[t] / max(line, .leastNormalMagnitude)
            }
            indices[j] = sum / Double(seasons)
        }
        let mean = indices.reduce(0, +) / Double(m)
        for j in 0..<m {
            if seasonality == .additive { indices[j] -= mean } else { indices[j] /= mean }
        }
        return State(level: first - slope * (centre + 1), slope: slope, seasonals: indices)
    }

    /// One pass of the recursions: the SSE of the one-step errors and the final state.
    /// - Complexity: O(n).
    static func filter(_ values: [Double], seasonality: Seasonality, smoothing: Smoothing, state: State)
        -> (sse: Double, state: State)
    {
        var level = state.level
        var slope = state.slope
        var seasonals = state.seasonals
        let m = seasonals.count
        let (alpha, beta, gamma, phi) = (smoothing.alpha, smoothing.beta, smoothing.gamma, smoothing.phi)
        var sse = 0.0
        var j = 0
        values.withUnsafeBufferPointer { y in
            seasonals.withUnsafeMutableBufferPointer { s in
                for t in 0..<y.count {
                    let base = level + phi * slope
                    switch seasonality {
                    case .none:
                        let e = y[t] - base
                        sse += e * e
                        level = base + alpha * e
                        slope = phi * slope + beta * e
                    case .additive:
                        let e = y[t] - base - s[j]
                        sse += e * e
                        level = base + alpha * e
                        slope = phi * slope + beta * e
                        s[j] += gamma * e
                    case .multiplicative:
                        let season = s[j]
                        let e = y[t] - base * season
                        sse += e * e
                        level = base + alpha * e / season
                        slope = phi * slope + beta * e / season
                        s[j] = season + gamma * e / base
                    }
                    if m > 0 {
                        j += 1
                        if j == m { j = 0 }
                    }
                }
            }
        }
        // Rotate so that seasonals[0] applies to the next value.
        let rotated = m > 0 ? Array(seasonals[j...] + seasonals[..<j]) : []
        return (sse.isFinite ? sse : .infinity, State(level: level, slope: slope, seasonals: rotated))
    }

    public var parameters: [ForecastParameter] {
        var list = [ForecastParameter("alpha", smoothing.alpha)]
        if trend == .damped {
            list += [ForecastParameter("beta", smoothing.beta), ForecastParameter("phi", smoothing.phi)]
        }
        if seasonality != .none { list.append(ForecastParameter("gamma", smoothing.gamma)) }
        list.append(ForecastParameter("sigma", residualVariance.squareRoot()))
        return list
    }

    public func pointForecast(horizon: Int) -> [Double] {
        var damping = 0.0
        var power = 1.0
        let s = finalState.seasonals
        return (0..<max(horizon, 0)).map { step in
            power *= smoothing.phi
            damping += power
            let base = finalState.level + damping * finalState.slope
            switch seasonality {
            case .none: return base
            case .additive: return base + s[step % s.count]
            case .multiplicative: return base * s[step % s.count]
            }
        }
    }

    public func forecastVariance(horizon: Int) -> [Double] {
        let m = finalState.seasonals.count
        var variances: [Double] = []
        var sum = 1.0
        var damping = 0.0
        var power = 1.0
        let meanSeason = m > 0 ? finalState.seasonals.reduce(0, +) / Double(m) : 1
        for step in 0..<max(horizon, 0) {
            // vₕ for h = step + 1 uses c₁…c_{h−1}.
            if step > 0 {
                let j = step
                power *= smoothing.phi
                damping += power
                var c = smoothing.alpha + smoothing.beta * damping
                if m > 0, j % m == 0 { c += smoothing.gamma }
                sum += c * c
            }
            var v = residualVariance * sum
            if seasonality == .multiplicative, meanSeason > 0 {
                let ratio = finalState.seasonals[step % m] / meanSeason
                v *= ratio * ratio
            }
            variances.append(v)
        }
        return variances
    }
}
