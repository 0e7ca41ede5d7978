/// Chooses a forecaster for one series by rolling-origin backtests (Tashman 2000).
///
/// Candidates: every ``ForecasterKind``, seasonal ones once per detected period (``SeasonalityDetector``)
/// or per period given. Each is refitted at up to `folds` origins, the last `backtestHorizon` values
/// after each origin held out (origins `backtestHorizon` apart), and scored by MASE against the
/// seasonal naive in-sample scale of that origin's training data (the shortest season, or 1), plus
/// sMAPE and the empirical coverage of its intervals. The lowest mean MASE wins; ties go to the simpler
/// model (``ForecasterKind`` order).
///
/// A candidate is excluded, with the reason, when it cannot be fitted (too few points for its season,
/// values ≤ 0 for the multiplicative model) or when any backtest or the final forecast is non-finite or
/// leaves the series' range widened by `explosionFactor` ranges on each side: it never diverges.
/// - Complexity: O(candidates · folds · fit cost); the fits are O(n · evaluations).
public struct ForecastModelSelection: Sendable {
    /// How the selection runs.
    public struct Options: Sendable {
        /// The forecast horizon, in samples (≥ 1).
        public var horizon: Int
        /// The nominal coverage of the intervals (default 0.95).
        public var confidenceLevel: Double = 0.95
        /// Rolling origins per candidate (default 3).
        public var folds: Int = 3
        /// The longest season searched for, in samples (default 400).
        public var maxPeriod: Int = 400
        /// Seasonal periods to use instead of detecting them (nil: detect).
        public var periods: [Int]?
        /// Forecasts beyond the series' range widened by this many ranges per side count as blown up
        /// (default 10).
        public var explosionFactor: Double = 10
        /// The models tried (default: all).
        public var kinds: [ForecasterKind] = ForecasterKind.allCases

        public init(horizon: Int) {
            self.horizon = horizon
        }
    }

    /// A candidate's backtest scores.
    public struct Evaluation: Sendable, Equatable {
        public var specification: ForecasterSpecification
        /// Mean MASE over the folds.
        public var meanAbsoluteScaledError: Double
        /// Mean sMAPE over the folds, in percent (0–200).
        public var symmetricMAPE: Double
        /// The fraction of held-out values inside the intervals.
        public var coverage: Double
        /// The number of origins scored.
        public var folds: Int
        /// The factor (≥ 1) that widens the model's intervals so that the backtest errors, divided by
        /// their predicted standard deviations, fall inside ±z at the confidence level as often as
        /// nominal: the empirical calibration of intervals whose variance formula is approximate or
        /// whose σ² (a one-step estimate) understates longer horizons. 1 when already wide enough.
        public var intervalScale: Double = 1
    }

    /// A candidate left out, and why.
    public struct Exclusion: Sendable, Equatable {
        public var specification: ForecasterSpecification
        public var reason: String
    }

    /// The candidates scored, best first.
    public let evaluations: [Evaluation]
    /// The candidates left out.
    public let exclusions: [Exclusion]
    /// The seasons detected (shortest first) or given.
    public let seasons: [Int]
    /// The number of values held out per origin: min(horizon, max(1, n/5)).
    public let backtestHorizon: Int
    /// Remarks for the user: fallbacks, constant series.
    public let notes: [String]

    /// The best candidate.
    public var best: Evaluation { evaluations[0] }

    /// The largest horizon accepted: 100 000 samples, or 10 times the series length if longer.
    public static func maximumHorizon(count: Int) -> Int { max(100_000, 10 * count) }

