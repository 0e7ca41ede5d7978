import Foundation
import Testing

@testable import HomeostatCore

/// |a − b| ≤ tolerance · max(1, |b|).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}

private func allClose(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1, tolerance) }
}

@Suite("Forecasters")
struct ForecasterTests {
    @Test("SES with α = 0.5 on 10 12 11 13 12: ℓ = 10 10 11 11 12 12, SSE 8, vₕ = σ²(1 + (h−1)α²)")
    func simpleExponentialSmoothing() {
        let model = ExponentialSmoothing(
            [10, 12, 11, 13, 12], trend: .none, seasonality: .none, period: 1,
            smoothing: .init(alpha: 0.5), initialState: .init(level: 10))
        #expect(model.sumOfSquaredErrors == 8)
        #expect(model.finalState.level == 12)
        #expect(model.pointForecast(horizon: 3) == [12, 12, 12])
        // σ² = 8/5 = 1.6; v₂ = 1.6·1.25, v₃ = 1.6·1.5.
        #expect(allClose(model.forecastVariance(horizon: 3), [1.6, 2.0, 2.4]))
        let forecast = model.forecast(horizon: 2, confidenceLevel: 0.95)
        #expect(close(forecast.upper[0], 12 + 1.959963984540054 * 1.6.squareRoot(), 1e-14))
        #expect(close(forecast.lower[1], 12 - 1.959963984540054 * 2.0.squareRoot(), 1e-14))
        let eighty = model.forecast(horizon: 1, confidenceLevel: 0.8)
        #expect(close(eighty.upper[0], 12 + 1.2815515655446004 * 1.6.squareRoot(), 1e-14))
    }

    @Test("damped Holt α 0.5 β 0.2 φ 0.9 from ℓ 0 b 1 on 1 2 3, by hand")
    func dampedHolt() {
        let model = ExponentialSmoothing(
            [1, 2, 3], trend: .damped, seasonality: .none, period: 1,
            smoothing: .init(alpha: 0.5, beta: 0.2, phi: 0.9), initialState: .init(level: 0, slope: 1))
        // e = 0.1, 0.222, 0.32584; ℓ₃ = 2.83708, b₃ = 0.850328.
        #expect(close(model.finalState.level, 2.83708))
        #expect(close(model.finalState.slope, 0.850328))
        #expect(close(model.sumOfSquaredErrors, 0.01 + 0.049284 + 0.1061717056))
        #expect(allClose(model.pointForecast(horizon: 2), [3.6023752, 2.83708 + 1.71 * 0.850328]))
        let sigma2 = model.sumOfSquaredErrors / 3
        // c₁ = α + βφ = 0.68, c₂ = α + β(φ + φ²) = 0.842.
        #expect(allClose(model.forecastVariance(horizon: 3), [sigma2, sigma2 * 1.4624, sigma2 * (1.4624 + 0.708964)]))
    }

