import Foundation

/// Rounds a derived measurement (a ratio or rate computed by division) to a fixed number of
/// decimals, at or below the resolution of the counters it comes from, so that the arithmetic
/// noise of the division is not recorded as if it were information.
///
/// The result is `n / 10^decimals` for an integer `n`, exactly as ``CompactChunkEncoder``'s decimal
/// mode decodes it, so a chunk of rounded values is stored as small scaled integers instead of
/// full-precision mantissas (about 2 bytes per sample less for a CPU share). The error is at most
/// half a unit of the last decimal: 5 × 10^-(decimals + 1).
public enum SensorRounding {
    /// `value` rounded to `decimals` (0…18) decimals, halves away from zero; `-0.0` becomes `0.0`.
    /// Non-finite values and magnitudes of 2^53 / 10^decimals or more are returned unchanged.
    /// - Complexity: O(1).
    public static func rounded(_ value: Double, decimals: Int) -> Double {
        precondition(
            decimals >= 0 && decimals <= DecimalScaling.maximumExponent,
            "SensorRounding: \(decimals) decimals outside 0...\(DecimalScaling.maximumExponent)")
        let power = DecimalScaling.powersOfTen[decimals]
        let scaled = (value * power).rounded()
        guard scaled.magnitude < 9_007_199_254_740_992 else { return value }
        // Adding 0 turns -0.0 into 0.0, which the decimal mode can store.
        return scaled / power + 0
    }

    /// `value` rounded to `digits` (1…15) significant decimal digits, for measurements whose
    /// resolution is relative (a histogram's quantiles): `rounded(0.004676695, significantDigits: 5)`
    /// is 0.0046767. Zero, non-finite values and values below 10^-18 are returned as
    /// ``rounded(_:decimals:)`` or unchanged.
    /// - Complexity: O(1).
    public static func rounded(_ value: Double, significantDigits digits: Int) -> Double {
        precondition(digits >= 1 && digits <= 15, "SensorRounding: \(digits) significant digits outside 1...15")
        guard value.isFinite, value != 0 else { return value == 0 ? 0 : value }
        let magnitude = Int(value.magnitude.log10Floor)
        let decimals = digits - 1 - magnitude
        guard decimals <= DecimalScaling.maximumExponent else { return value }
        return rounded(value, decimals: Swift.max(decimals, 0))
    }
}

extension Double {
    /// ⌊log10(self)⌋ for a positive finite value, corrected for `log10`'s rounding near powers of ten.
    fileprivate var log10Floor: Double {
        var exponent = (log10(self)).rounded(.down)
        if exponent > -300 && exponent < 300 {
            let power = pow(10, exponent)
            if power > self { exponent -= 1 } else if power * 10 <= self { exponent += 1 }
        }
        return exponent
    }
}