    /// Runs the backtests over `values` (oldest first, finite).
    /// - Throws: `invalidHorizon` for a horizon below 1 or above ``maximumHorizon(count:)``,
    ///   `invalidConfidence` outside (0, 1), `tooFewPoints` below 4 values, `nonFiniteValue`,
    ///   `noUsableModel` when every candidate is excluded.
    public static func select(_ values: [Double], options: Options) throws(ForecastError) -> ForecastModelSelection {
        let n = values.count
        guard options.horizon >= 1, options.horizon <= maximumHorizon(count: n) else {
            throw ForecastError(
                .invalidHorizon, expected: "a horizon from 1 to \(maximumHorizon(count: n)) samples",
                got: "\(options.horizon)")
        }
        guard options.confidenceLevel > 0, options.confidenceLevel < 1 else {
            throw ForecastError(
                .invalidConfidence, expected: "a confidence level in (0, 1)", got: "\(options.confidenceLevel)")
        }
        guard n >= 4 else { throw ForecastError(.tooFewPoints, expected: "at least 4 values", got: "\(n)") }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw ForecastError(.nonFiniteValue, expected: "finite values", got: "\(values[index]) at index \(index)")
        }
        var notes: [String] = []
        let low = values.min()!
        let high = values.max()!
        if low == high { notes.append("constant series: every model forecasts \(low) with a zero-width interval") }
        let backtestHorizon = min(options.horizon, max(1, n / 5))
        if backtestHorizon < options.horizon {
            notes.append(
                "backtests hold out \(backtestHorizon) values (a fifth of the series), fewer than the horizon")
        }
        let seasons: [Int]
        if let given = options.periods {
            seasons = given.filter { $0 >= 2 }
        } else {
            seasons = SeasonalityDetector.seasons(values, maxPeriod: options.maxPeriod).map(\.length)
        }
        let primary = seasons.first ?? 1
        var specifications: [ForecasterSpecification] = []
        for kind in options.kinds {
            if kind.isSeasonal {
                for m in seasons { specifications.append(ForecasterSpecification(kind, period: m)) }
                if kind == .seasonalNaive { specifications.append(ForecasterSpecification(kind, period: 1)) }
            } else {
                specifications.append(ForecasterSpecification(kind))
            }
        }
        var evaluations: [Evaluation] = []
        var exclusions: [Exclusion] = []
        for specification in specifications {
            switch evaluate(
                specification, values: values, backtestHorizon: backtestHorizon, options: options,
                scalePeriod: primary)
            {
            case .scored(let evaluation): evaluations.append(evaluation)
            case .excluded(let exclusion): exclusions.append(exclusion)
            }
        }
        for m in seasons where n < 2 * m + backtestHorizon {
            notes.append(
                "too few points for a season of \(m) (Holt–Winters needs \(2 * m) plus \(backtestHorizon) held out, "
                    + "got \(n)): fell back to non-seasonal models")
        }
        let order = Dictionary(uniqueKeysWithValues: ForecasterKind.allCases.enumerated().map { ($1, $0) })
        evaluations.sort {
            if $0.meanAbsoluteScaledError != $1.meanAbsoluteScaledError {
                return $0.meanAbsoluteScaledError < $1.meanAbsoluteScaledError
            }
            return order[$0.specification.kind]! < order[$1.specification.kind]!
        }
        guard !evaluations.isEmpty else {
            throw ForecastError(
                .noUsableModel, expected: "at least one model that fits",
                got: exclusions.map { "\($0.specification): \($0.reason)" }.joined(separator: "; "))
        }
        return ForecastModelSelection(
            evaluations: evaluations, exclusions: exclusions, seasons: seasons, backtestHorizon: backtestHorizon,
            notes: notes)
    }

    /// A candidate's fate.
    enum Outcome {
        case scored(Evaluation)
        case excluded(Exclusion)
    }

    /// The backtests of one candidate, plus a check of its forecast over the full horizon.
    static func evaluate(
        _ specification: ForecasterSpecification, values: [Double], backtestHorizon: Int, options: Options,
        scalePeriod: Int
    ) -> Outcome {
        let n = values.count
        var maseSum = 0.0
        var smapeSum = 0.0
        var coveredCount = 0
        var heldOut = 0
        var folds = 0
        var standardizedErrors: [Double] = []
        for fold in 0..<max(options.folds, 1) {
            let origin = n - backtestHorizon * (fold + 1)
            guard origin >= specification.minimumCount else { break }
            let training = Array(values[..<origin])
            let actual = Array(values[origin..<(origin + backtestHorizon)])
            let model: any FittedForecaster
            do {
                model = try specification.fit(training)
            } catch {
                return .excluded(Exclusion(specification: specification, reason: error.description))
            }
            let forecast = model.forecast(horizon: backtestHorizon, confidenceLevel: options.confidenceLevel)
            if let reason = blownUp(forecast.mean, reference: training, factor: options.explosionFactor) {
                return .excluded(
                    Exclusion(specification: specification, reason: "backtest at origin \(origin): \(reason)"))
            }
            let scale = ForecastAccuracy.naiveScale(training, period: scalePeriod)
            maseSum += ForecastAccuracy.meanAbsoluteScaledError(actual: actual, forecast: forecast.mean, scale: scale)
            smapeSum += ForecastAccuracy.symmetricMeanAbsolutePercentageError(actual: actual, forecast: forecast.mean)
            coveredCount += ForecastAccuracy.covered(actual: actual, lower: forecast.lower, upper: forecast.upper)
            for (step, variance) in model.forecastVariance(horizon: backtestHorizon).enumerated() where variance > 0 {
                standardizedErrors.append(abs(actual[step] - forecast.mean[step]) / variance.squareRoot())
            }
            heldOut += actual.count
            folds += 1
        }
        guard folds > 0 else {
            return .excluded(
                Exclusion(
                    specification: specification,
                    reason:
                        "too few points: needs \(specification.minimumCount + backtestHorizon) for one backtest, got \(n)"
                ))
        }
        do {
            let final = try specification.fit(values)
            if let reason = blownUp(
                final.pointForecast(horizon: options.horizon), reference: values, factor: options.explosionFactor)
            {
                return .excluded(Exclusion(specification: specification, reason: "forecast: \(reason)"))
            }
        } catch {
            return .excluded(Exclusion(specification: specification, reason: error.description))
        }
        return .scored(
            Evaluation(
                specification: specification, meanAbsoluteScaledError: maseSum / Double(folds),
                symmetricMAPE: smapeSum / Double(folds), coverage: Double(coveredCount) / Double(heldOut),
                folds: folds,
                intervalScale: calibration(standardizedErrors, confidenceLevel: options.confidenceLevel)))
    }

    /// max(1, q/z): q the `confidenceLevel` empirical quantile of |error|/σₕ, z the normal one. 1 with
    /// fewer than 10 errors.
    static func calibration(_ standardizedErrors: [Double], confidenceLevel: Double) -> Double {
        guard standardizedErrors.count >= 10 else { return 1 }
        let sorted = standardizedErrors.sorted()
        let rank = Int((confidenceLevel * Double(sorted.count)).rounded(.up)) - 1
        let q = sorted[min(max(rank, 0), sorted.count - 1)]
        let z = NormalDistribution.quantile((1 + confidenceLevel) / 2)
        return q.isFinite ? max(1, q / z) : 1
    }

    /// Fits the best model to all of `values` and forecasts `horizon` steps, its intervals widened by the
    /// backtests' ``Evaluation/intervalScale``.
    public func forecast(_ values: [Double], horizon: Int, confidenceLevel: Double) throws(ForecastError)
        -> (model: any FittedForecaster, forecast: Forecast)
    {
        let model = try best.specification.fit(values)
        let scale = best.intervalScale
        let forecast = Forecast(
            mean: model.pointForecast(horizon: horizon),
            variance: model.forecastVariance(horizon: horizon).map { $0 * scale * scale },
            confidenceLevel: confidenceLevel)
        return (model, forecast)
    }

    /// Why `forecast` counts as blown up against `reference`'s range, or nil.
    static func blownUp(_ forecast: [Double], reference: [Double], factor: Double) -> String? {
        let low = reference.min() ?? 0
        let high = reference.max() ?? 0
        let range = high > low ? high - low : max(abs(high), 1)
        let bounds = (low - factor * range)...(high + factor * range)
        for (step, value) in forecast.enumerated() where !value.isFinite || !bounds.contains(value) {
            return "blew up: step \(step + 1) is \(value), outside the series' range ± \(factor) ranges"
        }
        return nil
    }
}
