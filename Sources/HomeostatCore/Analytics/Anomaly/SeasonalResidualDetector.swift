/// Scores each sample by its distance from a seasonal forecast, using the period the series itself
/// shows.
///
/// The detector keeps the last `historyCapacity` samples and asks ``PeriodDetector`` for the dominant
/// period at 96, 192, 384 and 768 samples and then every `recomputeInterval` samples. With a period
/// P, it runs an additive Holt–Winters model without trend: a level `ℓ` and one seasonal offset `sₚ`
/// per phase p; the forecast is `ℓ + sₚ`, and the score is `|x - forecast| / σ`, σ being an EWMA
/// standard deviation of the forecast residuals. The model is updated with the residual winsorized
/// at `clamp·σ` (`ℓ ← ℓ + α·(x - sₚ - ℓ)`, `sₚ ← sₚ + γ·(x - ℓ - sₚ)`), so that an anomaly is not
/// learnt as the new season at once. When a period is first found or changes, level and offsets are
/// re-estimated from the history (per-phase means), so the model starts warm. Without a period the
/// score is 0.
///
/// Phases count sampling intervals, not samples: a gap of `steps` intervals advances the phase by
/// `steps`, so the season stays aligned across missing samples.
///
/// - Complexity: O(1) per sample plus the period detection's O(n·maxLag) every `recomputeInterval`
///   samples (about 400 multiply–adds per sample amortized at the defaults); O(historyCapacity + P)
///   memory.
public struct SeasonalResidualDetector: Sendable {
    /// The number of recent samples period detection looks at (default 1024).
    public let historyCapacity: Int
    /// The longest period considered, in samples (default 400, capped at half the history).
    public let maxPeriod: Int
    /// Samples between period detections after the first ones (default 1024).
    public let recomputeInterval: Int
    /// Shifts the periodic detections to samples where `(seen - recomputePhase) % recomputeInterval == 0`
    /// (default 0), so that many detectors created together do not all detect in the same cycle. The
    /// early detections (96, 192, 384, 768) are not shifted, and none comes before `recomputeInterval`.
    public let recomputePhase: Int
    /// Level smoothing α (default 0.1), seasonal smoothing γ (default 0.2), residual σ smoothing
    /// (default 0.02) and the winsorization limit in σ (default 4).
    public let alpha: Double
    public let gamma: Double
    public let residualAlpha: Double
    public let clamp: Double
    /// The period in use, in sampling intervals; nil until one is found.
    public private(set) var period: PeriodDetector.Period?
    /// How many period detections in a row agreed with the one before (lengths within a tenth of each
    /// other, or no period twice); 0 before the second detection and after a disagreement.
    public private(set) var agreeingDetections = 0
    /// The seasonal model has settled: two consecutive period detections agreed (at the earliest after
    /// the detection at sample 192, and at the latest — on a series whose period keeps moving — never). Before that, deseasonalized values can still be shifted by a
    /// period about to change, and level statistics over them are not trustworthy.
    public var isSettled: Bool { agreeingDetections >= 1 }
    private var detections = 0
    private var values: [Double] = []
    private var phases: [Int] = []
    private var next = 0
    private var seen = 0
    private var step = 0
    private var level = 0.0
    private var offsets: [Double] = []
    private var residualSigma = 0.0

    public init(
        historyCapacity: Int = 1024, maxPeriod: Int = 400, recomputeInterval: Int = 1024, recomputePhase: Int = 0,
        alpha: Double = 0.1, gamma: Double = 0.2, residualAlpha: Double = 0.02, clamp: Double = 4
    ) {
        self.historyCapacity = max(8, historyCapacity)
        self.maxPeriod = max(2, min(maxPeriod, self.historyCapacity / 2))
        self.recomputeInterval = max(1, recomputeInterval)
        self.recomputePhase = max(0, recomputePhase) % self.recomputeInterval
        self.alpha = alpha
        self.gamma = gamma
        self.residualAlpha = residualAlpha
        self.clamp = clamp
        values.reserveCapacity(self.historyCapacity)
        phases.reserveCapacity(self.historyCapacity)
    }

    /// What one observation found.
    public struct Observation: Sendable, Equatable {
        /// |residual| / σ; 0 without a period, +∞ when the residual overflows.
        public var score: Double
        /// The seasonal offset of this sample's phase before learning from it (0 without a period):
        /// `value - offset` is the deseasonalized value.
        public var offset: Double
        /// The period was found, changed or lost after this sample: offsets from the next sample on
        /// differ from those before (see ``deseasonalizedHistory(last:)``).
        public var periodChanged: Bool
        /// This sample's period detection agreed with the previous one for the first time since the
        /// last change: ``isSettled`` became true.
        public var settled = false
    }

