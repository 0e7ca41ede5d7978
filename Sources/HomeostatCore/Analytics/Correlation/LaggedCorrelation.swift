/// The lag at which two aligned series correlate most strongly (largest |Pearson r|), searched over
/// −maxLag…maxLag samples.
///
/// At lag L the pairs are (x[i], y[i + L]): a positive lag means y follows x by L samples (y repeats
/// what x did L samples earlier); a negative one that y leads. Each lag uses its own complete pairs
/// (NaN on either side drops a pair; the overlap shrinks by |L|). Lags are tried in order 0, 1, −1, 2, −2, …
/// and a later one replaces the best only when |r| is larger by more than 1e-12, so ties go to the smallest
/// |lag|.
///
/// The p-value at the chosen lag is optimistic after a search over 2·maxLag + 1 lags;
/// ``lagAdjustedPValue`` applies a Bonferroni factor for that search. Autocorrelated series make both
/// optimistic too (fewer effective samples than points).
public struct LaggedCorrelation: Sendable, Equatable {
    /// Samples; positive when the second series follows the first.
    public var lag: Int
    /// Pearson's r at ``lag``.
    public var pearson: CorrelationEstimate
    /// Spearman's ρ at ``lag`` (undefined when the ranks are constant, which cannot happen when r is defined).
    public var spearman: CorrelationOutcome
    /// Lags tried: 2·maxLag + 1 (fewer when the series are short).
    public var lagsTried: Int
    /// min(1, p · lagsTried).
    public var lagAdjustedPValue: Double

    /// Searches lags −maxLag…maxLag.
    /// - Parameters:
    ///   - x, y: aligned series, NaN for missing.
    ///   - maxLag: the largest |lag| in samples, ≥ 0; lags leaving fewer than 3 overlapping points are skipped.
    ///   - confidenceLevel: of the reported intervals, default 0.95.
    /// - Returns: `.undefined` when no lag has 3 complete pairs with both sides varying; the reason is the
    ///   one at lag 0.
    /// - Throws: ``StatisticsError`` `.mismatchedLengths`, `.invalidParameter` (negative maxLag, confidence
    ///   level), `.nonFiniteInput`.
    /// - Complexity: O(n·maxLag) for the search, plus O(n log n) for Spearman's ρ at the chosen lag.
    public static func search(_ x: [Double], _ y: [Double], maxLag: Int, confidenceLevel: Double = 0.95)
        throws(StatisticsError) -> LaggedOutcome
    {
        guard x.count == y.count else { throw .mismatched("x", x.count, "y", y.count) }
        guard maxLag >= 0 else {
            throw StatisticsError(.invalidParameter, "maximum lag must be ≥ 0 samples, got \(maxLag)")
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw StatisticsError(.invalidParameter, "confidence level must be in (0, 1), got \(confidenceLevel)")
        }
        for index in x.indices where x[index].isInfinite || y[index].isInfinite {
            throw StatisticsError(.nonFiniteInput, "correlation needs finite values, got ±inf at index \(index)")
        }
        let n = x.count
        let limit = min(maxLag, max(n - 3, 0))
        var best: (lag: Int, r: Double, count: Int)?
        var reasonAtZero = CorrelationUndefined.tooFewPairs(0)
        var tried = 0
        var lags = [0]
        if limit > 0 { for step in 1...limit { lags += [step, -step] } }
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                for lag in lags {
                    tried += 1
                    switch pearsonAtLag(xb, yb, lag: lag) {
                    case .success(let (r, count)):
                        if best == nil || abs(r) > abs(best!.r) + 1e-12 { best = (lag, r, count) }
                    case .failure(let reason):
                        if lag == 0 { reasonAtZero = reason.reason }
                    }
                }
            }
        }
        guard let best else { return .undefined(reasonAtZero) }
        let pearson = Correlation.estimate(
            r: best.r, count: best.count, confidenceLevel: confidenceLevel, fisherScale: 1)
        let (xs, ys) = shiftedPairs(x, y, lag: best.lag)
        let spearman = Correlation.pearsonOfComplete(
            Ranks.average(xs), Ranks.average(ys), confidenceLevel: confidenceLevel, fisherScale: 1.06)
        return .defined(
            LaggedCorrelation(
                lag: best.lag, pearson: pearson, spearman: spearman, lagsTried: tried,
                lagAdjustedPValue: min(1, pearson.pValue * Double(tried))))
    }

    /// The complete pairs (x[i], y[i + lag]).
    static func shiftedPairs(_ x: [Double], _ y: [Double], lag: Int) -> ([Double], [Double]) {
        var xs: [Double] = []
        var ys: [Double] = []
        for i in max(0, -lag)..<min(x.count, x.count - lag) where !x[i].isNaN && !y[i + lag].isNaN {
            xs.append(x[i])
            ys.append(y[i + lag])
        }
        return (xs, ys)
    }

    /// Two-pass Pearson r over the complete pairs (x[i], y[i + lag]), without copying.
    private static func pearsonAtLag(
        _ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, lag: Int
    ) -> Result<(Double, Int), CorrelationUndefinedError> {
        let from = max(0, -lag)
        let to = min(x.count, x.count - lag)
        guard to - from >= 3 else {
            return .failure(CorrelationUndefinedError(reason: .tooFewPairs(max(0, to - from))))
        }
        var count = 0
        var sumX = 0.0
        var sumY = 0.0
        for i in from..<to {
            let a = x[i]
            let b = y[i + lag]
            if a.isNaN || b.isNaN { continue }
            count += 1
            sumX += a
            sumY += b
        }
        guard count >= 3 else { return .failure(CorrelationUndefinedError(reason: .tooFewPairs(count))) }
        let meanX = sumX / Double(count)
        let meanY = sumY / Double(count)
        var sxx = 0.0
        var syy = 0.0
        var sxy = 0.0
        for i in from..<to {
            let a = x[i]
            let b = y[i + lag]
            if a.isNaN || b.isNaN { continue }
            let dx = a - meanX
            let dy = b - meanY
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        guard sxx > 0 else { return .failure(CorrelationUndefinedError(reason: .constantFirst)) }
        guard syy > 0 else { return .failure(CorrelationUndefinedError(reason: .constantSecond)) }
        return .success((min(1, max(-1, sxy / (sxx * syy).squareRoot())), count))
    }
}

/// A lag search's answer: the best lag, or why no lag has a correlation.
public enum LaggedOutcome: Sendable, Equatable {
    case defined(LaggedCorrelation)
    case undefined(CorrelationUndefined)
}

/// Carries a ``CorrelationUndefined`` through `Result`.
struct CorrelationUndefinedError: Error {
    var reason: CorrelationUndefined
}
