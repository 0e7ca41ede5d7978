import Foundation
import Testing

@testable import HomeostatCore

/// |a − b| ≤ tolerance · max(1, |b|).
private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Incomplete beta and Student's t")
struct StudentTTests {
    @Test("I_x(a, b) against closed forms and SciPy's betainc")
    func incompleteBeta() {
        // I_0.5(2, 3) = Σ_{j=2}^{4} C(4, j)/2⁴ = (6 + 4 + 1)/16.
        #expect(close(IncompleteBeta.regularized(x: 0.5, a: 2, b: 3), 11.0 / 16, 1e-15))
        #expect(close(IncompleteBeta.regularized(x: 0.2, a: 0.5, b: 5), 0.8550723945959195, 1e-13))
        #expect(close(IncompleteBeta.regularized(x: 0.45, a: 30, b: 40), 0.6447480085585666, 1e-12))
        #expect(IncompleteBeta.regularized(x: 0, a: 2, b: 3) == 0)
        #expect(IncompleteBeta.regularized(x: 1.5, a: 2, b: 3).isNaN)
    }

    @Test("two-sided p of t: t = 2, ν = 10 → 0.07339; ν = 2 has the closed form 1 − t/√(t² + 2); ν = 1 is Cauchy")
    func tDistribution() {
        #expect(close(StudentTDistribution(degreesOfFreedom: 10).twoSidedPValue(2), 0.07338803477074037, 1e-13))
        #expect(close(StudentTDistribution(degreesOfFreedom: 2).twoSidedPValue(2), 1 - 2 / 6.0.squareRoot(), 1e-14))
        // Cauchy: P(|T| ≥ 1) = 1 − (2/π)·atan(1) = 1/2.
        #expect(close(StudentTDistribution(degreesOfFreedom: 1).twoSidedPValue(1), 0.5, 1e-14))
        #expect(StudentTDistribution(degreesOfFreedom: 5).twoSidedPValue(0) == 1)
        #expect(close(StudentTDistribution(degreesOfFreedom: 10).cdf(-2), 0.07338803477074037 / 2, 1e-13))
    }
}

@Suite("Pearson and Spearman")
struct CorrelationTests {
    @Test("Pearson of 1…7 against a permutation with Σd² = 10 is 1 − 6·10/(7·48) = 23/28 (SciPy pearsonr)")
    func pearson() throws {
        let estimate = try #require(
            try Correlation.pearson([1, 2, 3, 4, 5, 6, 7], [2, 1, 4, 3, 7, 5, 6]).estimate)
        #expect(close(estimate.coefficient, 23.0 / 28))
        #expect(estimate.count == 7)
        #expect(close(estimate.pValue, 0.023448808345691453, 1e-12))
        #expect(close(estimate.lowerBound, 0.1792540505148308, 1e-12))
        #expect(close(estimate.upperBound, 0.9727559513431969, 1e-12))
    }

    @Test("a huge common offset loses no precision (two passes)")
    func offset() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7].map { $0 + 1e9 }
        let y: [Double] = [2, 1, 4, 3, 7, 5, 6].map { $0 + 1e9 }
        #expect(close(try Correlation.pearson(x, y).estimate?.coefficient, 23.0 / 28, 1e-9))
    }

    @Test("Spearman averages tied ranks (SciPy spearmanr)")
    func spearman() throws {
        let estimate = try #require(try Correlation.spearman([1, 2, 2, 3, 10, 4], [5, 6, 6, 8, 7, 20]).estimate)
        #expect(close(estimate.coefficient, 0.823529411764706, 1e-14))
        #expect(close(estimate.pValue, 0.043964990840626925, 1e-12))
        #expect(Ranks.average([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test("NaN on either side drops the pair")
    func pairwiseDeletion() throws {
        let r = try Correlation.pearson([1, .nan, 2, 3, 4, 5, 6, 7, 9], [2, 4, 1, 4, 3, 7, 5, 6, .nan])
        #expect(close(r.estimate?.coefficient, 23.0 / 28))
        #expect(r.estimate?.count == 7)
    }

    @Test("constant sides, too few pairs and perfect correlation are explicit, never NaN")
    func undefined() throws {
        #expect(try Correlation.pearson([1, 1, 1, 1], [1, 2, 3, 4]) == .undefined(.constantFirst))
        #expect(try Correlation.spearman([1, 2, 3, 4], [5, 5, 5, 5]) == .undefined(.constantSecond))
        #expect(try Correlation.pearson([1, 2, .nan], [1, 2, 3]) == .undefined(.tooFewPairs(2)))
        let perfect = try #require(try Correlation.pearson([1, 2, 3, 4, 5], [3, 5, 7, 9, 11]).estimate)
        #expect(perfect.coefficient == 1)
        #expect(perfect.pValue == 0)
        #expect(perfect.lowerBound == 1)
    }

    @Test("mismatched lengths are an error naming both lengths")
    func mismatched() {
        #expect(throws: StatisticsError(.mismatchedLengths, "x has 3 values, y has 4; the series must be aligned")) {
            try Correlation.pearson([1, 2, 3], [1, 2, 3, 4])
        }
    }
}

