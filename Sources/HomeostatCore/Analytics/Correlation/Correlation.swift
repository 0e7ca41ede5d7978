import Foundation

/// A correlation coefficient with its significance and confidence interval.
public struct CorrelationEstimate: Sendable, Equatable {
    /// r (Pearson) or ρ (Spearman), in [−1, 1].
    public var coefficient: Double
    /// Complete pairs used.
    public var count: Int
    /// Two-sided p-value of "no correlation" from t = r·√((n−2)/(1−r²)) with n − 2 degrees of freedom;
    /// 0 when |r| = 1.
    public var pValue: Double
    /// Fisher-z interval at ``confidenceLevel``; nil with fewer than 4 pairs.
    public var lowerBound: Double?
    public var upperBound: Double?
    /// 0.95 by default.
    public var confidenceLevel: Double
}

/// Why a correlation has no value.
public enum CorrelationUndefined: Sendable, Equatable, CustomStringConvertible {
    /// Fewer than 3 complete pairs (NaN on either side removes a pair).
    case tooFewPairs(Int)
    /// The first series is constant over the complete pairs: r is 0/0.
    case constantFirst
    /// The second series is constant over the complete pairs.
    case constantSecond

    public var description: String {
        switch self {
        case .tooFewPairs(let count): "only \(count) complete pairs (3 needed)"
        case .constantFirst: "the first series is constant"
        case .constantSecond: "the second series is constant"
        }
    }
}

/// A correlation that is either a number or explicitly undefined, never NaN.
public enum CorrelationOutcome: Sendable, Equatable {
    case defined(CorrelationEstimate)
    case undefined(CorrelationUndefined)

    /// The estimate, nil when undefined.
    public var estimate: CorrelationEstimate? {
        if case .defined(let estimate) = self { return estimate }
        return nil
    }
}

/// Pearson's r and Spearman's ρ of two aligned series with pairwise deletion of NaN.
public enum Correlation {
    /// Pearson's product-moment r by two passes (means, then centred sums), so large offsets such as
    /// Unix times or byte counts lose no precision; clamped to [−1, 1].
    ///
    /// - Parameters:
    ///   - x, y: aligned values; a NaN on either side drops that pair.
    ///   - confidenceLevel: of the Fisher-z interval, in (0, 1), default 0.95.
    /// - Throws: ``StatisticsError`` `.mismatchedLengths`; `.invalidParameter` for the confidence level;
    ///   `.nonFiniteInput` for ±∞.
    /// - Returns: `.undefined` with fewer than 3 complete pairs or a constant side.
    /// - Complexity: O(n).
    public static func pearson(_ x: [Double], _ y: [Double], confidenceLevel: Double = 0.95)
        throws(StatisticsError) -> CorrelationOutcome
    {
        let (xs, ys) = try completePairs(x, y, confidenceLevel: confidenceLevel)
        return pearsonOfComplete(xs, ys, confidenceLevel: confidenceLevel, fisherScale: 1)
    }

    /// Spearman's ρ: Pearson's r of the average ranks (ties share their mean rank) of the complete pairs.
    /// Significance by the same t approximation as Pearson's (as SciPy does); the interval is Fisher-z with
    /// the standard error √(1.06/(n−3)) of Fieller, Hartley & Pearson (1957).
    /// - Throws: as ``pearson(_:_:confidenceLevel:)``.
    /// - Complexity: O(n log n).
    public static func spearman(_ x: [Double], _ y: [Double], confidenceLevel: Double = 0.95)
        throws(StatisticsError) -> CorrelationOutcome
    {
        let (xs, ys) = try completePairs(x, y, confidenceLevel: confidenceLevel)
        return pearsonOfComplete(
            Ranks.average(xs), Ranks.average(ys), confidenceLevel: confidenceLevel, fisherScale: 1.06)
    }

    /// Two-sided p-value of a correlation r over n pairs: Student's t with n − 2 degrees of freedom.
    /// - Complexity: O(1).
    public static func pValue(r: Double, count n: Int) -> Double {
        guard n > 2 else { return 1 }
        if abs(r) >= 1 { return 0 }
        let df = Double(n - 2)
        let t = r * (df / (1 - r * r)).squareRoot()
        return StudentTDistribution(degreesOfFreedom: df).twoSidedPValue(t)
    }

    /// The complete pairs of `x` and `y`, after checking lengths, the confidence level and finiteness.
    static func completePairs(_ x: [Double], _ y: [Double], confidenceLevel: Double) throws(StatisticsError) -> (
        [Double], [Double]
    ) {
        guard x.count == y.count else { throw .mismatched("x", x.count, "y", y.count) }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw StatisticsError(.invalidParameter, "confidence level must be in (0, 1), got \(confidenceLevel)")
        }
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(x.count)
        ys.reserveCapacity(y.count)
        for index in x.indices where !x[index].isNaN && !y[index].isNaN {
            guard x[index].isFinite, y[index].isFinite else {
                throw StatisticsError(.nonFiniteInput, "correlation needs finite values, got ±inf at index \(index)")
            }
            xs.append(x[index])
            ys.append(y[index])
        }
        return (xs, ys)
    }

    /// r of complete pairs; `fisherScale` multiplies the Fisher-z variance 1/(n−3).
    static func pearsonOfComplete(_ xs: [Double], _ ys: [Double], confidenceLevel: Double, fisherScale: Double)
        -> CorrelationOutcome
    {
        let n = xs.count
        guard n >= 3 else { return .undefined(.tooFewPairs(n)) }
        var meanX = 0.0
        var meanY = 0.0
        for index in 0..<n {
            meanX += xs[index]
            meanY += ys[index]
        }
        meanX /= Double(n)
        meanY /= Double(n)
        var sxx = 0.0
        var syy = 0.0
        var sxy = 0.0
        for index in 0..<n {
            let dx = xs[index] - meanX
            let dy = ys[index] - meanY
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        guard sxx > 0 else { return .undefined(.constantFirst) }
        guard syy > 0 else { return .undefined(.constantSecond) }
        let r = min(1, max(-1, sxy / (sxx * syy).squareRoot()))
        return .defined(estimate(r: r, count: n, confidenceLevel: confidenceLevel, fisherScale: fisherScale))
    }

    /// The p-value and Fisher-z interval of a known r over n pairs.
    static func estimate(r: Double, count n: Int, confidenceLevel: Double, fisherScale: Double)
        -> CorrelationEstimate
    {
        var lower: Double?
        var upper: Double?
        if n > 3 {
            if abs(r) >= 1 {
                (lower, upper) = (r, r)
            } else {
                let z = atanh(r)
                let half =
                    NormalDistribution.quantile(1 - (1 - confidenceLevel) / 2)
                    * (fisherScale / Double(n - 3)).squareRoot()
                (lower, upper) = (tanh(z - half), tanh(z + half))
            }
        }
        return CorrelationEstimate(
            coefficient: r, count: n, pValue: pValue(r: r, count: n), lowerBound: lower, upperBound: upper,
            confidenceLevel: confidenceLevel)
    }
}
