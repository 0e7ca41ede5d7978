import Foundation

/// One series' anomaly detector: an ensemble of online detectors whose calibrated scores are combined
/// into one anomaly score in [0, 1] per sample.
///
/// Per sample, each enabled detector yields a statistic in noise standard deviations (`z`): the robust
/// z-score over a rolling median/MAD, the EWMA z-score, the seasonal forecast residual, the CUSUM sum
/// over its threshold, and the rate of change. Each is calibrated to [0, 1] by a logistic around its
/// threshold τ: `cᵢ = 1 / (1 + exp(-8.79·(zᵢ·s/τᵢ - 1)))`, where s is the effective sensitivity — a
/// detector exactly at its threshold gives 0.5, at 75 % of it 0.1. The column score is the noisy-OR
/// `1 - Π(1 - cᵢ)`, so one detector far past its threshold or two near it (a vote) flag the sample.
///
/// **Sensitivity** s = `sensitivity / noiseFactor` (for the CUSUM, `sensitivity` alone; a CUSUM alarm
/// counts as 1.25 times its threshold). `sensitivity` (default 1) is moved by feedback,
/// within `Configuration.sensitivityRange` (default 0.5…2): ``markFalsePositive()`` multiplies it by
/// 0.85, ``markTruePositive()`` by 1.05. `noiseFactor` in [1, 2] adapts to the series' own tails: it
/// follows the rate of robust z-scores between 3 and the threshold (which normal noise produces 0.27 %
/// of the time) as `(rate / 0.0027)^(1/3)`, learnt only from samples not flagged, so heavy-tailed series
/// raise their thresholds by up to 2× while anomalies do not desensitize the column.
///
/// **Noise floor.** Every σ is at least the series' resolution (the smallest non-zero change seen
/// between consecutive samples) and 10⁻⁹·|median|, so a quantized or long-constant series does not
/// divide by zero; a truly constant series scores 0.
///
/// **Warm-up.** The first `warmUp` finite samples (default 96) score 0 while the detectors learn.
///
/// **CUSUM.** The column runs its CUSUM with h = 12 (not the detector's default 8): real series' noise
/// is not independent, and at h = 8 clean synthetic series raised about 40 false alarms per 10,000
/// samples. The CUSUM's level sums use the long-run σ, σ·√((1+ρ)/(1-ρ)) with ρ the lag-1
/// autocorrelation of the deseasonalized deviations (EWMA estimate, clamped to [0, 0.8]).
///
/// **NaN and ±infinity** are skipped: score 0, status ``AnomalyScore/Status/skippedNonFinite``, no state
/// change. A finite value whose difference from the running level overflows scores 1.
///
/// **Gaps.** The sampling interval is the median of the first 15 positive timestamp differences. A
/// later difference of d spans `steps = max(1, round(d / interval))` intervals: the seasonal phase
/// advances by `steps`, the rate of change is divided by `steps`, and after a gap of more than
/// `Configuration.maxGapSteps` intervals (default 10) the rate detector does not compare across it.
/// Non-increasing timestamps count as one interval. The median, EWMA and CUSUM detectors are indexed by
/// sample, not time.
///
/// **Level shifts.** When the CUSUM confirms a shift, the EWMA mean moves to the CUSUM's estimate of the
/// new level, so the EWMA detector stops flagging the new normal at once.
///
/// - Complexity: O(log w) per sample (w: median window, default 64) plus the seasonal detector's
///   amortized period detection; no allocation per sample outside period detection. About 1 KiB of
///   state plus 16 bytes per sample of seasonal history (16 KiB at the defaults).
public struct AnomalyColumn: Sendable {
    /// How a column is set up. Every default is the one `homeostat detect` uses.
    public struct Configuration: Sendable, Equatable {
        /// The detectors combined (default: all five).
        public var detectors: Set<AnomalyDetectorKind> = Set(AnomalyDetectorKind.allCases)
        /// The starting sensitivity (default 1); higher flags more. Clamped into `sensitivityRange`.
        public var sensitivity = 1.0
        /// The bounds feedback keeps the sensitivity in (default 0.5…2).
        public var sensitivityRange: ClosedRange<Double> = 0.5...2
        /// Finite samples that score 0 while the detectors learn (default 96: the first period detection
        /// happens at sample 96, and before it a season would look like a run of level changes).
        public var warmUp = 96
        /// Window of the rolling median/MAD, in samples (default 64).
        public var medianWindow = 64
        /// EWMA smoothing factor for the EWMA detector (default 0.05).
        public var ewmaAlpha = 0.05
        /// The longest seasonal period searched for, in samples (default 400, which covers a day of
        /// 5-minute samples).
        public var maxPeriod = 400
        /// Thresholds in σ at which a detector alone scores 0.5 (defaults: median 5, EWMA 5.5, seasonal
        /// 5, rate 6) and, for the CUSUM, in multiples of its decision interval h (default 1).
        public var medianThreshold = 5.0
        public var ewmaThreshold = 5.5
        public var seasonalThreshold = 5.0
        public var cusumThreshold = 1.0
        public var rateThreshold = 6.0
        /// Gaps longer than this many sampling intervals break the rate detector's continuity (default 10).
        public var maxGapSteps = 10

