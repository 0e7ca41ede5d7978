import Foundation

/// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b).
///
/// Evaluated with the continued fraction of Numerical Recipes (3rd ed., §6.4, `betacf`) by the modified
/// Lentz method, using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges fast
/// (x < (a + 1)/(a + b + 2)). Accurate to about 1e-14 for a, b up to a few thousand.
public enum IncompleteBeta {
    /// Continued-fraction iterations before giving up (NR uses 10,000 / √ for large a, b).
    public static let maximumIterations = 10_000

    /// I_x(a, b) for a > 0, b > 0, 0 ≤ x ≤ 1; NaN for arguments outside those ranges.
    /// - Complexity: O(√max(a, b)) iterations of the continued fraction, O(1) for the small parameters
    ///   of Student-t tests.
    public static func regularized(x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1, a.isFinite, b.isFinite else { return .nan }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        // Prefactor x^a (1−x)^b / (a·B(a,b)) in logs.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// NR `betacf`: the continued fraction for I_x(a, b), modified Lentz's method.
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...maximumIterations {
            let mm = Double(m)
            let m2 = 2 * mm
            // Even step.
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
        }
        return h
    }
}