    /// Scores `value` against the seasonal forecast (0 without a period), then learns from it.
    /// - Parameters:
    ///   - steps: sampling intervals since the previous sample (≥ 1).
    ///   - floor: the smallest σ to divide by (the column's noise floor).
    public mutating func observe(_ value: Double, steps: Int = 1, floor: Double = 0) -> Observation {
        if seen > 0 { step &+= max(1, steps) }
        remember(value)
        var observation = Observation(score: 0, offset: 0, periodChanged: false)
        if let period {
            let phase = step % period.length
            observation.offset = offsets[phase]
            let residual = value - level - offsets[phase]
            let sigma = max(residualSigma, floor)
            if !residual.isFinite {
                observation.score = .infinity
            } else {
                if sigma > 0 {
                    observation.score = abs(residual) / sigma
                } else {
                    observation.score = residual == 0 ? 0 : .infinity
                }
                learn(value, residual: residual, phase: phase)
            }
        }
        let periodic = seen >= recomputeInterval && (seen - recomputePhase) % recomputeInterval == 0
        if seen == 96 || seen == 192 || seen == 384 || seen == 768 || periodic {
            let before = period?.length
            redetect()
            observation.periodChanged = period?.length != before
            detections += 1
            if detections == 1 || !Self.agree(before, period?.length) {
                agreeingDetections = 0
            } else {
                agreeingDetections += 1
                observation.settled = agreeingDetections == 1
            }
        }
        return observation
    }

    /// Two detections agree when both found no period or their periods differ by at most a tenth (at
    /// least 2 samples): the refinement's own search range, within which noise moves the estimate.
    public static func agree(_ a: Int?, _ b: Int?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= max(2, max(a, b) / 10)
    }

    /// The last `count` samples (fewer if fewer were seen), oldest first, minus the current seasonal
    /// offset of their phase (unchanged without a period).
    public func deseasonalizedHistory(last count: Int) -> [Double] {
        let n = min(count, values.count)
        var result: [Double] = []
        result.reserveCapacity(n)
        for back in stride(from: n, to: 0, by: -1) {
            let index = (next - back + values.count) % values.count
            let offset = period.map { offsets[phases[index] % $0.length] } ?? 0
            result.append(values[index] - offset)
        }
        return result
    }

    private mutating func remember(_ value: Double) {
        seen += 1
        if values.count < historyCapacity {
            values.append(value)
            phases.append(step)
        } else {
            values[next] = value
            phases[next] = step
            next = (next + 1) % historyCapacity
        }
    }

    private mutating func learn(_ value: Double, residual: Double, phase: Int) {
        var clipped = residual
        if residualSigma > 0 {
            let limit = clamp * residualSigma
            clipped = min(limit, max(-limit, residual))
            let ratio = clipped / residualSigma
            residualSigma *= ((1 - residualAlpha) * (1 + residualAlpha * ratio * ratio)).squareRoot()
        } else {
            residualSigma = abs(residual) * residualAlpha.squareRoot()
        }
        // The clipped value the model sees in place of `value`.
        let seenValue = value - residual + clipped
        level += alpha * (seenValue - offsets[phase] - level)
        offsets[phase] += gamma * (seenValue - level - offsets[phase])
    }

    /// Runs period detection on the history; on a new period, re-estimates the model from it.
    private mutating func redetect() {
        let ordered = Array(values[next...] + values[..<next])
        let orderedPhases = Array(phases[next...] + phases[..<next])
        guard let found = PeriodDetector.detect(ordered, maxLag: maxPeriod) else {
            period = nil
            return
        }
        if found.length == period?.length {
            period = found
            return
        }
        period = found
        let p = found.length
        var sums = [Double](repeating: 0, count: p)
        var counts = [Int](repeating: 0, count: p)
        var mean = 0.0
        for x in ordered { mean += x / Double(ordered.count) }
        for (x, s) in zip(ordered, orderedPhases) {
            sums[s % p] += x - mean
            counts[s % p] += 1
        }
        offsets = (0..<p).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 }
        level = mean
        // σ of the residuals of this fit over the history.
        var squares = 0.0
        var largest = 0.0
        for (x, s) in zip(ordered, orderedPhases) { largest = max(largest, abs(x - mean - offsets[s % p])) }
        if largest > 0 {
            for (x, s) in zip(ordered, orderedPhases) {
                let r = (x - mean - offsets[s % p]) / largest
                squares += r * r
            }
            residualSigma = largest * (squares / Double(ordered.count)).squareRoot()
        } else {
            residualSigma = 0
        }
    }
}
