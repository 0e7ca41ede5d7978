/// A two-sided tabular CUSUM (Page 1954) for shifts of the level, plus a one-sided CUSUM on the
/// spread for increases of the variance.
///
/// Each sample is standardized against the in-control reference level μ and the noise σ the caller
/// supplies: `z = (x - μ)/σ` for the spread and `zₗ = (x - μ)/σₗ` for the level, where σₗ is the
/// long-run σ (σ·√((1+ρ)/(1-ρ)) for lag-1 autocorrelation ρ: sums of correlated noise wander further,
/// and a CUSUM tuned for independent samples would raise false alarms every few hundred samples). Then
/// `S⁺ ← max(0, S⁺ + zₗ - k)`, `S⁻ ← max(0, S⁻ - zₗ - k)` and, for the spread,
/// `V ← max(0, V + (|z| - 0.798)/0.603 - k_v)` (|z| of a standard normal has mean 0.798 and standard
/// deviation 0.603); z and zₗ are first clipped to ±4. An alarm is raised when a level sum exceeds `h` or the spread sum its own threshold (default `h`). With the defaults k = 0.5, h = 8 the
/// in-control average run length of one side is about 19,000 samples (Siegmund's approximation);
/// a 2σ shift is found in about 6 samples.
///
/// μ starts at the first sample and follows the series with a slow EWMA only while all sums are zero
/// (no evidence of change), so a slow drift is still accumulated. On a level alarm μ moves to the new
/// level estimated as `μ + σ·(k + S⁺/N⁺)` (or `μ - σ·(k + S⁻/N⁻)`), where N is the number of samples
/// since the sum was last zero (Montgomery, *Introduction to Statistical Quality Control*, §9.1);
/// the sums restart at zero.
///
/// - Complexity: O(1) time and memory per sample.
public struct CUSUMDetector: Sendable {
    /// What an observation concluded.
    public struct Outcome: Sendable, Equatable {
        /// The largest of the level sums over `h` and the spread sum over its own h, before any reset: 1 at
        /// the alarm threshold.
        public var statistic: Double
        /// The new level after a level alarm on this sample, else nil.
        public var newLevel: Double?
    }

    /// The allowance k in σ (default 0.5: tuned to detect shifts of about 1σ quickest).
    public let allowance: Double
    /// The decision threshold h in σ (default 8).
    public let threshold: Double
    /// The allowance of the spread sum (default 0.75: |z| is skewed, so it needs more slack).
    public let spreadAllowance: Double
    /// The decision threshold of the spread sum (default: `threshold`).
    public let spreadThreshold: Double
    /// The in-control smoothing of μ (default 0.02).
    public let referenceAlpha: Double
    /// The in-control reference level; nil before the first sample.
    public private(set) var reference: Double?
    public private(set) var upper = 0.0
    public private(set) var lower = 0.0
    public private(set) var spread = 0.0
    private var upperRun = 0
    private var lowerRun = 0

    /// - Parameters:
    ///   - allowance: k, in standard deviations (default 0.5).
    ///   - threshold: h, in standard deviations (default 8).
    ///   - spreadAllowance: k of the spread sum (default 0.75).
    ///   - spreadThreshold: h of the spread sum (default nil: `threshold`).
    ///   - referenceAlpha: EWMA factor for the in-control level (default 0.02).
    public init(
        allowance: Double = 0.5, threshold: Double = 8, spreadAllowance: Double = 0.75,
        spreadThreshold: Double? = nil, referenceAlpha: Double = 0.02
    ) {
        self.allowance = allowance
        self.spreadAllowance = spreadAllowance
        self.threshold = max(Double.leastNormalMagnitude, threshold)
        self.spreadThreshold = max(Double.leastNormalMagnitude, spreadThreshold ?? threshold)
        self.referenceAlpha = referenceAlpha
    }

    /// Restarts at `level` as the in-control reference, with all sums zero.
    public mutating func restart(at level: Double) {
        reference = level
        upper = 0
        lower = 0
        spread = 0
        upperRun = 0
        lowerRun = 0
    }

    /// Folds one finite value into the sums.
    /// - Parameters:
    ///   - sigma: the noise σ (> 0), for the spread sum.
    ///   - levelSigma: the long-run σ (> 0) for the level sums; `sigma` when nil.
    ///   - spreadScale: the long-run factor of |z| (≥ 1; √((1+ρ²)/(1-ρ²)) for an AR(1) series): the
    ///     spread increment is divided by it. Default 1.
    public mutating func observe(
        _ value: Double, sigma: Double, levelSigma: Double? = nil, spreadScale: Double = 1
    ) -> Outcome {
        guard let mu = reference else {
            reference = value
            return Outcome(statistic: 0, newLevel: nil)
        }
        let levelScale = levelSigma ?? sigma
        // Winsorized at ±4, so that a single spike cannot bring a sum most of the way to h: a level
        // shift or a spread change has to persist.
        let z = min(4, max(-4, (value - mu) / sigma))
        let zLevel = min(4, max(-4, (value - mu) / levelScale))
        guard z.isFinite, zLevel.isFinite else { return Outcome(statistic: 0, newLevel: nil) }
        upper = max(0, upper + zLevel - allowance)
        lower = max(0, lower - zLevel - allowance)
        spread = max(0, spread + (abs(z) - 0.798) / (0.603 * spreadScale) - spreadAllowance)
        upperRun = upper > 0 ? upperRun + 1 : 0
        lowerRun = lower > 0 ? lowerRun + 1 : 0
        let statistic = max(max(upper, lower) / threshold, spread / spreadThreshold)
        var newLevel: Double?
        if upper > threshold || lower > threshold {
            if upper >= lower {
                newLevel = mu + levelScale * (allowance + upper / Double(upperRun))
            } else {
                newLevel = mu - levelScale * (allowance + lower / Double(lowerRun))
            }
            reference = newLevel
            upper = 0
            lower = 0
            spread = 0
            upperRun = 0
            lowerRun = 0
        } else if spread > spreadThreshold {
            spread = 0
        } else if upper == 0, lower == 0, spread == 0 {
            reference = mu + referenceAlpha * (value - mu)
        }
        return Outcome(statistic: statistic, newLevel: newLevel)
    }
}
