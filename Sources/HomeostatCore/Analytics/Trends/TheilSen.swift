/// The Theil–Sen estimator of a linear trend (Theil 1950, Sen 1968) with Sen's distribution-free
/// confidence interval for the slope (Gilbert 1987, §16.5; R `trend::sens.slope`).
///
/// - slope: the median of the N slopes (y_j − y_i)/(x_j − x_i) over pairs with x_i ≠ x_j
/// - intercept: median(y − slope·x)
/// - interval: with C = z_{1−α/2}·√Var(S) (the Mann–Kendall variance of y with its tie correction),
///   M₁ = (N − C)/2 and M₂ = (N + C)/2, the ordered slopes at 1-based positions M₁ and M₂ + 1, linearly
///   interpolated between neighbours (as `sens.slope` does) and clamped to [1, N].
///
/// Robust: up to 29 % of the points can be arbitrary outliers without moving the slope far.
///
/// Pairs with a NaN in x or y are dropped (pairwise deletion). Up to ``exactLimit`` points every slope is
/// computed (O(n²) memory and time, order statistics by quickselect). Beyond it, the order statistics are
/// found without listing the slopes: for a trial slope t, the number of slopes ≤ t equals the number of
/// pairs (i < j by x) with y_j − t·x_j ≤ y_i − t·x_i, an inversion count done by merge sort in O(n log n);
/// bisection on t then finds each order statistic to within about 1e-12 relative (deterministic, no
/// sampling).
public struct TheilSen: Sendable, Equatable {
    /// How the slopes' order statistics were found.
    public enum Method: String, Sendable {
        /// Every pairwise slope listed (n ≤ ``TheilSen/exactLimit``).
        case exact
        /// Bisection with inversion counting (larger n).
        case bisection
    }

    /// Default largest number of points for which all n(n−1)/2 slopes are listed: 2,000 (about 2 M slopes,
    /// 16 MB).
    public static let exactLimit = 2000

    /// The slope, in units of y per unit of x.
    public var slope: Double
    /// median(y − slope·x).
    public var intercept: Double
    /// Lower bound of the slope's confidence interval.
    public var lowerSlope: Double
    /// Upper bound of the slope's confidence interval.
    public var upperSlope: Double
    /// The interval's confidence level, 0.95 by default.
    public var confidenceLevel: Double
    /// Points used (both coordinates present).
    public var count: Int
    /// N, the number of pairs with distinct x.
    public var slopeCount: Int
    public var method: Method