    @Test("additive seasonal variance adds γ at every multiple of m: c = α, α + γ, α, α + γ")
    func seasonalVariance() {
        let model = ExponentialSmoothing(
            [5, 1, 6, 2], trend: .none, seasonality: .additive, period: 2,
            smoothing: .init(alpha: 0.3, gamma: 0.2), initialState: .init(level: 3, seasonals: [2, -2]))
        let sigma2 = model.residualVariance
        #expect(sigma2 > 0)
        #expect(
            allClose(
                model.forecastVariance(horizon: 4).map { $0 / sigma2 }, [1, 1.09, 1.09 + 0.25, 1.09 + 0.25 + 0.09]))
    }

    @Test("seasonal naive repeats the last season; variance σ²(⌊(h−1)/m⌋ + 1)")
    func seasonalNaive() throws {
        let model = try ForecasterSpecification(.seasonalNaive, period: 4).fit([1, 2, 3, 4, 2, 3, 4, 5])
        #expect(model.pointForecast(horizon: 6) == [2, 3, 4, 5, 2, 3])
        #expect(model.forecastVariance(horizon: 6) == [1, 1, 1, 1, 2, 2])
        let naive = try ForecasterSpecification(.seasonalNaive).fit([1, 2, 4])
        #expect(naive.pointForecast(horizon: 2) == [4, 4])
        #expect(naive.forecastVariance(horizon: 2) == [2.5, 5])
    }

    @Test("linear trend through 1 3 5 7 10: slope 2.2, intercept 0.8, prediction variance 0.4/3·2.1 at t = 5")
    func linearTrend() throws {
        let model = LinearTrend([1, 3, 5, 7, 10])
        #expect(close(model.slope, 2.2))
        #expect(close(model.intercept, 0.8))
        #expect(close(model.residualVariance, 0.4 / 3))
        #expect(allClose(model.pointForecast(horizon: 2), [11.8, 14]))
        #expect(allClose(model.forecastVariance(horizon: 2), [0.4 / 3 * 2.1, 0.4 / 3 * (1.2 + 1.6)]))
    }

    @Test("Theta: SES level plus half the drift times h − 1 + 1/α − (1 − α)ⁿ/α")
    func theta() {
        let values: [Double] = [3, 5, 4, 6, 8, 7, 9, 11]
        let model = Theta(values)
        let alpha = model.smoothing.smoothing.alpha
        let level = model.smoothing.finalState.level
        let slope = LinearTrend(values).slope
        let offset = 1 / alpha - pow(1 - alpha, 8) / alpha
        #expect(
            allClose(model.pointForecast(horizon: 2), [level + slope / 2 * offset, level + slope / 2 * (1 + offset)]))
    }

    @Test("fitted SES α is at least as good as any α on a grid of 0.01")
    func fittedSmoothingIsOptimal() {
        var random = HomeostatCore.SplitMix64(seed: 7)
        var level = 50.0
        let values = (0..<200).map { _ -> Double in
            level += random.nextGaussian()
            return level + 2 * random.nextGaussian()
        }
        let fitted = ExponentialSmoothing.fit(values, trend: .none, seasonality: .none, period: 1)
        for step in 1...99 {
            let other = ExponentialSmoothing(
                values, trend: .none, seasonality: .none, period: 1, smoothing: .init(alpha: Double(step) / 100),
                initialState: .init(level: values[0]))
            #expect(fitted.sumOfSquaredErrors <= other.sumOfSquaredErrors + 1e-9)
        }
    }

    @Test(
        "Holt–Winters additive on trend + season without noise forecasts the continuation within 0.5 % for a season, 1.5 % (the damping, φ ≤ 0.98) for two"
    )
    func holtWintersAdditiveExact() throws {
        let pattern: [Double] = [3, -1, -2, 0]
        let values = (0..<40).map { 10 + 0.5 * Double($0) + pattern[$0 % 4] }
        let model = try ForecasterSpecification(.holtWintersAdditive, period: 4).fit(values)
        let truth = (40..<48).map { 10 + 0.5 * Double($0) + pattern[$0 % 4] }
        for (h, (f, t)) in zip(model.pointForecast(horizon: 8), truth).enumerated() {
            #expect(abs(f - t) / t < (h < 4 ? 0.005 : 0.015))
        }
    }

    @Test("Holt–Winters multiplicative on a growing multiplicative season within 2 %; refuses values ≤ 0")
    func holtWintersMultiplicative() throws {
        let factors: [Double] = [1.2, 0.9, 0.7, 1.2]
        let values = (0..<48).map { (100 + Double($0)) * factors[$0 % 4] }
        let model = try ForecasterSpecification(.holtWintersMultiplicative, period: 4).fit(values)
        let truth = (48..<52).map { (100 + Double($0)) * factors[$0 % 4] }
        for (f, t) in zip(model.pointForecast(horizon: 4), truth) { #expect(abs(f - t) / t < 0.02) }
        #expect(throws: ForecastError.self) {
            try ForecasterSpecification(.holtWintersMultiplicative, period: 2).fit([1, 2, 0, 3, 4])
        }
        do {
            _ = try ForecasterSpecification(.holtWintersAdditive, period: 12).fit([Double](repeating: 1, count: 20))
            Issue.record("expected tooFewPoints")
        } catch {
            #expect(error.code == .tooFewPoints)
            #expect(
                error.description
                    == "too few points: expected at least 24 values for holt-winters-additive (m=12), got 20")
        }
    }

    @Test("Nelder–Mead finds (1, −2) of a quadratic, and the box corner when the minimum is outside")
    func nelderMead() {
        let f: ([Double]) -> Double = { x in (x[0] - 1) * (x[0] - 1) + 3 * (x[1] + 2) * (x[1] + 2) }
        let free = NelderMead.minimize(f, start: [0, 0], lower: [-5, -5], upper: [5, 5])
        #expect(abs(free.point[0] - 1) < 1e-4 && abs(free.point[1] + 2) < 1e-4)
        let boxed = NelderMead.minimize(f, start: [0.5, 0.5], lower: [0, 0], upper: [0.5, 1])
        #expect(abs(boxed.point[0] - 0.5) < 1e-4 && abs(boxed.point[1]) < 1e-4)
    }
}

