import Foundation
import HomeostatCore
import Testing

@Suite("Anomaly column")
struct AnomalyColumnTests {
    static let start: Int64 = 1_767_225_600_000

    /// A seasonal series with noise: period 24, amplitude 10, noise σ 0.5.
    static func seasonal(_ count: Int, seed: UInt64 = 5) -> [Double] {
        var random = HomeostatCore.SplitMix64(seed: seed)
        var values: [Double] = []
        for t in 0..<count {
            let season: Double = 10 * sin(2 * Double.pi * Double(t) / 24)
            values.append(100 + season + 0.5 * random.nextGaussian())
        }
        return values
    }

    static func scores(_ values: [Double], configuration: AnomalyColumn.Configuration = .init()) -> [AnomalyScore] {
        var column = AnomalyColumn(configuration: configuration)
        return values.enumerated().map {
            column.observe(timestamp: start + Int64($0.offset) * 60_000, value: $0.element)
        }
    }

    @Test("a σ floor keeps a quantized near-zero ratio's small step from scoring as an anomaly")
    func sigmaFloor() {
        // Zeros with a 0.001 blip every 50 samples (so the resolution is 0.001), then a step to 0.01 at 300.
        let values = (0..<400).map { i -> Double in i >= 300 ? 0.01 : (i % 50 == 25 ? 0.001 : 0) }
        func scoreAtStep(_ configuration: AnomalyColumn.Configuration) -> Double {
            var column = AnomalyColumn(configuration: configuration)
            var score = 0.0
            for (i, value) in values.enumerated() {
                let observed = column.observe(timestamp: Self.start + Int64(i) * 1000, value: value).value
                if i == 300 { score = observed }
            }
            return score
        }
        // 0.01 is 10 resolutions (0.001) above a median of 0: an anomaly without a floor…
        #expect(scoreAtStep(AnomalyColumn.Configuration()) >= 0.5)
        // …but only 2 σ with σ at least 0.005, and 0.02 relative to a typical |value| of about 0.0005
        // is far below that.
        var floored = AnomalyColumn.Configuration()
        floored.minimumSigma = 0.005
        #expect(scoreAtStep(floored) < 0.5)
    }

    @Test("a constant series scores 0 throughout")
    func constant() {
        let scores = Self.scores([Double](repeating: 42, count: 2000))
        #expect(scores.allSatisfy { $0.value == 0 })
        #expect(scores[0].status == .warmingUp)
        #expect(scores[95].status == .warmingUp)
        #expect(scores[96].status == .scored)
    }

    @Test("a single sample scores 0")
    func single() {
        var column = AnomalyColumn()
        #expect(column.observe(timestamp: 0, value: 1) == .zero(.warmingUp))
        #expect(column.count == 1)
    }

    @Test("NaN and infinities are skipped without changing the column")
    func nonFinite() {
        let clean = Self.seasonal(600)
        var dirty: [Double] = []
        for (i, x) in clean.enumerated() {
            dirty.append(x)
            if i % 50 == 7 { dirty.append([Double.nan, .infinity, -.infinity][i % 3]) }
        }
        var column = AnomalyColumn()
        var kept: [AnomalyScore] = []
        for x in dirty {
            let score = column.observe(timestamp: 0, value: x)
            if x.isFinite {
                kept.append(score)
            } else {
                #expect(score == .zero(.skippedNonFinite))
            }
        }
        let cleanScores = Self.scores(clean).map(\.value)
        // Timestamps differ (all 0 here), which only affects gap handling: the scores must be identical.
        #expect(kept.map(\.value) == cleanScores)
        #expect(column.count == 600)
    }

    @Test("scores stay in [0, 1] on hostile input: huge values, steps to the extremes, alternation")
    func bounded() {
        var random = HomeostatCore.SplitMix64(seed: 9)
        var values: [Double] = []
        for i in 0..<3000 {
            switch i / 500 {
            case 0: values.append(1e300 * (1 + 0.01 * random.nextGaussian()))
            case 1: values.append(i % 2 == 0 ? 1e308 : -1e308)
            case 2: values.append(Double.leastNonzeroMagnitude * Double(i % 3))
            case 3: values.append(i % 97 == 0 ? 1e200 : random.nextGaussian())
            default: values.append(Double(i % 7))
            }
        }
        for score in Self.scores(values) {
            #expect(score.value >= 0 && score.value <= 1)
            #expect(!score.value.isNaN)
        }
    }

    @Test("a 10σ spike on a seasonal base is detected, and nothing else")
    func spike() {
        var values = Self.seasonal(1500)
        values[1000] += 5
        let scores = Self.scores(values)
        #expect(scores[1000].value >= 0.5)
        // The return to normal at 1001 is compared with 999, not with the spike: one event, one alarm.
        let flagged = scores.indices.filter { scores[$0].value >= 0.5 && $0 != 1000 }
        #expect(flagged.isEmpty, "false detections at \(flagged)")
    }

    @Test("a level shift is detected within a few samples and explained")
    func levelShift() {
        var values = Self.seasonal(1500)
        for i in 1000..<1500 { values[i] += 4 }  // 8σ of the noise
        let scores = Self.scores(values)
        let first = scores.indices.first { scores[$0].value >= 0.5 }
        #expect(first.map { (1000...1005).contains($0) } == true, "first detection at \(String(describing: first))")
        #expect(scores[first ?? 0].contributions.strongest != nil)
    }

