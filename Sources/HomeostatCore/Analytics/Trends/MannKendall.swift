/// The Mann–Kendall test for a monotonic trend in a series taken in time order (Mann 1945, Kendall 1975;
/// as in Gilbert 1987, §16.4, and `pymannkendall.original_test`).
///
/// - S = Σ_{i<j} sign(y_j − y_i)
/// - Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)] / 18, the sum over groups of t tied values
/// - Z = (S − 1)/√Var(S) for S > 0, 0 for S = 0, (S + 1)/√Var(S) for S < 0 (continuity correction)
/// - p = 2·(1 − Φ(|Z|)), the normal approximation (two-sided)
/// - τ = S / (n(n−1)/2), Kendall's τ-a against time
///
/// NaN values are missing: they are dropped and the rest keep their order. S is counted by merge sort in
/// O(n log n), not by comparing all pairs.
public struct MannKendall: Sendable, Equatable {
    /// Usable (non-NaN) values.
    public var count: Int
    /// The S statistic.
    public var s: Int
    /// Var(S) with the tie correction; 0 when every value is equal.
    public var variance: Double
    /// The standardized statistic with continuity correction; 0 when S = 0 (also when Var(S) = 0).
    public var z: Double
    /// Two-sided p-value of "no monotonic trend", in [0, 1]; 1 when S = 0.
    public var pValue: Double
    /// Kendall's τ-a = S / (n(n−1)/2), in [−1, 1].
    public var tau: Double

    /// Runs the test on `values` in time order.
    /// - Throws: ``StatisticsError`` `.tooFewPoints` with fewer than 3 non-NaN values, `.nonFiniteInput` for ±∞.
    /// - Complexity: O(n log n).
    public init(_ values: [Double]) throws(StatisticsError) {
        let usable = values.filter { !$0.isNaN }
        guard usable.allSatisfy(\.isFinite) else {
            throw StatisticsError(.nonFiniteInput, "Mann–Kendall values must be finite or NaN (missing), got ±inf")
        }
        let n = usable.count
        guard n >= 3 else { throw .tooFew("the Mann–Kendall test", needed: 3, got: n) }
        let pairs = n * (n - 1) / 2
        let nonIncreasing = PairOrderCount.nonIncreasingPairs(usable)
        let ties = Ranks.tieGroupSizes(usable)
        let tied = ties.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        let decreasing = nonIncreasing - tied
        let increasing = pairs - nonIncreasing
        let s = increasing - decreasing
        self.init(count: n, s: s, tieGroupSizes: ties)
    }

    /// The test's statistics from S, n and the sizes of the tied groups (each ≥ 2).
    /// - Complexity: O(number of tie groups).
    public init(count n: Int, s: Int, tieGroupSizes: [Int]) {
        let nd = Double(n)
        var variance = nd * (nd - 1) * (2 * nd + 5)
        for t in tieGroupSizes {
            let td = Double(t)
            variance -= td * (td - 1) * (2 * td + 5)
        }
        variance /= 18
        let z: Double
        if s == 0 || variance <= 0 {
            z = 0
        } else if s > 0 {
            z = Double(s - 1) / variance.squareRoot()
        } else {
            z = Double(s + 1) / variance.squareRoot()
        }
        self.count = n
        self.s = s
        self.variance = variance
        self.z = z
        self.pValue = min(1, NormalDistribution.twoSidedPValue(z))
        self.tau = Double(s) / (nd * (nd - 1) / 2)
    }

    /// S by comparing every pair: the definition, for tests and tiny inputs.
    /// - Complexity: O(n²).
    public static func bruteForceS(_ values: [Double]) -> Int {
        let usable = values.filter { !$0.isNaN }
        var s = 0
        for i in usable.indices {
            for j in (i + 1)..<usable.count {
                if usable[j] > usable[i] { s += 1 } else if usable[j] < usable[i] { s -= 1 }
            }
        }
        return s
    }
}