@Suite("Lagged correlation and correlation search")
struct LaggedCorrelationTests {
    /// A non-periodic wiggle, so only one lag fits.
    static func signal(_ index: Int) -> Double {
        let t = Double(index)
        return sin(t / 7) + 0.5 * sin(t / 3.1) + 0.01 * t
    }

    @Test("y = x delayed by 6 samples is found at lag +6 with r = 1; the reverse at −6")
    func findsLag() throws {
        let x = (0..<300).map(Self.signal)
        let y = (0..<300).map { Self.signal($0 - 6) }
        guard case .defined(let found) = try LaggedCorrelation.search(x, y, maxLag: 20) else {
            Issue.record("undefined")
            return
        }
        #expect(found.lag == 6)
        #expect(close(found.pearson.coefficient, 1, 1e-12))
        #expect(found.pearson.count == 294)
        #expect(found.lagsTried == 41)
        #expect(close(found.spearman.estimate?.coefficient, 1, 1e-12))
        guard case .defined(let reverse) = try LaggedCorrelation.search(y, x, maxLag: 20) else {
            Issue.record("undefined")
            return
        }
        #expect(reverse.lag == -6)
    }

    @Test("a constant series has no lag; maxLag must not be negative")
    func undefinedAndBad() throws {
        #expect(
            try LaggedCorrelation.search([1, 2, 3, 4, 5], [2, 2, 2, 2, 2], maxLag: 2) == .undefined(.constantSecond))
        #expect { try LaggedCorrelation.search([1, 2, 3], [1, 2, 3], maxLag: -1) } throws: {
            ($0 as? StatisticsError)?.kind == .invalidParameter
        }
    }

    @Test("Benjamini–Hochberg and Bonferroni adjustments (R p.adjust / SciPy false_discovery_control)")
    func adjustments() {
        let p = [0.01, 0.04, 0.03, 0.005, 0.2]
        let bh = MultipleTesting.benjaminiHochberg.adjust(p)
        for (value, expected) in zip(bh, [0.025, 0.05, 0.05, 0.025, 0.2]) { #expect(close(value, expected, 1e-15)) }
        #expect(MultipleTesting.bonferroni.adjust(p) == [0.05, 0.2, 0.15, 0.025, 1])
    }

    @Test("search ranks the lagged twin first, sets constant series aside and counts the tests")
    func search() throws {
        var generator = SplitMix64(seed: 3)
        let base = (0..<200).map(Self.signal)
        let twin = (0..<200).map { Self.signal($0 - 3) }
        let noise = (0..<200).map { _ in Double(generator.next() % 1000) / 1000 }
        let flat = [Double](repeating: 7, count: 200)
        let sparse: [Double] = [1, 2] + [Double](repeating: .nan, count: 198)
        let result = try CorrelationSearch(series: [base, flat, noise, twin, sparse], maxLag: 5, topK: 2)
        #expect(result.testedPairs == 3)
        #expect(result.pairs.count == 2)
        #expect(result.pairs[0].first == 0 && result.pairs[0].second == 3)
        #expect(result.pairs[0].lagged.lag == 3)
        #expect(result.pairs[0].adjustedPValue == 0)
        #expect(result.undefinedSeries.map(\.index) == [1, 4])
        #expect(result.undefinedSeries.map(\.reason) == [.constant, .tooFewValues])
        #expect { try CorrelationSearch(series: [base, [1, 2]], maxLag: 1, topK: 1) } throws: {
            ($0 as? StatisticsError)?.message == "series 0 has 200 values, series 1 has 2; the series must be aligned"
        }
    }
}