    @Test("gaps keep the seasonal phase: missing samples are not an anomaly")
    func gaps() {
        let values = Self.seasonal(1500)
        var column = AnomalyColumn()
        var flagged: [Int] = []
        for (i, x) in values.enumerated() where !(1000..<1010).contains(i) {
            if column.observe(timestamp: Self.start + Int64(i) * 60_000, value: x).value >= 0.5 { flagged.append(i) }
        }
        #expect(column.interval == 60_000)
        #expect(column.period == 24)
        #expect(flagged.isEmpty, "detections at \(flagged)")
    }

    @Test("feedback moves the sensitivity, bounded by the configured range")
    func feedback() {
        var column = AnomalyColumn()
        #expect(column.sensitivity == 1)
        column.markFalsePositive()
        #expect(column.sensitivity == 0.85)
        column.markTruePositive()
        #expect(column.sensitivity == 0.85 * 1.05)
        for _ in 0..<20 { column.markFalsePositive() }
        #expect(column.sensitivity == 0.5)
        for _ in 0..<40 { column.markTruePositive() }
        #expect(column.sensitivity == 2)
        column.sensitivity = 7
        #expect(column.sensitivity == 2)
    }

    @Test("lower sensitivity gives lower scores for the same anomaly")
    func sensitivityOrdersScores() {
        var values = Self.seasonal(1200)
        values[1100] += 3
        var low = AnomalyColumn.Configuration()
        low.sensitivity = 0.5
        var high = AnomalyColumn.Configuration()
        high.sensitivity = 2
        let lowScore = Self.scores(values, configuration: low)[1100].value
        let defaultScore = Self.scores(values)[1100].value
        let highScore = Self.scores(values, configuration: high)[1100].value
        #expect(lowScore < defaultScore && defaultScore < highScore)
    }

    @Test("the noise factor stays within [1, 2] on heavy-tailed noise")
    func noiseFactor() {
        var random = HomeostatCore.SplitMix64(seed: 2)
        var column = AnomalyColumn()
        for i in 0..<5000 {
            // Cauchy-like tails: a ratio of normals.
            let x = random.nextGaussian() / max(0.05, abs(random.nextGaussian()))
            _ = column.observe(timestamp: Int64(i), value: x)
            #expect(column.noiseFactor >= 1 && column.noiseFactor <= 2)
        }
        #expect(column.noiseFactor > 1)
    }

    @Test("only the chosen detectors contribute")
    func detectorSelection() {
        var values = Self.seasonal(1200)
        values[1100] += 6
        var configuration = AnomalyColumn.Configuration()
        configuration.detectors = [.median]
        let score = Self.scores(values, configuration: configuration)[1100]
        #expect(score.contributions.median > 0)
        #expect(score.contributions.ewma == 0 && score.contributions.seasonal == 0)
        #expect(score.contributions.cusum == 0 && score.contributions.rate == 0)
        #expect(score.value == score.contributions.median)
    }

    @Test("a long clean seasonal series raises no detection")
    func cleanSeries() {
        let scores = Self.scores(Self.seasonal(20_000, seed: 9))
        let flagged = scores.indices.filter { scores[$0].value >= 0.5 }
        #expect(flagged.isEmpty, "false detections at \(flagged)")
    }

    @Test("the CUSUM does not vote until two period detections agree (sample 192)")
    func cusumWaitsForSettledSeason() {
        var values = Self.seasonal(400)
        for i in 120..<400 { values[i] += 3 }  // 6σ, within the unsettled stretch
        let scores = Self.scores(values)
        #expect(scores[..<192].allSatisfy { $0.contributions.cusum == 0 })
    }

    @Test("a second spike right after a detection needs stronger evidence (refractory period)")
    func refractory() {
        var alone = Self.seasonal(1500)
        alone[1030] += 3.5  // 7σ
        var afterAnother = alone
        afterAnother[1000] += 5
        let aloneScore = Self.scores(alone)[1030].value
        let refractoryScore = Self.scores(afterAnother)[1030].value
        #expect(refractoryScore < aloneScore)
        var outside = alone
        outside[900] += 5  // 130 samples before: outside the default 64
        #expect(abs(Self.scores(outside)[1030].value - aloneScore) < 0.05)
    }

    @Test("a long drift is one CUSUM event: its further alarms within cusumRefractory are damped")
    func driftIsOneEvent() {
        var values = Self.seasonal(2500)
        for i in 1000..<2500 { values[i] += 12 * min(1, Double(i - 999) / 800) }  // 24σ over 800 samples
        func runs(_ configuration: AnomalyColumn.Configuration) -> [Int] {
            let scores = Self.scores(values, configuration: configuration)
            return scores.indices.filter { scores[$0].value >= 0.5 && ($0 == 0 || scores[$0 - 1].value < 0.5) }
        }
        var undamped = AnomalyColumn.Configuration()
        undamped.cusumRefractory = 0
        let one = runs(AnomalyColumn.Configuration())
        let many = runs(undamped)
        #expect(!one.isEmpty && one.allSatisfy { (1000..<1900).contains($0) }, "runs at \(one)")
        #expect(one.count < many.count, "damped \(one), undamped \(many)")
    }
}
