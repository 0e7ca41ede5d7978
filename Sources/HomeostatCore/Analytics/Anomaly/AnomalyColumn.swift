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
/// **CUSUM.** The column runs its CUSUM with h = 16 on the level sums and 20 on the spread sum (the
/// detector's default is 8): the residual of a learnt season is not independent noise, and at h = 8
/// clean synthetic series raised about 40 false alarms per 10,000 samples, at 12 about 3. The sums use
/// a slow σ (a running mean, then an EWMA with α = 0.01, of the rolling robust σ, which dips in calm
/// stretches) and, for the level, the long-run σ·√((1+ρ)/(1-ρ)) with ρ the lag-1 autocorrelation of
/// the deseasonalized deviations (EWMA estimate, clamped to [0, 0.8]). Four rules keep one change from raising several
/// alarms and the wander of the level from raising any:
/// - *settling*: the CUSUM learns but does not vote until two consecutive period detections agree
///   (``SeasonalResidualDetector/isSettled``, at sample 192 at the earliest), and restarts then —
///   before, the deseasonalized level moves whenever the period estimate does;
/// - *minimum shift*: a level alarm is reported only when its new level is at least
///   `cusumMinimumShift` σ (default 2) from a baseline — the last reported level, forgetting toward
///   the CUSUM's reference with a memory of `cusumBaselineMemory` samples (default 512). A smaller
///   alarm (the wander of the level) re-centres the CUSUM silently; a creeping drift whose every alarm
///   is small is still reported once it has moved the level far enough;
/// - *hold*: after a level alarm the CUSUM stops accumulating for `cusumHold` samples (default 32) and
///   restarts at their mean, a better estimate of the new level than the alarm's;
/// - *drift refractory*: within `cusumRefractory` samples (default 256) of a detection the CUSUM led,
///   its evidence is damped by `refractoryDamping`, so a continuing drift is one alarm.
///
/// **One event, one alarm.** For `refractory` samples (default 64) after a detection, a new run of
/// detections needs stronger evidence: the effective sensitivity is multiplied by `refractoryDamping`
/// (default 0.7, so a lone detector needs 1/0.7 ≈ 1.43 times its threshold). The same damping applies
/// while the seasonal model has not settled. A detected sample is rejected as the rate detector's
/// base, so the return from a spike is compared with the sample before the spike and is no second
/// alarm. With these rules, clean synthetic series raise about 0.2 false detections per 10,000 samples
/// (BENCHMARKS.md §6).
///
/// **Habituation** (optional, `Configuration.habituation`): a deviation to a level the series has
/// visited often over the last hours is damped toward 0 (see ``Habituation``), so recurring bursts
/// stop being flagged once they are the series' normal, while levels never seen keep their score.
/// The memory holds raw values (not deseasonalized: offsets change whenever the period estimate
/// does), so a seasonality break to a familiar level is damped too — which is why `homeostat detect`
/// leaves it off and the agent, whose host metrics are mostly bursty rather than seasonal, turns it on.
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
        /// 5, rate 4.5 — a difference of AR(1) noise with φ = 0.6 has 0.89 σ, and 6 missed spikes of
        /// 6 σ) and, for the CUSUM, in multiples of its decision interval h (default 1).
        public var medianThreshold = 5.0
        public var ewmaThreshold = 5.5
        public var seasonalThreshold = 5.0
        public var cusumThreshold = 1.0
        public var rateThreshold = 4.5
        /// Gaps longer than this many sampling intervals break the rate detector's continuity (default 10).
        public var maxGapSteps = 10
        /// The CUSUM's decision interval h, in long-run σ (default 16; see CUSUM above), and that of its
        /// spread sum (default 20).
        public var cusumDecisionInterval = 16.0
        public var cusumSpreadDecisionInterval = 20.0
        /// The smallest CUSUM level-shift estimate, in the CUSUM's σ, reported as an alarm (default 2);
        /// smaller ones re-centre the CUSUM silently (see CUSUM above).
        public var cusumMinimumShift = 2.0
        /// Samples after a CUSUM level alarm during which the CUSUM does not accumulate but estimates
        /// the new level as their mean, then restarts there (default 32).
        public var cusumHold = 32
        /// Samples after the end of a detection run during which a new run needs stronger evidence: the
        /// effective sensitivity is multiplied by `refractoryDamping` (defaults 64 and 0.7). One event is
        /// one alarm; the detectors re-learn the series after an anomaly, and their first samples after
        /// it are not independent evidence.
        public var refractory = 64
        public var refractoryDamping = 0.7
        /// The factor on the effective sensitivity while the seasonal model has not settled (default 0.7).
        public var unsettledDamping = 0.7
        /// Samples after a detection the CUSUM led during which the CUSUM's own evidence is damped by
        /// `refractoryDamping` (default 256): a continuing drift is one event, not an alarm every
        /// hundred samples.
        public var cusumRefractory = 256
        /// The memory, in samples, of the baseline a CUSUM level alarm's shift is measured from
        /// (default 512; see CUSUM above).
        public var cusumBaselineMemory = 512
        /// The smallest σ every detector uses, in the series' own unit (default 0: none). A change
        /// smaller than this is never news however calm the series was: the agent sets it for ratios
        /// (0.005, half a percentage point), whose near-zero shares jump between a few quantized values.
        public var minimumSigma = 0.0
        /// The smallest σ as a fraction of the series' typical magnitude, a slow mean of |value|
        /// (EWMA, α = 0.01; default 0: none). The agent sets it for byte gauges (0.002) and rates
        /// (0.05), whose MAD is 0 in quiet stretches, so that a page-cache step or a burst on an idle
        /// disk is measured against the series' scale rather than its last quiet minute.
        public var relativeSigmaFloor = 0.0
        /// A long memory of the series' values that damps deviations to levels it visits regularly
        /// (default nil: off, as `homeostat detect` scores; the agent turns it on). See ``Habituation``.
        public var habituation: Habituation.Configuration?
        /// Offsets the seasonal detector's periodic period detections (every 1,024 samples) by this many
        /// samples (default 0). The agent gives each column its own, so that columns created in the
        /// same cycle do not all run period detection in the same later cycle.
        public var periodDetectionPhase = 0

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
    private var cusum: CUSUMDetector
    /// Samples left in the CUSUM's hold after a level alarm, and the sum of the values seen in it.
    private var cusumHoldLeft = 0
    private var cusumHoldSum = 0.0
    /// The level the CUSUM last reported (or restarted at): the baseline of `cusumMinimumShift`.
    private var reportedLevel: Double?
    /// A slow EWMA of the robust σ, the CUSUM's σ: the 64-sample MAD dips in calm stretches, and a
    /// CUSUM standardized by a dipping σ accumulates false evidence.
    private var slowSigma = 0.0
    private var slowSigmaSamples = 0
    private static let slowSigmaAlpha = 0.01
    /// Samples since the last detection (score ≥ 0.5); `Int.max` before the first.
    private var sinceDetection = Int.max
    /// Samples since the last detection whose strongest contribution was the CUSUM's.
    private var sinceCUSUMDetection = Int.max
    private var rate = RateOfChangeDetector()
    private var habituation: Habituation?
    private var resolution = Double.infinity
    /// Slow mean of |value| (EWMA, α = 0.01), the scale `relativeSigmaFloor` applies to.
    private var magnitude: Double?
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
        cusum = CUSUMDetector(
            threshold: configuration.cusumDecisionInterval, spreadThreshold: configuration.cusumSpreadDecisionInterval)
        window = RollingMedianMAD(capacity: configuration.medianWindow)
        ewma = EWMADetector(alpha: configuration.ewmaAlpha)
        seasonal = SeasonalResidualDetector(
            maxPeriod: configuration.maxPeriod, recomputePhase: configuration.periodDetectionPhase)
        habituation = configuration.habituation.map(Habituation.init)
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
        if sinceDetection < Int.max { sinceDetection += 1 }
        if sinceCUSUMDetection < Int.max { sinceCUSUMDetection += 1 }
        if let previousValue, previousValue != value {
            let change = abs(value - previousValue)
            if change.isFinite { resolution = min(resolution, change) }
        }
        previousValue = value
        magnitude = magnitude.map { $0 + 0.01 * (abs(value) - $0) } ?? abs(value)
        let configuredFloor = max(
            configuration.minimumSigma, configuration.relativeSigmaFloor * (magnitude ?? 0))

        // The seasonal model runs even when its score is not used: it deseasonalizes the input of the
        // other detectors, which would otherwise see every peak and trough of the season as a change.
        let seasonalObservation = seasonal.observe(
            value, steps: steps, floor: max(resolution.isFinite ? resolution : 0, configuredFloor))
        let x = value - seasonalObservation.offset

        let median = window.median
        var floor = max(abs(median) * 1e-9, Double.leastNormalMagnitude)
        if resolution.isFinite { floor = max(floor, resolution) }
        floor = max(floor, configuredFloor)
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
        // A running mean of the robust σ, then an EWMA: starting the EWMA from the first, near-empty
        // window's σ (the noise floor) would underestimate σ for hundreds of samples.
        if window.count >= 8, robustSigma.isFinite {
            slowSigmaSamples += 1
            let weight = max(Self.slowSigmaAlpha, 1 / Double(slowSigmaSamples))
            slowSigma += weight * (robustSigma - slowSigma)
        }
        let cusumSigma = max(slowSigma, robustSigma.isFinite ? floor : robustSigma)
        var cusumStatistic = 0.0
        var newLevel: Double?
        if cusumHoldLeft > 0 {
            // After a level alarm the CUSUM's estimate of the new level is rough (it averages the
            // transition); accumulating against it would raise a second alarm for the same shift.
            cusumHoldSum += x
            cusumHoldLeft -= 1
            if cusumHoldLeft == 0 { cusum.restart(at: cusumHoldSum / Double(configuration.cusumHold)) }
        } else {
            if let reference = cusum.reference {
                // The baseline forgets with a memory of `cusumBaselineMemory` samples, so that the
                // slow wander of a level over thousands of samples is not reported as one shift.
                let memory = Double(max(1, configuration.cusumBaselineMemory))
                reportedLevel = reportedLevel.map { $0 + (reference - $0) / memory } ?? reference
            }
            let outcome = cusum.observe(
                x, sigma: cusumSigma, levelSigma: cusumSigma * ((1 + rho) / (1 - rho)).squareRoot(),
                spreadScale: ((1 + rho * rho) / (1 - rho * rho)).squareRoot())
            // An alarm is a change, and one of at least `cusumMinimumShift` σ a confirmed one: at least
            // 1.25 thresholds (0.9 at sensitivity 1). A smaller estimated shift is the wander of the
            // level (a random walk, a season re-learnt), which the CUSUM follows but does not report.
            if let newLevel = outcome.newLevel {
                // Measured from the last reported level, so that a creeping drift whose every alarm is
                // small is reported once it has moved the level far enough in total.
                let baseline = reportedLevel ?? newLevel
                if abs(newLevel - baseline) / cusumSigma >= configuration.cusumMinimumShift {
                    cusumStatistic = max(1.25, outcome.statistic)
                    reportedLevel = newLevel
                } else {
                    cusumStatistic = 0
                }
            } else {
                cusumStatistic = outcome.statistic
            }
            newLevel = outcome.newLevel
            if newLevel != nil, configuration.cusumHold > 0 {
                cusumHoldLeft = configuration.cusumHold
                cusumHoldSum = 0
            }
        }
        // Until two period detections agree, the deseasonalized level is not trustworthy: the CUSUM
        // learns but does not vote.
        if useCUSUM, seasonal.isSettled { statistics.cusum = cusumStatistic }
        window.append(x)
        ewma.update(x)
        if let newLevel { ewma.recenter(at: newLevel) }
        if seasonalObservation.periodChanged {
            relearnDeseasonalized()
        } else if seasonalObservation.settled {
            restartCUSUM()
        }

        if count <= configuration.warmUp {
            habituation?.record(value)
            return .zero(.warmingUp)
        }
        // A new run within `refractory` samples of the last detection needs stronger evidence; the
        // sample right after a detection continues the run and is not damped.
        var damping =
            sinceDetection >= 2 && sinceDetection <= configuration.refractory ? configuration.refractoryDamping : 1
        if !seasonal.isSettled { damping = min(damping, configuration.unsettledDamping) }
        // A drift keeps the CUSUM alarming as it goes on: within `cusumRefractory` samples of a
        // detection the CUSUM led, its own evidence is damped too (the other detectors are not).
        let cusumDamping =
            sinceCUSUMDetection >= 2 && sinceCUSUMDetection <= configuration.cusumRefractory
            ? min(damping, configuration.refractoryDamping) : damping
        var score = combine(statistics, damping: damping, cusumDamping: cusumDamping)
        if let memory = habituation {
            // Only deviations near detection consult the memory (its tail sum is O(buckets)).
            if score.value >= 0.25 {
                let factor = memory.multiplier(for: value, upward: x >= median)
                if factor < 1 { score = score.scaled(by: factor) }
            }
            habituation?.record(value)
        }
        if score.value >= 0.5 {
            sinceDetection = 0
            if score.contributions.strongest == .cusum { sinceCUSUMDetection = 0 }
            // An outlier is not the base of the next change: the sample after a spike is compared
            // with the one before it, so the return from a spike is not a second alarm.
            rate.rejectPrevious()
        }
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
        restartCUSUM()
        lagProduct = 0
        deviationSquare = 0
        previousDeviation = 0
    }

    /// A fresh CUSUM at the current median, out of any hold.
    private mutating func restartCUSUM() {
        cusum = CUSUMDetector(
            threshold: configuration.cusumDecisionInterval, spreadThreshold: configuration.cusumSpreadDecisionInterval)
        cusum.restart(at: window.median)
        reportedLevel = window.median
        cusumHoldLeft = 0
        cusumHoldSum = 0
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
    private func combine(_ statistics: Contributions, damping: Double, cusumDamping: Double) -> AnomalyScore {
        let sensitivity = sensitivity * damping
        let effective = sensitivity / noiseFactor
        var contributions = Contributions()
        contributions.median = Self.calibrate(statistics.median * effective / configuration.medianThreshold)
        contributions.ewma = Self.calibrate(statistics.ewma * effective / configuration.ewmaThreshold)
        contributions.seasonal = Self.calibrate(statistics.seasonal * effective / configuration.seasonalThreshold)
        // The CUSUM's false-alarm rate is set by h and the autocorrelation correction, not by tails.
        contributions.cusum = Self.calibrate(
            statistics.cusum * self.sensitivity * cusumDamping / configuration.cusumThreshold)
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