        public init() {}
    }

    public let configuration: Configuration
    /// The feedback-adjusted sensitivity, always within `configuration.sensitivityRange`.
    public var sensitivity: Double {
        didSet { sensitivity = Self.clamped(sensitivity, configuration.sensitivityRange) }
    }
    /// The adaptation to the series' own noise tails, in [1, 2]; the effective sensitivity is
    /// `sensitivity / noiseFactor`.
    public var noiseFactor: Double { min(2, max(1, Foundation.cbrt(tailRate / Self.normalTailRate))) }
    /// Finite samples observed.
    public private(set) var count = 0
    /// The sampling interval in timestamp units once known (see Gaps above).
    public private(set) var interval: Int64?

    private let useMedian: Bool
    private let useEWMA: Bool
    private let useSeasonal: Bool
    private let useCUSUM: Bool
    private let useRate: Bool
    private var window: RollingMedianMAD
    private var ewma: EWMADetector
    private var seasonal = SeasonalResidualDetector()
    private var cusum = CUSUMDetector(threshold: 12)
    private var rate = RateOfChangeDetector()
    private var resolution = Double.infinity
    private var previousValue: Double?
    private var previousTimestamp: Int64?
    private var intervalSamples: [Int64] = []
    private var tailRate = normalTailRate
    private var lagProduct = 0.0
    private var deviationSquare = 0.0
    private var previousDeviation = 0.0
    private static let correlationAlpha = 0.01

    /// The lag-1 autocorrelation of the (deseasonalized) series, clamped to [0, 0.8].
    public var autocorrelation: Double {
        deviationSquare > 0 ? min(0.8, max(0, lagProduct / deviationSquare)) : 0
    }

