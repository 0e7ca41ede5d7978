import Foundation

/// Finds one or several seasonal periods (e.g. daily and weekly in hourly data) by autocorrelation,
/// confirmed by the periodogram.
///
/// The primary period is ``PeriodDetector/detect(_:maxLag:minimumStrength:minimumProminence:)``'s. Further
/// autocorrelation candidates are added, strongest first, when they are not within ±2 samples of an
/// accepted period and either are not a multiple of one, or are a multiple whose autocorrelation exceeds
/// the shorter period's by at least 0.1 (a weekly pattern on top of a daily one). Every accepted period
/// must also show in the periodogram of the detrended series: the largest ordinate I(k/p) over its first
/// three harmonics k must be at least `minimumPowerRatio` (default 8) times the mean ordinate Σx²/n (by
/// Parseval); for white noise each ratio is Exp(1), so 8 is exceeded with probability e⁻⁸ ≈ 3·10⁻⁴.
/// - Complexity: O(n·maxPeriod) for the autocorrelation, O(n) per periodogram ordinate.
public enum SeasonalityDetector {
    /// A detected season.
    public struct Season: Sendable, Equatable {
        /// The period, in samples.
        public var length: Int
        /// The autocorrelation at that lag.
        public var autocorrelation: Double
        /// The largest periodogram ordinate at the period's first three harmonics over the mean ordinate.
        public var powerRatio: Double
    }

    /// Up to `maximumCount` periods (default 2), shortest first; empty when the series has none.
    /// - Parameter maxPeriod: the longest period considered (default 400), capped at n/2.
    public static func seasons(
        _ values: [Double], maxPeriod: Int = 400, maximumCount: Int = 2, minimumPowerRatio: Double = 8
    ) -> [Season] {
        guard
            let primary = PeriodDetector.detect(values, maxLag: maxPeriod),
            let analysis = PeriodDetector.autocorrelation(
                values, maxLag: maxPeriod, minimumStrength: 0.3, minimumProminence: 0.1)
        else { return [] }
        let residual = analysis.residual
        let meanPower = analysis.energy / Double(residual.count)
        func season(_ period: PeriodDetector.Period) -> Season {
            var largest = 0.0
            for k in 1...min(3, max(period.length / 2, 1)) {
                largest = max(largest, ordinate(residual, frequency: Double(k) / Double(period.length)))
            }
            return Season(length: period.length, autocorrelation: period.strength, powerRatio: largest / meanPower)
        }
        let first = season(primary)
        guard first.powerRatio >= minimumPowerRatio else { return [] }
        var accepted = [first]
        for candidate in analysis.candidates.sorted(by: { $0.strength > $1.strength }) {
            guard accepted.count < maximumCount else { break }
            let refined = PeriodDetector.refined(candidate, residual: residual, energy: analysis.energy)
            let isNew = accepted.allSatisfy { abs($0.length - refined.length) > 2 }
            let extendsShorter = accepted.allSatisfy { shorter in
                let multiple = (Double(refined.length) / Double(shorter.length)).rounded()
                let isMultiple = multiple >= 2 && abs(Double(refined.length) - multiple * Double(shorter.length)) <= 2
                return !isMultiple || refined.strength >= shorter.autocorrelation + 0.1
            }
            guard isNew, extendsShorter else { continue }
            let next = season(refined)
            if next.powerRatio >= minimumPowerRatio { accepted.append(next) }
        }
        return accepted.sorted { $0.length < $1.length }
    }

    /// The periodogram ordinate |Σ xₜ e^(−2πift)|²/n at `frequency` (cycles per sample). O(n).
    static func ordinate(_ x: [Double], frequency: Double) -> Double {
        var re = 0.0
        var im = 0.0
        let omega = 2 * Double.pi * frequency
        // Rotating the phasor by multiplication: one sin/cos pair per call, not per sample.
        let (stepCos, stepSin) = (cos(omega), sin(omega))
        var c = 1.0
        var s = 0.0
        for (t, value) in x.enumerated() {
            re += value * c
            im -= value * s
            (c, s) = (c * stepCos - s * stepSin, s * stepCos + c * stepSin)
            if t & 1023 == 1023 {
                // Renormalise against drift of the phasor's length.
                let length = (c * c + s * s).squareRoot()
                c /= length
                s /= length
            }
        }
        return (re * re + im * im) / Double(x.count)
    }
}