    /// Fits `y` against `x`.
    /// - Parameters:
    ///   - x: the abscissae (for a time series, time in the unit the slope should be per).
    ///   - y: the values, aligned with `x`; NaN in either drops the point.
    ///   - confidenceLevel: in (0, 1), default 0.95.
    ///   - exactLimit: largest n for which every slope is listed, default ``exactLimit``.
    /// - Throws: ``StatisticsError``: `.mismatchedLengths`; `.tooFewPoints` with fewer than 2 usable points
    ///   or no two distinct x; `.nonFiniteInput` for ±∞; `.invalidParameter` for a confidence level
    ///   outside (0, 1).
    /// - Complexity: O(n²) time and memory up to `exactLimit` points; O(n log n · b) beyond, with b ≈ 60–120
    ///   bisection steps per order statistic.
    public init(
        x: [Double], y: [Double], confidenceLevel: Double = 0.95, exactLimit: Int = TheilSen.exactLimit
    ) throws(StatisticsError) {
        guard x.count == y.count else { throw .mismatched("x", x.count, "y", y.count) }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw StatisticsError(.invalidParameter, "confidence level must be in (0, 1), got \(confidenceLevel)")
        }
        var points: [(x: Double, y: Double)] = []
        points.reserveCapacity(x.count)
        for index in x.indices where !x[index].isNaN && !y[index].isNaN {
            guard x[index].isFinite, y[index].isFinite else {
                throw StatisticsError(.nonFiniteInput, "Theil–Sen needs finite values, got ±inf at index \(index)")
            }
            points.append((x[index], y[index]))
        }
        guard points.count >= 2 else { throw .tooFew("Theil–Sen", needed: 2, got: points.count) }
        // By x ascending and, for equal x, y descending: see SlopeCounter.
        points.sort { $0.x != $1.x ? $0.x < $1.x : $0.y > $1.y }
        let xs = points.map(\.x)
        let ys = points.map(\.y)
        let tiedX = PairOrderCount.tiedPairs(xs)
        let n = points.count
        let slopeCount = n * (n - 1) / 2 - tiedX
        guard slopeCount > 0 else {
            throw StatisticsError(.tooFewPoints, "Theil–Sen needs two distinct x values; all \(n) points share one")
        }
        // 1-based fractional positions in the ordered slopes.
        let nd = Double(slopeCount)
        let variance = MannKendall(count: n, s: 0, tieGroupSizes: Ranks.tieGroupSizes(ys)).variance
        let c = NormalDistribution.quantile(1 - (1 - confidenceLevel) / 2) * variance.squareRoot()
        let positions = [(nd + 1) / 2, (nd - c) / 2, (nd + c) / 2 + 1].map { min(max($0, 1), nd) }
        let ranks = positions.flatMap { [Int($0.rounded(.down)) - 1, Int($0.rounded(.up)) - 1] }
        let values: [Int: Double]
        if n <= exactLimit {
            var slopes: [Double] = []
            slopes.reserveCapacity(slopeCount)
            for i in 0..<n {
                for j in (i + 1)..<n where xs[j] != xs[i] {
                    slopes.append((ys[j] - ys[i]) / (xs[j] - xs[i]))
                }
            }
            values = OrderStatistics.select(ranks: ranks, in: &slopes)
            method = .exact
        } else {
            let counter = SlopeCounter(xs: xs, ys: ys, tiedXPairs: tiedX)
            var found: [Int: Double] = [:]
            for rank in Set(ranks) { found[rank] = counter.orderStatistic(rank + 1) }
            values = found
            method = .bisection
        }
        func at(_ position: Double) -> Double {
            let lower = Int(position.rounded(.down))
            let fraction = position - Double(lower)
            let below = values[lower - 1]!
            return fraction == 0 ? below : below + fraction * (values[lower]! - below)
        }
        slope = at(positions[0])
        lowerSlope = at(positions[1])
        upperSlope = at(positions[2])
        let slope = self.slope
        intercept = OrderStatistics.median(points.map { $0.y - slope * $0.x })!
        self.confidenceLevel = confidenceLevel
        count = n
        self.slopeCount = slopeCount
    }

    /// slope·x + intercept.
    public func fitted(at x: Double) -> Double { slope * x + intercept }
}

/// Counts pairwise slopes ≤ t without listing them; points sorted by x ascending, y descending for
/// equal x, so that a pair with equal x always counts as "≤ t" and can be subtracted as a constant.
private struct SlopeCounter {
    var xs: [Double]
    var ys: [Double]
    var tiedXPairs: Int

    /// #{slopes ≤ t}. - Complexity: O(n log n).
    func countAtMost(_ t: Double) -> Int {
        var z = [Double](repeating: 0, count: xs.count)
        for index in xs.indices { z[index] = ys[index] - t * xs[index] }
        return PairOrderCount.nonIncreasingPairs(z) - tiedXPairs
    }

    /// The smallest t with countAtMost(t) ≥ k (1-based k), by bracketing then bisection.
    func orderStatistic(_ k: Int) -> Double {
        var low = -1.0
        var high = 1.0
        while countAtMost(low) >= k { low *= 2 }
        while countAtMost(high) < k { high *= 2 }
        for _ in 0..<200 {
            let middle = low + (high - low) / 2
            if middle <= low || middle >= high { break }
            if high - low <= 1e-13 * max(abs(low), abs(high)) { break }
            if countAtMost(middle) >= k { high = middle } else { low = middle }
        }
        return high
    }
}
