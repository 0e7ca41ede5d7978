/// An exponentially weighted moving mean and variance, scoring each sample by how many standard
/// deviations it lies from the mean predicted before it arrived.
///
/// Recurrences (West 1979 / Finch 2009), with `d = x - mean`:
/// `mean ← mean + α·d`, `variance ← (1 - α)·(variance + α·d²)`.
/// Once a variance exists, `d` is winsorized to `±clamp·σ` in both updates, so that one outlier moves
/// the mean by at most `α·clamp·σ` and cannot inflate the variance for hundreds of samples. The variance is kept as σ and updated
/// through `d/σ`, so values near `Double.greatestFiniteMagnitude` do not overflow when squared.
///
/// - Complexity: O(1) time and memory per sample.
public struct EWMADetector: Sendable {
    /// The smoothing factor α in (0, 1]; the default 0.05 is a memory of about 1/α = 20 samples.
    public let alpha: Double
    /// Deviations beyond `clamp` standard deviations are clipped in the updates (default 4).
    public let clamp: Double
    /// The current weighted mean; nil before the first sample.
    public private(set) var mean: Double?
    /// The current weighted standard deviation (0 until two distinct samples).
    public private(set) var standardDeviation: Double = 0

    /// - Parameters:
    ///   - alpha: smoothing factor in (0, 1] (default 0.05), clamped into that range.
    ///   - clamp: winsorization limit in standard deviations (default 4).
    public init(alpha: Double = 0.05, clamp: Double = 4) {
        self.alpha = min(1, max(Double.leastNormalMagnitude, alpha))
        self.clamp = clamp
    }

    /// The number of standard deviations between `value` and the mean before it; 0 for the first
    /// sample. `floor` is the smallest σ to divide by (the column passes its noise floor).
    public func zScore(_ value: Double, floor: Double = 0) -> Double {
        guard let mean else { return 0 }
        let sigma = max(standardDeviation, floor)
        let deviation = abs(value - mean)
        if sigma > 0 { return deviation / sigma }
        return deviation > 0 ? .infinity : 0
    }

    /// Folds a finite value into the mean and variance.
    public mutating func update(_ value: Double) {
        guard let current = mean else {
            mean = value
            return
        }
        var deviation = value - current
        guard deviation.isFinite else { return }
        let sigma = standardDeviation
        if sigma > 0 {
            let limit = clamp * sigma
            deviation = min(limit, max(-limit, deviation))
            let ratio = deviation / sigma
            standardDeviation = sigma * ((1 - alpha) * (1 + alpha * ratio * ratio)).squareRoot()
        } else {
            standardDeviation = ((1 - alpha) * alpha).squareRoot() * abs(deviation)
        }
        mean = current + alpha * deviation
    }

    /// Moves the mean to `level` (after a confirmed level shift), keeping the variance.
    public mutating func recenter(at level: Double) {
        mean = level
    }
}
