/// The most strongly correlated pairs among m aligned series, each pair searched over lags, with p-values
/// corrected for the number of pairs tested.
///
/// Constant series (and series with fewer than 3 values) are set aside first and reported in
/// ``undefinedSeries``; the remaining m′ series give m′(m′−1)/2 pairs. Each pair's p-value is first
/// Bonferroni-corrected for its lag search (``LaggedCorrelation/lagAdjustedPValue``) and then adjusted
/// across the pairs with a defined correlation by ``MultipleTesting`` (Benjamini–Hochberg by default).
/// Pairs are ranked by |r| (Pearson at the best lag), then by adjusted p, then by index.
public struct CorrelationSearch: Sendable, Equatable {
    /// One ranked pair.
    public struct Pair: Sendable, Equatable {
        /// Indices into the input series, first < second.
        public var first: Int
        public var second: Int
        public var lagged: LaggedCorrelation
        /// The lag-adjusted p-value, adjusted again for the pairs tested.
        public var adjustedPValue: Double
    }

    /// The top pairs, at most `topK`.
    public var pairs: [Pair]
    /// Pairs whose correlation was computed (the m of the multiple-testing correction).
    public var testedPairs: Int
    /// Pairs of varying series that still had no correlation (too few overlapping points), with the reason.
    public var undefinedPairs: [(first: Int, second: Int, reason: CorrelationUndefined)]
    /// Series left out of every pair: constant, or fewer than 3 values.
    public var undefinedSeries: [(index: Int, reason: SeriesExclusion)]

    /// Why a series takes part in no pair.
    public enum SeriesExclusion: String, Sendable, Equatable {
        case constant
        case tooFewValues = "too_few_values"
    }

    /// Searches every pair of `series`.
    /// - Parameters:
    ///   - series: m aligned series of equal length, NaN for missing.
    ///   - maxLag: largest |lag| in samples, ≥ 0.
    ///   - topK: pairs to keep, ≥ 1.
    ///   - correction: across pairs, Benjamini–Hochberg by default.
    /// - Throws: ``StatisticsError`` `.mismatchedLengths` naming the first series of another length;
    ///   `.invalidParameter` for a negative lag or topK < 1; `.nonFiniteInput`.
    /// - Complexity: O(m² · n · maxLag).
    public init(
        series: [[Double]], maxLag: Int, topK: Int, correction: MultipleTesting = .benjaminiHochberg,
        confidenceLevel: Double = 0.95
    ) throws(StatisticsError) {
        guard topK >= 1 else { throw StatisticsError(.invalidParameter, "top must be ≥ 1, got \(topK)") }
        if let first = series.first, let other = series.firstIndex(where: { $0.count != first.count }) {
            throw .mismatched("series 0", first.count, "series \(other)", series[other].count)
        }
        var included: [Int] = []
        var excluded: [(index: Int, reason: SeriesExclusion)] = []
        for (index, values) in series.enumerated() {
            let present = values.filter { !$0.isNaN }
            if present.count < 3 {
                excluded.append((index, .tooFewValues))
            } else if present.allSatisfy({ $0 == present[0] }) {
                excluded.append((index, .constant))
            } else {
                included.append(index)
            }
        }
        var found: [(first: Int, second: Int, lagged: LaggedCorrelation)] = []
        var undefinedPairs: [(first: Int, second: Int, reason: CorrelationUndefined)] = []
        for (position, a) in included.enumerated() {
            for b in included[(position + 1)...] {
                switch try LaggedCorrelation.search(
                    series[a], series[b], maxLag: maxLag, confidenceLevel: confidenceLevel)
                {
                case .defined(let lagged): found.append((a, b, lagged))
                case .undefined(let reason): undefinedPairs.append((a, b, reason))
                }
            }
        }
        let adjusted = correction.adjust(found.map(\.lagged.lagAdjustedPValue))
        var ranked = found.indices.map { index in
            Pair(
                first: found[index].first, second: found[index].second, lagged: found[index].lagged,
                adjustedPValue: adjusted[index])
        }
        ranked.sort { lhs, rhs in
            let l = abs(lhs.lagged.pearson.coefficient)
            let r = abs(rhs.lagged.pearson.coefficient)
            if l != r { return l > r }
            if lhs.adjustedPValue != rhs.adjustedPValue { return lhs.adjustedPValue < rhs.adjustedPValue }
            return (lhs.first, lhs.second) < (rhs.first, rhs.second)
        }
        pairs = Array(ranked.prefix(topK))
        testedPairs = found.count
        self.undefinedPairs = undefinedPairs
        undefinedSeries = excluded
    }

    public static func == (lhs: CorrelationSearch, rhs: CorrelationSearch) -> Bool {
        lhs.pairs == rhs.pairs && lhs.testedPairs == rhs.testedPairs
            && lhs.undefinedPairs.elementsEqual(rhs.undefinedPairs) { $0 == $1 }
            && lhs.undefinedSeries.elementsEqual(rhs.undefinedSeries) { $0 == $1 }
    }
}
