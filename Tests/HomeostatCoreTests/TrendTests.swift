import Testing

@testable import HomeostatCore

/// |a − b| ≤ tolerance · max(1, |b|).
private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Normal distribution")
struct NormalDistributionTests {
    @Test("CDF and quantile against SciPy's norm.cdf / norm.ppf")
    func published() {
        #expect(close(NormalDistribution.cdf(-1.5), 0.06680720126885807, 1e-15))
        #expect(close(NormalDistribution.cdf(0), 0.5))
        // The lower tail keeps its relative precision (no 1 − Φ cancellation).
        #expect(abs(NormalDistribution.cdf(-10) / 7.61985302416047e-24 - 1) < 1e-13)
        #expect(close(NormalDistribution.quantile(0.975), 1.959963984540054, 1e-15))
        #expect(close(NormalDistribution.quantile(0.3), -0.5244005127080409, 1e-14))
        #expect(close(NormalDistribution.quantile(1e-10), -6.361340902404056, 1e-13))
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
    }
}

@Suite("Mann–Kendall")
struct MannKendallTests {
    @Test("a strictly rising series of 5: S = 10, Var = 5·4·15/18, Z = 9/√Var")
    func strictlyRising() throws {
        let test = try MannKendall([1, 2, 3, 4, 5])
        #expect(test.s == 10)
        #expect(close(test.variance, 50.0 / 3))
        #expect(close(test.z, 9 / (50.0 / 3).squareRoot()))
        #expect(close(test.z, 2.2045407685048604))
        #expect(close(test.pValue, 0.027486336111510353, 1e-13))
        #expect(test.tau == 1)
    }

    @Test("ties: 3 1 4 1 5 9 2 6 has S = 1+5+1+4+1−2+1 = 11 and Var = (8·7·21 − 2·1·9)/18")
    func withTies() throws {
        let test = try MannKendall([3, 1, 4, 1, 5, 9, 2, 6])
        #expect(test.s == 11)
        #expect(close(test.variance, (8.0 * 7 * 21 - 18) / 18))
        #expect(close(test.z, 10 / ((8.0 * 7 * 21 - 18) / 18).squareRoot()))
        #expect(close(test.z, 1.2467574523850742))
        #expect(close(test.pValue, 0.21248644570250086, 1e-13))
        #expect(close(test.tau, 11.0 / 28))
    }

    @Test("NaN values are skipped; ±inf and fewer than 3 values are errors")
    func badInput() throws {
        #expect(try MannKendall([1, .nan, 2, 3, .nan, 4, 5]).s == 10)
        #expect(
            throws: StatisticsError(
                .tooFewPoints, "the Mann–Kendall test needs at least 3 usable points, got 2 (NaN values are skipped)")
        ) {
            try MannKendall([1, .nan, 2])
        }
        #expect { try MannKendall([1, .infinity, 2, 3]) } throws: { ($0 as? StatisticsError)?.kind == .nonFiniteInput }
    }

    @Test("a constant series has S = 0, Var = 0, Z = 0 and p = 1")
    func constant() throws {
        let test = try MannKendall([4, 4, 4, 4])
        #expect(test.s == 0)
        #expect(test.variance == 0)
        #expect(test.z == 0)
        #expect(test.pValue == 1)
    }

    @Test("S by merge sort equals S by comparing every pair", arguments: [7, 16, 17, 100, 999])
    func mergeSortCount(count: Int) throws {
        var generator = SplitMix64(seed: UInt64(count))
        // Few distinct values, so ties are frequent.
        let values = (0..<count).map { _ in Double(generator.next() % 13) }
        #expect(try MannKendall(values).s == MannKendall.bruteForceS(values))
    }
}

@Suite("Theil–Sen")
struct TheilSenTests {
    @Test("an outlier does not move the slope: slopes of (1…5, 1 2 3 4 100) are six 1s and four large ones")
    func robust() throws {
        let fit = try TheilSen(x: [1, 2, 3, 4, 5], y: [1, 2, 3, 4, 100])
        #expect(fit.slopeCount == 10)
        #expect(fit.slope == 1)
        #expect(fit.intercept == 0)
        #expect(fit.method == .exact)
    }

    @Test("slope, intercept and Sen's 95 % interval match R trend::sens.slope (positions M1, M2+1, interpolated)")
    func senInterval() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        let y = [2.1, 2.5, 2.4, 3.9, 3.3, 4.8, 4.1, 5.9, 5.2, 6.8, 6.0, 7.7]
        let fit = try TheilSen(x: x, y: y)
        // N = 66; C = 1.959964·√(12·11·29/18) = 28.5823; M1 = 18.7088, M2 + 1 = 48.2912.
        #expect(fit.slopeCount == 66)
        #expect(close(fit.slope, 0.475, 1e-14))
        #expect(close(fit.intercept, 1.5875, 1e-14))
        #expect(close(fit.lowerSlope, 0.388484485106962, 1e-12))
        #expect(close(fit.upperSlope, 0.569093089358228, 1e-12))
    }

    @Test("the bisection path finds the same order statistics as listing every slope")
    func bisectionMatchesExact() throws {
        var generator = SplitMix64(seed: 42)
        let x = (0..<400).map { Double($0) * 0.25 }
        let y = x.map { 3 - 0.7 * $0 + Double(generator.next() % 1000) / 100 }
        let exact = try TheilSen(x: x, y: y)
        let bisected = try TheilSen(x: x, y: y, exactLimit: 10)
        #expect(exact.method == .exact)
        #expect(bisected.method == .bisection)
        #expect(close(bisected.slope, exact.slope, 1e-11))
        #expect(close(bisected.lowerSlope, exact.lowerSlope, 1e-11))
        #expect(close(bisected.upperSlope, exact.upperSlope, 1e-11))
        #expect(close(bisected.intercept, exact.intercept, 1e-9))
    }

    @Test("repeated x values are skipped as pairs, in both paths")
    func tiedX() throws {
        let x: [Double] = [0, 0, 1, 1, 2, 2, 3, 3]
        let y: [Double] = [0, 1, 2, 3, 4, 5, 6, 7]
        let exact = try TheilSen(x: x, y: y)
        let bisected = try TheilSen(x: x, y: y, exactLimit: 2)
        #expect(exact.slopeCount == 24)
        #expect(close(bisected.slope, exact.slope, 1e-12))
    }

    @Test("bad input names the problem")
    func badInput() {
        #expect(throws: StatisticsError(.mismatchedLengths, "x has 3 values, y has 2; the series must be aligned")) {
            try TheilSen(x: [1, 2, 3], y: [1, 2])
        }
        #expect { try TheilSen(x: [1, 1, 1], y: [1, 2, 3]) } throws: { ($0 as? StatisticsError)?.kind == .tooFewPoints }
        #expect { try TheilSen(x: [1, 2], y: [1, 2], confidenceLevel: 1) } throws: {
            ($0 as? StatisticsError)?.kind == .invalidParameter
        }
    }
}

