import Foundation
import HomeostatCore
import Testing

@Suite("Anomaly detectors")
struct AnomalyDetectorTests {
    @Test("rolling median and MAD of hand-computed windows (odd window)")
    func medianMADOdd() {
        var window = RollingMedianMAD(capacity: 5)
        for x in [3.0, 1, 4, 1, 5] { window.append(x) }
        // sorted 1 1 3 4 5 → median 3; |x-3| = 2 2 0 1 2 → sorted 0 1 2 2 2 → MAD 2
        #expect(window.median == 3)
        #expect(window.mad == 2)
        window.append(9)  // window 1 4 1 5 9 → sorted 1 1 4 5 9, median 4; deviations 0 1 3 3 5 → 3
        #expect(window.median == 4)
        #expect(window.mad == 3)
        window.append(2)  // window 4 1 5 9 2 → sorted 1 2 4 5 9, median 4; deviations 0 1 2 3 5 → 2
        #expect(window.median == 4)
        #expect(window.mad == 2)
        #expect(window.count == 5)
    }

    @Test("rolling median and MAD of an even window average the two middle values")
    func medianMADEven() {
        var window = RollingMedianMAD(capacity: 4)
        for x in [3.0, 1, 4, 1] { window.append(x) }
        // sorted 1 1 3 4 → median 2; deviations 1 1 1 2 → sorted 1 1 1 2 → MAD 1
        #expect(window.median == 2)
        #expect(window.mad == 1)
        window.append(10)  // window 1 4 1 10 → sorted 1 1 4 10, median 2.5; deviations 1.5 1.5 1.5 7.5 → 1.5
        #expect(window.median == 2.5)
        #expect(window.mad == 1.5)
    }

