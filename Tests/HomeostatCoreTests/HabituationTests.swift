import Foundation
import HomeostatCore
import Testing

@Suite("Habituation")
struct HabituationTests {
    /// No decay to speak of: every sample weighs the same.
    static func flat(minimumSamples: Double = 30) -> Habituation {
        var configuration = Habituation.Configuration()
        configuration.halfLife = 1e15
        configuration.minimumSamples = minimumSamples
        return Habituation(configuration: configuration)
    }

    @Test("tail shares count the value's own bucket and everything beyond it")
    func tailShares() {
        var memory = Self.flat()
        for value in 1...10 { memory.record(Double(value)) }
        // γ = 1.05/0.95, ln γ = 0.100083; bucket = ⌈ln v / ln γ⌉: 7 → 20, 8 → 21, 9 → 22, 10 and 11 → 24,
        // 12 → 25; 2 → 7, 3 → 11, 4 → 14.
        let up = memory.tailShare(of: 8, upward: true)
        #expect(abs(up.share - 0.3) < 1e-12)
        #expect(abs(up.samples - 3) < 1e-9)
        let down = memory.tailShare(of: 3, upward: false)
        #expect(abs(down.share - 0.3) < 1e-12)
        #expect(abs(memory.tailShare(of: 11, upward: true).share - 0.1) < 1e-12)  // 10's bucket
        #expect(memory.tailShare(of: 12, upward: true).share == 0)
        #expect(abs(memory.tailShare(of: 0.5, upward: true).share - 1) < 1e-12)
        #expect(abs(memory.samples - 10) < 1e-9)
    }

    @Test("zero and negative values sit below the positive ones, largest magnitudes outermost")
    func signs() {
        var memory = Self.flat()
        for value in [-2.0, -1, 0, 0, 1, 2] { memory.record(value) }
        #expect(abs(memory.tailShare(of: 0, upward: true).share - 4.0 / 6) < 1e-12)
        #expect(abs(memory.tailShare(of: 0, upward: false).share - 4.0 / 6) < 1e-12)
        #expect(abs(memory.tailShare(of: -1, upward: true).share - 5.0 / 6) < 1e-12)
        #expect(abs(memory.tailShare(of: -1, upward: false).share - 2.0 / 6) < 1e-12)
        #expect(abs(memory.tailShare(of: -3, upward: false).share) < 1e-12)
        #expect(abs(memory.tailShare(of: 1e-10, upward: true).share - 4.0 / 6) < 1e-12)  // counts as zero
    }

    @Test("weights halve every halfLife samples")
    func decay() {
        var configuration = Habituation.Configuration()
        configuration.halfLife = 10
        var memory = Habituation(configuration: configuration)
        memory.record(1)
        for _ in 0..<10 { memory.record(100) }
        // Weights 1, 2^(1/10), …, 2^(10/10); the value 1 weighs half the newest.
        let newer = (1...10).reduce(0.0) { $0 + Foundation.pow(2, Double($1) / 10) }
        let share = memory.tailShare(of: 100, upward: true)
        #expect(abs(share.share - newer / (1 + newer)) < 1e-12)
        #expect(abs(share.samples - newer / Foundation.pow(2, 11.0 / 10)) < 1e-9)
    }

    @Test("the multiplier: 1 when novel or too little seen, 0 when habitual, log-linear between")
    func multiplier() {
        var memory = Self.flat(minimumSamples: 5)
        for _ in 0..<1000 { memory.record(1) }
        #expect(memory.multiplier(for: 100, upward: true) == 1)  // never seen
        for _ in 0..<3 { memory.record(100) }
        #expect(memory.multiplier(for: 100, upward: true) == 1)  // 3 samples < 5
        for _ in 0..<3 { memory.record(100) }
        // share 6/1006: log(0.01 / share) / log(0.01 / 0.001)
        let share = 6.0 / 1006
        #expect(abs(memory.multiplier(for: 100, upward: true) - Foundation.log10(0.01 / share)) < 1e-12)
        for _ in 0..<5 { memory.record(100) }
        #expect(memory.multiplier(for: 100, upward: true) == 0)  // 11/1011 ≥ 1 %
        #expect(memory.multiplier(for: 100, upward: false) == 0)  // everything is at or below 100
        #expect(memory.multiplier(for: 1000, upward: true) == 1)
    }

    @Test("non-finite values are ignored; a span beyond 2,048 buckets merges the buckets nearest zero")
    func edges() {
        var memory = Self.flat()
        memory.record(.nan)
        memory.record(.infinity)
        #expect(memory.samples == 0)
        #expect(memory.tailShare(of: 1, upward: true).share == 0)
        memory.record(1e-8)
        memory.record(1e300)
        #expect(abs(memory.samples - 2) < 1e-9)
        #expect(abs(memory.tailShare(of: 1e300, upward: true).share - 0.5) < 1e-12)
        #expect(abs(memory.tailShare(of: 1e300, upward: false).share - 1) < 1e-12)
    }

    @Test("a column with habituation stops flagging a burst it keeps seeing, and still flags a new level")
    func columnHabituates() {
        var random = HomeostatCore.SplitMix64(seed: 11)
        // Bursts of 20 samples at 50 over noise around 10, at irregular intervals (no season to learn).
        var values: [Double] = []
        var onsets: [Int] = []
        while values.count < 6000 {
            let quiet = Int(random.uniform(150...450))
            values.append(contentsOf: (0..<quiet).map { _ in 10 + random.nextGaussian() })
            onsets.append(values.count)
            values.append(contentsOf: (0..<20).map { _ in 50 + random.nextGaussian() })
        }
        let novelStart = values.count
        values.append(contentsOf: (0..<20).map { _ in 500 + random.nextGaussian() })  // never seen
        let late = Set(onsets.filter { $0 >= 4000 })
        func flaggedBursts(_ configuration: AnomalyColumn.Configuration) -> (late: Int, novel: Bool) {
            var column = AnomalyColumn(configuration: configuration)
            var flagged = 0
            var novel = false
            for (index, value) in values.enumerated() {
                let score = column.observe(timestamp: Int64(index) * 1000, value: value).value
                if late.contains(index), score >= 0.5 { flagged += 1 }
                if index >= novelStart, score >= 0.5 { novel = true }
            }
            return (flagged, novel)
        }
        var plain = AnomalyColumn.Configuration()
        plain.detectors = [.median, .ewma, .rate]
        var habituating = plain
        var memory = Habituation.Configuration()
        memory.halfLife = 3000
        habituating.habituation = memory
        let without = flaggedBursts(plain)
        let with = flaggedBursts(habituating)
        #expect(late.count >= 5)
        #expect(without.late == late.count)  // every late burst onset flagged
        #expect(with.late == 0)
        #expect(without.novel && with.novel)
    }
}