@Suite("Trend direction")
struct TrendDirectionTests {
    @Test(
        "polarity from name, labels and unit",
        arguments: [
            ("system.cpu.utilization", ["state": "user"], "1", MetricPolarity.higherIsWorse),
            ("system.cpu.utilization", ["state": "idle"], "1", .higherIsBetter),
            ("system.memory.usage", ["state": "free"], "By", .higherIsBetter),
            ("system.linux.memory.available", [:], "By", .higherIsBetter),
            ("http.server.request.duration", [:], "s", .higherIsWorse),
            ("app.latency", [:], "ms", .higherIsWorse),
            ("system.network.errors", [:], "{error}/s", .higherIsWorse),
            ("system.disk.average_wait", [:], "s", .higherIsWorse),
            ("system.disk.queue_length", [:], "{request}", .higherIsWorse),
            ("system.pressure.stall", ["resource": "io"], "1", .higherIsWorse),
            ("homeostat.memory.hit_ratio", ["tier": "raw"], "1", .higherIsBetter),
            ("http.requests.rate", [:], "{request}/s", .higherIsBetter),
            ("app.throughput", [:], nil, .higherIsBetter),
            ("app.job.elapsed", [:], "s", .higherIsWorse),
            ("system.network.io", [:], "By/s", .neutral),
            ("system.cpu.logical.count", [:], "{cpu}", .neutral),
        ] as [(String, [String: String], String?, MetricPolarity)])
    func polarity(name: String, labels: [String: String], unit: String?, expected: MetricPolarity) {
        let labelList = labels.map { Label($0.key, $0.value) }
        #expect(MetricPolarity(name: name, labels: labelList, unit: unit) == expected)
    }

    @Test("a verdict needs p < 0.05 and a relative change of at least 5 %")
    func verdicts() {
        let criteria = TrendCriteria()
        #expect(criteria.verdict(slope: 1, pValue: 0.01, relativeChange: 0.2, polarity: .higherIsWorse) == .degrading)
        #expect(criteria.verdict(slope: 1, pValue: 0.01, relativeChange: 0.2, polarity: .higherIsBetter) == .improving)
        #expect(
            criteria.verdict(slope: -1, pValue: 0.01, relativeChange: -0.2, polarity: .higherIsBetter) == .degrading)
        #expect(criteria.verdict(slope: 1, pValue: 0.01, relativeChange: 0.2, polarity: .neutral) == .changing)
        #expect(criteria.verdict(slope: 1, pValue: 0.05, relativeChange: 0.2, polarity: .higherIsWorse) == .stable)
        #expect(criteria.verdict(slope: 1, pValue: 0.01, relativeChange: 0.04, polarity: .higherIsWorse) == .stable)
        #expect(criteria.verdict(slope: 1, pValue: 0.01, relativeChange: nil, polarity: .higherIsWorse) == .degrading)
    }

    @Test("a trend estimate of a clean line: slope, change over the span and relative change")
    func estimate() throws {
        let x = (0..<10).map(Double.init)
        let trend = try TrendEstimate(x: x, y: x.map { 10 + 2 * $0 })
        #expect(trend.theilSen.slope == 2)
        #expect(trend.change == 18)
        #expect(trend.relativeChange == 1.8)
        #expect(trend.mannKendall.tau == 1)
    }
}

@Suite("Analytics periods")
struct AnalyticsPeriodTests {
    @Test(
        "durations and the seed's spelled-out forms",
        arguments: [
            ("1h", Int64(3_600_000)), ("24h", 86_400_000), ("7d", 604_800_000), ("30_days", 2_592_000_000),
            ("1_day", 86_400_000), ("12_hours", 43_200_000), ("2_weeks", 1_209_600_000), ("90", 90_000),
            ("1h30m", 5_400_000),
        ])
    func parses(text: String, milliseconds: Int64) throws {
        #expect(try AnalyticsPeriod.parse(text) == milliseconds)
    }

    @Test(
        "zero and nonsense are errors naming the input", arguments: ["0h", "0_days", "soon", "x_days", "3_fortnights"])
    func rejects(text: String) {
        #expect { try AnalyticsPeriod.parse(text) } throws: {
            guard let error = $0 as? QueryTimeError else { return false }
            return error.kind == .duration && error.input == text
        }
    }
}
