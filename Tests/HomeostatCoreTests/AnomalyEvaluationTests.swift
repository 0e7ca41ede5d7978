import HomeostatCore
import Testing

@Suite("Anomaly evaluation and synthetic series")
struct AnomalyEvaluationTests {
    @Test("event-level hits, merged false positives and delays by hand")
    func handCounted() {
        var scores = [Double](repeating: 0, count: 60)
        // Window 10..<12: detected at 11 (delay 1), the run continues past the window.
        for i in 11...14 { scores[i] = 0.9 }
        // Window 30..<35: detected twice inside, counted once; the first at 32 (delay 2).
        scores[32] = 0.6
        scores[34] = 0.5
        // Window 40..<41: detected 2 samples after its end, within the tolerance of 3 (delay 3).
        scores[43] = 0.7
        // Two false runs: 20...21 (merged: consecutive) and 58 (after 50..<52 + 3).
        scores[20] = 0.8
        scores[21] = 0.99
        scores[58] = 0.51
        // Just below the threshold: not a detection.
        scores[5] = 0.4999
        let windows = [10..<12, 30..<35, 40..<41, 50..<52]  // the last is missed
        let result = AnomalyEvaluation.evaluate(scores: scores, windows: windows, tolerance: 3)
        #expect(result.windows == 4)
        #expect(result.hits == 3)
        #expect(result.falsePositives == 2)
        #expect(result.totalDelay == 1 + 2 + 3)
        #expect(result.meanDelay == 2)
        #expect(result.precision == 3.0 / 5)
        #expect(result.recall == 3.0 / 4)
        #expect(abs(result.f1 - 2 * 0.6 * 0.75 / 1.35) < 1e-12)
        #expect(result.falsePositivesPer10k == 2 * 10_000 / 60.0)
    }

    @Test("a run that starts before a window and reaches into it hits it with delay 0")
    func earlyRun() {
        let result = AnomalyEvaluation.evaluate(scores: [0, 1, 1, 1, 0, 0], windows: [2..<4])
        #expect(result.hits == 1 && result.falsePositives == 0 && result.totalDelay == 0)
    }

    @Test("nothing to find and nothing flagged is perfect; nothing flagged with windows is recall 0")
    func edges() {
        let clean = AnomalyEvaluation.evaluate(scores: [0, 0, 0], windows: [])
        #expect(clean.precision == 1 && clean.recall == 1 && clean.f1 == 1 && clean.meanDelay == nil)
        let missed = AnomalyEvaluation.evaluate(scores: [0, 0, 0], windows: [1..<2])
        #expect(missed.recall == 0 && missed.f1 == 0)
    }

    @Test("the generator is deterministic and labels three windows per anomalous series")
    func generator() {
        for kind in SyntheticAnomalyKind.allCases {
            let a = SyntheticSeriesGenerator.make(kind: kind, seed: 4)
            let b = SyntheticSeriesGenerator.make(kind: kind, seed: 4)
            #expect(a.values == b.values)
            #expect(a.values.count == 3000 && a.timestamps.count == 3000)
            #expect(a.windows.count == (kind == .none ? 0 : 3))
            #expect(a.windows.allSatisfy { $0.lowerBound >= 600 && $0.upperBound <= 3000 })
            #expect([24, 48, 96].contains(a.period))
        }
        let other = SyntheticSeriesGenerator.make(kind: .spike, seed: 5)
        #expect(other.values != SyntheticSeriesGenerator.make(kind: .spike, seed: 4).values)
    }

    @Test("a spike series carries its spike at the labelled index")
    func spikeLabel() {
        let series = SyntheticSeriesGenerator.make(kind: .spike, seed: 1)
        for window in series.windows {
            let i = window.lowerBound
            let neighbours = (series.values[i - 1] + series.values[i + 1]) / 2
            #expect(abs(series.values[i] - neighbours) > 4 * series.noiseSigma)
        }
    }

    @Test("SplitMix64 reproduces the reference sequence for seed 0")
    func splitMix() {
        var random = HomeostatCore.SplitMix64(seed: 0)
        // First outputs of the reference C implementation for seed 0.
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
