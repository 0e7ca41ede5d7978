/// Which `Double`s are decimals with few digits: the test behind the compact chunk format's decimal
/// mode, in the spirit of ALP (Afroozeh and Boncz, "ALP: Adaptive Lossless floating-Point
/// Compression", SIGMOD 2024).
///
/// A value `v` is exact at exponent `e` when `n = (v × 10^e).rounded()` is an integer of magnitude
/// below 2^53 and `Double(n) / 10^e` has the same bit pattern as `v`. The decoder computes exactly
/// that division (IEEE 754 division is correctly rounded, so it gives the same bits on every
/// machine), so a value stored as `(n, e)` comes back bit for bit. `-0.0`, NaNs and infinities are
/// never exact (they fall back to XOR coding); `0.0` is exact at every exponent.
enum DecimalScaling {
    /// The largest exponent tried: 10^18 is the largest power of ten below 2^63, and every power of
    /// ten up to 10^22 is exact in a `Double`.
    static let maximumExponent = 18

    /// 10^0 … 10^18 as `Double`s, each exact.
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    ]

    /// 2^53: scaled integers stay below it in magnitude, so they and their `Double` images agree.
    private static let limit = 9_007_199_254_740_992.0

    /// The scaled integer of `value` at `exponent` (0...18), or nil when `value` is not exact there.
    /// - Complexity: O(1): one multiplication, one rounding, one division.
    @inline(__always)
    static func scaled(_ value: Double, exponent: Int) -> Int64? {
        let power = powersOfTen[exponent]
        let product = (value * power).rounded()
        // Also false for NaN, whose comparisons all fail.
        guard product.magnitude < limit else { return nil }
        let integer = Int64(product)
        guard (Double(integer) / power).bitPattern == value.bitPattern else { return nil }
        return integer
    }

    /// The value that the scaled integer `integer` at `exponent` stands for: what the decoder computes.
    @inline(__always)
    static func value(_ integer: Int64, exponent: Int) -> Double {
        Double(integer) / powersOfTen[exponent]
    }

    /// The smallest exponent in `from...18` at which `value` is exact, with its scaled integer, or
    /// nil if there is none.
    /// - Complexity: O(18 − `from`) at worst (a value with full-precision digits tries them all).
    static func smallestExponent(of value: Double, from: Int = 0) -> (exponent: Int, integer: Int64)? {
        var exponent = from
        while exponent <= maximumExponent {
            if let integer = scaled(value, exponent: exponent) { return (exponent, integer) }
            // Past 2^53 a larger exponent only grows the product.
            if !((value * powersOfTen[exponent]).magnitude < limit) { return nil }
            exponent += 1
        }
        return nil
    }
}