    private static let normalTailRate = 0.0027
    private static let tailAlpha = 0.002
    /// Logistic slope: ln 9 / 0.25, so that 75 % of a threshold maps to 0.1.
    private static let steepness = 8.788898309344878

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        sensitivity = Self.clamped(configuration.sensitivity, configuration.sensitivityRange)
        useMedian = configuration.detectors.contains(.median)
        useEWMA = configuration.detectors.contains(.ewma)
        useSeasonal = configuration.detectors.contains(.seasonal)
        useCUSUM = configuration.detectors.contains(.cusum)
        useRate = configuration.detectors.contains(.rate)
        window = RollingMedianMAD(capacity: configuration.medianWindow)
        ewma = EWMADetector(alpha: configuration.ewmaAlpha)
        seasonal = SeasonalResidualDetector(maxPeriod: configuration.maxPeriod)
        intervalSamples.reserveCapacity(15)
    }

    /// The period the seasonal detector uses, in samples, or nil.
    public var period: Int? { seasonal.period?.length }

    /// Scores one sample and learns from it.
    /// - Parameters:
    ///   - timestamp: the sample's time in any fixed unit (milliseconds for the agent); only differences
    ///     matter, for gap handling.
    ///   - value: the sample's value.
    public mutating func observe(timestamp: Int64, value: Double) -> AnomalyScore {
        guard value.isFinite else { return .zero(.skippedNonFinite) }
        let steps = advanceClock(to: timestamp)
        count += 1
        if let previousValue, previousValue != value {
            let change = abs(value - previousValue)
            if change.isFinite { resolution = min(resolution, change) }
        }
        previousValue = value

        // The seasonal model runs even when its score is not used: it deseasonalizes the input of the
        // other detectors, which would otherwise see every peak and trough of the season as a change.
        let seasonalObservation = seasonal.observe(value, steps: steps, floor: resolution.isFinite ? resolution : 0)
        let x = value - seasonalObservation.offset

        let median = window.median
        var floor = max(abs(median) * 1e-9, Double.leastNormalMagnitude)
        if resolution.isFinite { floor = max(floor, resolution) }
        let robustSigma = max(1.4826 * window.mad, floor)
        let robustZ = window.count > 0 ? abs(x - median) / robustSigma : 0

        var statistics = Contributions()
        if useMedian { statistics.median = robustZ }
        if useEWMA { statistics.ewma = ewma.zScore(x, floor: floor) }
        if useSeasonal { statistics.seasonal = seasonalObservation.score }
        if steps > configuration.maxGapSteps { rate.breakContinuity() }
        let rateScore = rate.observe(x, steps: steps, floor: floor)
        if useRate { statistics.rate = rateScore }
        // Lag-1 autocorrelation of the standardized deviations, for the CUSUM's long-run σ.
        let u = robustZ.isFinite ? min(4, max(-4, (x - median) / robustSigma)) : 0
        lagProduct += Self.correlationAlpha * (u * previousDeviation - lagProduct)
        deviationSquare += Self.correlationAlpha * (u * u - deviationSquare)
        previousDeviation = u
        let rho = autocorrelation
        let outcome = cusum.observe(
            x, sigma: robustSigma, levelSigma: robustSigma * ((1 + rho) / (1 - rho)).squareRoot(),
            spreadScale: ((1 + rho * rho) / (1 - rho * rho)).squareRoot())
        // An alarm is a confirmed change: at least 1.25 thresholds (0.9 at sensitivity 1).
        if useCUSUM { statistics.cusum = outcome.newLevel == nil ? outcome.statistic : max(1.25, outcome.statistic) }
        window.append(x)
        ewma.update(x)
        if let newLevel = outcome.newLevel { ewma.recenter(at: newLevel) }
        if seasonalObservation.periodChanged { relearnDeseasonalized() }

        if count <= configuration.warmUp { return .zero(.warmingUp) }
        let score = combine(statistics)
        if score.value < 0.5, robustZ.isFinite {
            let tail = robustZ > 3 && robustZ < configuration.medianThreshold ? 1.0 : 0.0
            tailRate += Self.tailAlpha * (tail - tailRate)
        }
        return score
    }

    /// After the seasonal offsets changed, replays the recent history, deseasonalized with the new
    /// offsets, into fresh median, EWMA, CUSUM and rate detectors, so that they do not compare values
    /// deseasonalized two different ways. O(w log w), only when the period changes.
    private mutating func relearnDeseasonalized() {
        let recent = seasonal.deseasonalizedHistory(last: configuration.medianWindow)
        window.removeAll()
        ewma = EWMADetector(alpha: configuration.ewmaAlpha)
        rate = RateOfChangeDetector()
        for x in recent {
            window.append(x)
            ewma.update(x)
            _ = rate.observe(x)
        }
        cusum = CUSUMDetector(threshold: 12)
        cusum.restart(at: window.median)
        lagProduct = 0
        deviationSquare = 0
        previousDeviation = 0
    }

    /// The last detection was wrong: lowers the sensitivity by 15 %, not below the range's lower bound.
    public mutating func markFalsePositive() {
        sensitivity *= 0.85
    }

    /// The last detection was right: raises the sensitivity by 5 %, not above the range's upper bound.
    public mutating func markTruePositive() {
        sensitivity *= 1.05
    }

    private typealias Contributions = AnomalyScore.Contributions

    /// Calibrates each statistic to [0, 1] and takes the noisy-OR.
    private func combine(_ statistics: Contributions) -> AnomalyScore {
        let effective = sensitivity / noiseFactor
        var contributions = Contributions()
        contributions.median = Self.calibrate(statistics.median * effective / configuration.medianThreshold)
        contributions.ewma = Self.calibrate(statistics.ewma * effective / configuration.ewmaThreshold)
        contributions.seasonal = Self.calibrate(statistics.seasonal * effective / configuration.seasonalThreshold)
        // The CUSUM's false-alarm rate is set by h and the autocorrelation correction, not by tails.
        contributions.cusum = Self.calibrate(statistics.cusum * sensitivity / configuration.cusumThreshold)
        contributions.rate = Self.calibrate(statistics.rate * effective / configuration.rateThreshold)
        let quiet =
            (1 - contributions.median) * (1 - contributions.ewma) * (1 - contributions.seasonal)
            * (1 - contributions.cusum) * (1 - contributions.rate)
        return AnomalyScore(value: min(1, max(0, 1 - quiet)), contributions: contributions)
    }

    /// `1 / (1 + exp(-8.79·(x - 1)))` for x ≥ 0.25, else 0; 1 for +∞, 0 for NaN.
    @inline(__always)
    private static func calibrate(_ ratio: Double) -> Double {
        guard ratio >= 0.25 else { return 0 }  // also NaN
        if ratio == .infinity { return 1 }
        return 1 / (1 + Foundation.exp(-steepness * (ratio - 1)))
    }

    /// Sampling intervals since the previous sample (see Gaps above).
    private mutating func advanceClock(to timestamp: Int64) -> Int {
        defer { previousTimestamp = timestamp }
        guard let previousTimestamp else { return 1 }
        let (delta, overflow) = timestamp.subtractingReportingOverflow(previousTimestamp)
        guard !overflow, delta > 0 else { return 1 }
        guard let interval else {
            intervalSamples.append(delta)
            if intervalSamples.count == 15 {
                intervalSamples.sort()
                interval = intervalSamples[7]
            }
            return 1
        }
        let steps = (Double(delta) / Double(interval)).rounded()
        return steps >= 1 ? Int(min(steps, 1_000_000)) : 1
    }

    private static func clamped(_ value: Double, _ range: ClosedRange<Double>) -> Double {
        value.isNaN ? range.lowerBound : min(range.upperBound, max(range.lowerBound, value))
    }
}
