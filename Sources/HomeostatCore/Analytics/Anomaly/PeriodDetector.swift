/// Finds the dominant period of a series by autocorrelation over a bounded history.
///
/// The history (the last `historyCapacity` samples) is detrended by a least-squares line, then the
/// unbiased sample autocorrelation `r(k) = [Σ xᵢxᵢ₊ₖ / (n - k)] / [Σ xᵢ² / n]` (x detrended) is computed
/// for every lag
/// `1…maxLag` (with `maxLag ≤ n/2`). A lag is a candidate when it is a local maximum of `r`, `r(k)`
/// is at least `minimumStrength`, and it rises at least `minimumProminence` above the lowest `r`
/// between lag `k/2` and `k` (which rejects the slowly decaying, bumpy autocorrelation of a random
/// walk). Of the candidates, the smallest lag whose `r` is within 85 % of the strongest is the period,
/// so a multiple of the true period (which correlates almost as well) is not chosen.
///
/// - Complexity: `detect` is O(n·maxLag) time and O(n) memory; the seasonal detector calls it every
///   `recomputeInterval` samples, so the amortized cost per sample is `n·maxLag/recomputeInterval`.
public enum PeriodDetector {
    /// A detected period.
    public struct Period: Sendable, Equatable {
        /// The period in samples.
        public var length: Int
        /// The autocorrelation at that lag, in (0, 1].
        public var strength: Double
    }

    /// The dominant period of `values` (oldest first), or nil when there is none.
    /// - Parameters:
    ///   - maxLag: the longest period considered (default 400); capped at `values.count / 2`.
    ///   - minimumStrength: the smallest autocorrelation accepted (default 0.3).
    ///   - minimumProminence: how far the peak must rise above the trough before it (default 0.1).
    public static func detect(
        _ values: [Double], maxLag: Int = 400, minimumStrength: Double = 0.3, minimumProminence: Double = 0.1
    ) -> Period? {
        guard
            let analysis = autocorrelation(
                values, maxLag: maxLag, minimumStrength: minimumStrength, minimumProminence: minimumProminence),
            let best = analysis.candidates.max(by: { $0.strength < $1.strength })
        else { return nil }
        let chosen = analysis.candidates.first { $0.strength >= 0.85 * best.strength } ?? best
        return refined(chosen, residual: analysis.residual, energy: analysis.energy)
    }

    /// The autocorrelation analysis behind ``detect(_:maxLag:minimumStrength:minimumProminence:)``.
    struct Autocorrelation {
        /// The detrended values scaled to at most 1 in magnitude.
        var residual: [Double]
        /// Σ residual².
        var energy: Double
        /// r(0…maxLag + 1).
        var r: [Double]
        /// Every lag that passes the strength and prominence tests, shortest first (not refined).
        var candidates: [Period]
    }

    /// The autocorrelation of `values` and its candidate periods, or nil when the series is too short
    /// or flat. O(n·maxLag).
    static func autocorrelation(
        _ values: [Double], maxLag: Int, minimumStrength: Double, minimumProminence: Double
    ) -> Autocorrelation? {
        let n = values.count
        let lags = min(maxLag, n / 2)
        guard lags >= 2 else { return nil }
        var residual = detrended(values)
        // Scaled to at most 1 in magnitude, so that squares of huge values cannot overflow.
        var largest = 0.0
        for x in residual { largest = max(largest, abs(x)) }
        guard largest > 0, largest.isFinite else { return nil }
        for i in residual.indices { residual[i] /= largest }
        var energy = 0.0
        for x in residual { energy += x * x }
        guard energy > 0 else { return nil }
        var r = [Double](repeating: 0, count: lags + 2)
        r[0] = 1
        residual.withUnsafeBufferPointer { x in
            for k in 1...min(lags + 1, n - 1) {
                var sum = 0.0
                for i in 0..<(n - k) { sum += x[i] * x[i + k] }
                // Unbiased: the biased estimator's (n - k)/n decay would pull peaks to shorter lags.
                r[k] = (sum / Double(n - k)) / (energy / Double(n))
            }
        }
        var candidates: [Period] = []
        for k in 2...lags where r[k] >= minimumStrength && r[k] >= r[k - 1] && r[k] > r[k + 1] {
            var trough = r[k]
            for j in (k / 2)..<k { trough = min(trough, r[j]) }
            guard r[k] - trough >= minimumProminence else { continue }
            candidates.append(Period(length: k, strength: r[k]))
        }
        return Autocorrelation(residual: residual, energy: energy, r: r, candidates: candidates)
    }

    /// Noise flattens the top of an autocorrelation peak, so its argmax can miss the period by a few
    /// lags — fatal to a seasonal model, whose phase then drifts. The error grows m-fold at the m-th
    /// multiple of the lag, so the period is refined to the lag within ±10 % (at least ±2) that
    /// maximizes the mean autocorrelation at its multiples (as many as fit in three quarters of the
    /// history, up to 4). O(n) per lag tried.
    static func refined(_ period: Period, residual: [Double], energy: Double) -> Period {
        let n = residual.count
        let spread = max(2, period.length / 10)
        func r(_ k: Int) -> Double {
            residual.withUnsafeBufferPointer { x in
                var sum = 0.0
                for i in 0..<(n - k) { sum += x[i] * x[i + k] }
                return (sum / Double(n - k)) / (energy / Double(n))
            }
        }
        var best = period
        var bestScore = -Double.infinity
        for k in max(2, period.length - spread)...(period.length + spread) {
            let multiples = min(4, (3 * n / 4) / k)
            guard multiples >= 1 else { continue }
            var score = 0.0
            for m in 1...multiples { score += r(m * k) }
            score /= Double(multiples)
            if score > bestScore {
                bestScore = score
                best = Period(length: k, strength: r(k))
            }
        }
        return best
    }

    /// `values` minus their least-squares line.
    static func detrended(_ values: [Double]) -> [Double] {
        let n = Double(values.count)
        let meanIndex = (n - 1) / 2
        var mean = 0.0
        for x in values { mean += x }
        mean /= n
        var covariance = 0.0
        var variance = 0.0
        for (i, x) in values.enumerated() {
            let di = Double(i) - meanIndex
            covariance += di * (x - mean)
            variance += di * di
        }
        let slope = variance > 0 ? covariance / variance : 0
        return values.enumerated().map { i, x in x - mean - slope * (Double(i) - meanIndex) }
    }
}