    @Test("rolling median and MAD match a brute-force computation", arguments: [1, 2, 7, 64])
    func medianMADBruteForce(capacity: Int) {
        var window = RollingMedianMAD(capacity: capacity)
        var random = HomeostatCore.SplitMix64(seed: UInt64(capacity))
        var recent: [Double] = []
        func median(_ values: [Double]) -> Double {
            let s = values.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        for _ in 0..<500 {
            // Integers with repeats, so that ties and duplicate removals are exercised.
            let x = Double(random.next() % 20)
            window.append(x)
            recent.append(x)
            if recent.count > capacity { recent.removeFirst() }
            let m = median(recent)
            #expect(window.median == m)
            #expect(window.mad == median(recent.map { abs($0 - m) }))
        }
    }

    @Test("EWMA mean and variance follow the hand-computed recurrences")
    func ewmaRecurrence() {
        var ewma = EWMADetector(alpha: 0.5, clamp: 100)
        ewma.update(10)
        #expect(ewma.mean == 10)
        #expect(ewma.standardDeviation == 0)
        #expect(ewma.zScore(12) == .infinity)
        ewma.update(12)  // d = 2: mean 11, variance (1-α)(0 + α·4) = 1
        #expect(ewma.mean == 11)
        #expect(ewma.standardDeviation == 1)
        #expect(ewma.zScore(8) == 3)
        ewma.update(8)  // d = -3: mean 9.5, variance 0.5·(1 + 0.5·9) = 2.75
        #expect(ewma.mean == 9.5)
        #expect(abs(ewma.standardDeviation - 2.75.squareRoot()) < 1e-15)
    }

    @Test("EWMA winsorizes a deviation beyond clamp·σ")
    func ewmaWinsorized() {
        var ewma = EWMADetector(alpha: 0.5, clamp: 2)
        ewma.update(10)
        ewma.update(12)  // mean 11, σ 1
        ewma.update(8)  // d = -3 clipped to -2: mean 10, variance 0.5·(1 + 0.5·4) = 1.5
        #expect(ewma.mean == 10)
        #expect(abs(ewma.standardDeviation - 1.5.squareRoot()) < 1e-15)
    }

    @Test("CUSUM fires on the 6th sample of a 2σ step up and re-centres on the new level")
    func cusumStepUp() {
        var cusum = CUSUMDetector()
        var statistics: [Double] = []
        var alarmAt: Int?
        for index in 0..<20 {
            let outcome = cusum.observe(index < 10 ? 10 : 12, sigma: 1)
            statistics.append(outcome.statistic)
            if let level = outcome.newLevel {
                #expect(alarmAt == nil)
                alarmAt = index
                // μ + σ·(k + S⁺/N⁺) = 10 + (0.5 + 9/6) = 12
                #expect(level == 12)
            }
        }
        #expect(alarmAt == 15)
        // S⁺ = 1.5, 3, …, 9 over h = 8 (the spread sum grows by 1.243 a sample, more slowly)
        #expect(statistics[10] == 1.5 / 8)
        #expect(statistics[11] == 3.0 / 8)
        #expect(statistics[12] == 4.5 / 8)
        #expect(statistics[13] == 6.0 / 8)
        #expect(statistics[14] == 7.5 / 8)
        #expect(statistics[15] == 9.0 / 8)
        #expect(statistics[16...].allSatisfy { $0 == 0 })
        #expect(cusum.reference == 12)
    }

    @Test("CUSUM fires on the 4th sample of a 3σ step down; the long-run σ slows it")
    func cusumStepDown() {
        var cusum = CUSUMDetector()
        var alarm: (index: Int, level: Double)?
        for index in 0..<20 {
            if let level = cusum.observe(index < 10 ? 10 : 7, sigma: 1).newLevel, alarm == nil {
                alarm = (index, level)
            }
        }
        // S⁻ = 2.5, 5, 7.5, 10 → new level 10 - (0.5 + 10/4) = 7
        #expect(alarm?.index == 13)
        #expect(alarm?.level == 7)
        // With a long-run σ of 2: zₗ = -1.5, S⁻ = 1, 2, …, 9 → the 9th sample; 10 - 2·(0.5 + 9/9) = 7
        var slow = CUSUMDetector()
        var slowAlarm: (index: Int, level: Double)?
        for index in 0..<30 {
            if let level = slow.observe(index < 10 ? 10 : 7, sigma: 1, levelSigma: 2).newLevel, slowAlarm == nil {
                slowAlarm = (index, level)
            }
        }
        #expect(slowAlarm?.index == 18)
        #expect(slowAlarm?.level == 7)
    }

    @Test("rate of change in units of the typical change, divided across gaps")
    func rateOfChange() {
        var rate = RateOfChangeDetector(alpha: 0.5)
        #expect(rate.observe(0) == 0)
        #expect(rate.observe(1) == 0)  // first change: nothing to compare with; typical = 1
        #expect(rate.observe(3) == 2 / 1.2533)  // typical → 1 + 0.5·(2 - 1) = 1.5
        #expect(rate.observe(6, steps: 2) == 1.5 / (1.2533 * 1.5))
        rate.breakContinuity()
        #expect(rate.observe(100) == 0)
    }

    @Test("period detection finds 24 on a sinusoid of period 24")
    func periodOfSinusoid() {
        let values = (0..<1024).map { 10 * sin(2 * Double.pi * Double($0) / 24) }
        #expect(PeriodDetector.detect(values)?.length == 24)
    }

    @Test("period detection finds the period under noise, a trend and a harmonic", arguments: [24, 48, 96, 168])
    func periodUnderNoise(period: Int) {
        var random = HomeostatCore.SplitMix64(seed: 7)
        let values = (0..<1024).map { t in
            let angle = 2 * Double.pi * Double(t) / Double(period)
            let season: Double = 10 * sin(angle) + 4 * sin(2 * angle)
            return 100 + 0.05 * Double(t) + season + 3 * random.nextGaussian()
        }
        #expect(PeriodDetector.detect(values)?.length == period)
    }

    @Test("period detection finds none in white noise, a line or a constant")
    func noPeriod() {
        var random = HomeostatCore.SplitMix64(seed: 3)
        #expect(PeriodDetector.detect((0..<1024).map { _ in random.nextGaussian() }) == nil)
        #expect(PeriodDetector.detect((0..<1024).map { Double($0) }) == nil)
        #expect(PeriodDetector.detect([Double](repeating: 5, count: 1024)) == nil)
        #expect(PeriodDetector.detect([1, 2, 3]) == nil)
    }

    @Test("the seasonal detector learns period 24 and scores a spike far above the season")
    func seasonalResidual() {
        var detector = SeasonalResidualDetector()
        var random = HomeostatCore.SplitMix64(seed: 11)
        var spikeScore = 0.0
        var largestOther = 0.0
        for t in 0..<800 {
            let season: Double = 10 * sin(2 * Double.pi * Double(t) / 24)
            var x = 50 + season + 0.5 * random.nextGaussian()
            if t == 700 { x += 5 }  // 10σ of the noise, half the seasonal amplitude
            let score = detector.observe(x).score
            if t == 700 { spikeScore = score } else if t > 400 { largestOther = max(largestOther, score) }
        }
        #expect(detector.period?.length == 24)
        #expect(spikeScore > 6)
        #expect(largestOther < 5)
    }

    @Test("periodic period detections move by recomputePhase; the early ones do not")
    func recomputePhase() {
        /// The sample counts after which a detection happened (agreeingDetections grew) on a clean season.
        func detections(phase: Int) -> [Int] {
            var detector = SeasonalResidualDetector(recomputePhase: phase)
            var agreeing = 0
            var at: [Int] = []
            for t in 1...2200 {
                _ = detector.observe(10 * sin(2 * Double.pi * Double(t) / 24))
                if detector.agreeingDetections != agreeing {
                    agreeing = detector.agreeingDetections
                    at.append(t)
                }
            }
            return at
        }
        #expect(detections(phase: 0) == [192, 384, 768, 1024, 2048])
        #expect(detections(phase: 100) == [192, 384, 768, 1124, 2148])
        #expect(detections(phase: 1124) == [192, 384, 768, 1124, 2148])  // taken modulo the interval
    }

    @Test("a rejected outlier is skipped: the next sample is compared with the one before it")
    func rateRejectsOutlier() {
        var rate = RateOfChangeDetector(alpha: 0.5)
        #expect(rate.observe(0) == 0)
        #expect(rate.observe(1) == 0)  // typical = 1
        #expect(rate.observe(11) == 10 / 1.2533)  // the spike; typical → 1 + 0.5·(4 - 1) = 2.5 (clipped at 4)
        rate.rejectPrevious()
        // 1.5 against 1 over two intervals: 0.25 per interval.
        #expect(rate.observe(1.5) == 0.25 / (1.2533 * 2.5))
        // The sample after a rejection cannot be rejected: the series did not come back, it moved.
        rate.rejectPrevious()
        #expect(rate.previous == 1.5)
    }

    @Test("a rejection right after the observation that followed one does nothing (a level change)")
    func rateRejectsOnlyOnce() {
        var rate = RateOfChangeDetector(alpha: 0.5)
        for x in [0.0, 1, 11] { _ = rate.observe(x) }
        rate.rejectPrevious()
        _ = rate.observe(12)  // compared with 1: the series stayed up
        rate.rejectPrevious()
        #expect(rate.previous == 12)
        _ = rate.observe(30)  // the next one can be an outlier again
        rate.rejectPrevious()
        #expect(rate.previous == 12)
    }

    @Test("the spread sum has its own decision threshold")
    func cusumSpreadThreshold() {
        // |z| = 4 each sample: spread increment (4 - 0.798)/0.603 - 0.75 ≈ 4.56; level sums 3.5 a sample.
        var strict = CUSUMDetector(threshold: 100, spreadThreshold: 8)
        var lenient = CUSUMDetector(threshold: 100)
        _ = strict.observe(0, sigma: 1)
        _ = lenient.observe(0, sigma: 1)
        var strictStatistics: [Double] = []
        for value in [4.0, -4, 4] {
            strictStatistics.append(strict.observe(value, sigma: 1).statistic)
            _ = lenient.observe(value, sigma: 1)
        }
        let increment = (4 - 0.798) / 0.603 - 0.75
        #expect(abs(strictStatistics[0] - increment / 8) < 1e-12)
        #expect(strictStatistics[1] > 1)  // the alarm: the spread sum restarts, then gains one increment
        #expect(abs(strict.spread - increment) < 1e-12)
        #expect(abs(lenient.spread - 3 * increment) < 1e-12)
    }

    @Test("period detections agree within a tenth of the period, or when both found none")
    func periodAgreement() {
        #expect(SeasonalResidualDetector.agree(nil, nil))
        #expect(!SeasonalResidualDetector.agree(nil, 24))
        #expect(!SeasonalResidualDetector.agree(24, nil))
        #expect(SeasonalResidualDetector.agree(24, 26))  // at least ±2
        #expect(!SeasonalResidualDetector.agree(24, 27))
        #expect(SeasonalResidualDetector.agree(96, 105))  // ±10 % of the larger
        #expect(!SeasonalResidualDetector.agree(96, 107))
    }

    @Test("the seasonal model settles when the second period detection agrees with the first")
    func seasonalSettles() {
        var detector = SeasonalResidualDetector()
        var settledAt: [Int] = []
        for t in 1...800 {
            let x: Double = 50 + 10 * sin(2 * Double.pi * Double(t) / 24)
            if detector.observe(x).settled { settledAt.append(t) }
            if t == 191 { #expect(!detector.isSettled) }
        }
        #expect(settledAt == [192])  // detections at 96 and 192 agree; 384 and 768 keep it settled
        #expect(detector.isSettled && detector.agreeingDetections == 3)
    }
}