@Suite("Forecast accuracy and model selection")
struct ForecastSelectionTests {
    @Test("MASE and sMAPE by hand: scale mean|Δy| of 1 2 4 7 = 2, mean|yₜ − yₜ₋₂| of 1 2 4 7 3 = 9/3")
    func accuracy() {
        #expect(ForecastAccuracy.naiveScale([1, 2, 4, 7], period: 1) == 2)
        #expect(ForecastAccuracy.naiveScale([1, 2, 4, 7, 3], period: 2) == 3)
        #expect(ForecastAccuracy.meanAbsoluteScaledError(actual: [2, 4], forecast: [3, 3], scale: 2) == 0.5)
        #expect(
            close(
                ForecastAccuracy.symmetricMeanAbsolutePercentageError(actual: [2, 4], forecast: [3, 3]),
                (40 + 200.0 / 7) / 2))
        #expect(ForecastAccuracy.meanAbsoluteScaledError(actual: [1], forecast: [1], scale: 0) == 0)
        #expect(ForecastAccuracy.covered(actual: [1, 5, 3], lower: [0, 0, 3], upper: [2, 4, 3]) == 2)
    }

    /// Hourly values for `days`: a daily cycle, lower weekends, a trend and noise.
    static func hourly(days: Int, seed: UInt64 = 3) -> [Double] {
        var random = HomeostatCore.SplitMix64(seed: seed)
        return (0..<(days * 24)).map { (t: Int) -> Double in
            let daily = 10 * sin(2 * Double.pi * Double(t) / 24)
            let weekend = (t / 24) % 7 >= 5 ? -15.0 : 0
            return 100 + 0.02 * Double(t) + daily + weekend + random.nextGaussian()
        }
    }

    @Test("seasonality: daily and weekly in hourly data; none in white noise")
    func seasons() {
        #expect(SeasonalityDetector.seasons(Self.hourly(days: 28)).map(\.length) == [24, 168])
        var random = HomeostatCore.SplitMix64(seed: 11)
        var noise: [Double] = []
        for _ in 0..<500 { noise.append(random.nextGaussian()) }
        #expect(SeasonalityDetector.seasons(noise).isEmpty)
    }

    @Test("periodogram ordinate of cos(2πt/4), t = 0…7, at 1/4 is (Σcos²)²/n = 16/8; at 1/8 it is 0")
    func periodogram() {
        let x = (0..<8).map { cos(2 * Double.pi * Double($0) / 4) }
        #expect(close(SeasonalityDetector.ordinate(x, frequency: 0.25), 2, 1e-12))
        #expect(abs(SeasonalityDetector.ordinate(x, frequency: 0.125)) < 1e-12)
    }

    @Test("selection picks a seasonal model for seasonal data and beats seasonal naive; covers ~95 %")
    func seasonalSelection() throws {
        let values = Self.hourly(days: 28)
        var options = ForecastModelSelection.Options(horizon: 48)
        options.folds = 4
        let selection = try ForecastModelSelection.select(values, options: options)
        #expect(selection.seasons == [24, 168])
        #expect(selection.best.specification.kind.isSeasonal)
        let naive = try #require(
            selection.evaluations.first { $0.specification == ForecasterSpecification(.seasonalNaive, period: 24) })
        #expect(selection.best.meanAbsoluteScaledError <= naive.meanAbsoluteScaledError)
        #expect(selection.best.coverage >= 0.85)
    }

    @Test("negative values exclude the multiplicative model with the reason; a constant series is noted")
    func exclusions() throws {
        let values = (0..<60).map { Double($0 % 6) - 2.5 }
        var options = ForecastModelSelection.Options(horizon: 6)
        options.periods = [6]
        let selection = try ForecastModelSelection.select(values, options: options)
        let excluded = try #require(
            selection.exclusions.first { $0.specification.kind == .holtWintersMultiplicative })
        #expect(
            excluded.reason
                == "non-positive value: expected values > 0 for holt-winters-multiplicative (m=6), got -2.5 at index 0")
        let constant = try ForecastModelSelection.select([Double](repeating: 4, count: 30), options: .init(horizon: 5))
        #expect(constant.best.meanAbsoluteScaledError == 0)
        #expect(constant.notes.first == "constant series: every model forecasts 4.0 with a zero-width interval")
    }

    @Test("a forecast beyond 10 ranges of the series is a blow-up")
    func blowUp() {
        #expect(ForecastModelSelection.blownUp([5, 9], reference: [0, 1], factor: 10) == nil)
        #expect(
            ForecastModelSelection.blownUp([5, 12], reference: [0, 1], factor: 10)
                == "blew up: step 2 is 12.0, outside the series' range ± 10.0 ranges")
        #expect(ForecastModelSelection.blownUp([.nan], reference: [0, 1], factor: 10) != nil)
    }

    @Test("a trend extrapolated beyond 10 ranges over a long horizon is excluded; damped trends stay")
    func longHorizonGuard() throws {
        let values = (0..<40).map { Double($0) + ($0 % 2 == 0 ? 0.3 : -0.3) }
        let selection = try ForecastModelSelection.select(values, options: .init(horizon: 500))
        let linear = try #require(selection.exclusions.first { $0.specification.kind == .linearTrend })
        #expect(linear.reason.hasPrefix("forecast: blew up: step "))
        #expect(selection.evaluations.contains { $0.specification.kind == .dampedHolt })
    }

    @Test("horizon 0 and absurd horizons are refused")
    func horizons() {
        do {
            _ = try ForecastModelSelection.select([1, 2, 3, 4, 5], options: .init(horizon: 0))
            Issue.record("expected invalidHorizon")
        } catch {
            #expect(error.description == "invalid horizon: expected a horizon from 1 to 100000 samples, got 0")
        }
        #expect(throws: ForecastError.self) {
            try ForecastModelSelection.select([1, 2, 3, 4, 5], options: .init(horizon: 100_001))
        }
    }

    static func selection(_ scores: [(ForecastModelSelection.Evaluation)]) -> ForecastModelSelection {
        ForecastModelSelection(
            evaluations: scores.sorted { $0.meanAbsoluteScaledError < $1.meanAbsoluteScaledError }, exclusions: [],
            seasons: [], backtestHorizon: 1, notes: [])
    }

    static func score(_ kind: ForecasterKind, _ mase: Double) -> ForecastModelSelection.Evaluation {
        .init(specification: .init(kind), meanAbsoluteScaledError: mase, symmetricMAPE: 0, coverage: 1, folds: 1)
    }

    @Test("hysteresis: a challenger 5 % better does not replace the model, 10 % better does")
    func hysteresis() {
        var choice = ForecastModelChoice()
        var changed = choice.update(with: Self.selection([Self.score(.dampedHolt, 1.0), Self.score(.theta, 1.2)]))
        #expect(changed)
        #expect(choice.current == ForecasterSpecification(.dampedHolt))
        changed = choice.update(with: Self.selection([Self.score(.dampedHolt, 1.0), Self.score(.theta, 0.95)]))
        #expect(!changed)
        #expect(choice.current == ForecasterSpecification(.dampedHolt))
        changed = choice.update(with: Self.selection([Self.score(.dampedHolt, 1.0), Self.score(.theta, 0.9)]))
        #expect(changed)
        #expect(choice.current == ForecasterSpecification(.theta))
        // The current model excluded: replaced at once.
        changed = choice.update(with: Self.selection([Self.score(.linearTrend, 2)]))
        #expect(changed)
        #expect(choice.current == ForecasterSpecification(.linearTrend))
    }

    @Test("SES 95 % intervals on a local-level series cover 90–98 % of one-step outcomes over 200 origins")
    func coverage() throws {
        var random = HomeostatCore.SplitMix64(seed: 5)
        var level = 0.0
        let values = (0..<600).map { _ -> Double in
            level += 0.5 * random.nextGaussian()
            return level + random.nextGaussian()
        }
        var covered = 0
        for origin in 400..<600 {
            let model = try ForecasterSpecification(.simpleExponentialSmoothing).fit(Array(values[..<origin]))
            let forecast = model.forecast(horizon: 1, confidenceLevel: 0.95)
            if forecast.lower[0] <= values[origin] && values[origin] <= forecast.upper[0] { covered += 1 }
        }
        #expect((180...196).contains(covered))
    }

    @Test("a regular grid fills gaps and missing values by interpolation")
    func regularSeries() throws {
        let series = try RegularSeries(timestamps: [0, 10, 20, 50, 60, 70], values: [1, 2, 3, 6, .nan, 8])
        #expect(series.step == 10)
        #expect(series.values == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(series.filledGaps == 2)
        #expect(series.filledMissing == 1)
    }
}

@Suite("Forecast plot")
struct ForecastPlotTests {
    @Test("the SVG draws the history, the forecast line and a band with a corner per bound")
    func svg() {
        let forecast = Forecast(mean: [3, 4], lower: [2, 2], upper: [4, 6], confidenceLevel: 0.9)
        let svg = ForecastPlot.svg(history: [1, 2, 3], forecast: forecast, title: "a<b")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"320\""))
        #expect(svg.contains("a&lt;b — 90.0 % interval"))
        // x: 60 + 730·i/4 for i = 0…4; y: 30 + 270·(1 − (v − 1)/5).
        #expect(svg.contains("<polygon points=\"607.5,138.0 790.0,30.0 790.0,246.0 607.5,246.0\""))
        #expect(svg.contains("<polyline points=\"60.0,300.0 242.5,246.0 425.0,192.0\""))
        #expect(svg.contains("<polyline points=\"425.0,192.0 607.5,192.0 790.0,138.0\""))
    }
}
