import HomeostatCore
import Testing

/// A rollup as bit patterns, so NaN payloads and -0.0 compare exactly; the sum compares by its exact
/// value (and its rounded value's bits), since `ExactSum(partials:)` may split an exact sum into
/// different partials than the ones it was built from.
struct ExactRollup: Equatable, CustomStringConvertible {
    var start: Int64
    var count: Int
    var exactSum: ExactSum
    var partials: [UInt64]
    var sum: UInt64
    var min: UInt64
    var max: UInt64
    var last: UInt64
    var lastTimestamp: Int64

    init(_ rollup: Rollup) {
        start = rollup.start
        count = rollup.count
        exactSum = rollup.sum
        partials = rollup.sum.partials.map(\.bitPattern)
        sum = rollup.sum.value.bitPattern
        min = rollup.min.bitPattern
        max = rollup.max.bitPattern
        last = rollup.last.bitPattern
        lastTimestamp = rollup.lastTimestamp
    }

    static func == (lhs: ExactRollup, rhs: ExactRollup) -> Bool {
        lhs.start == rhs.start && lhs.count == rhs.count && lhs.exactSum == rhs.exactSum && lhs.sum == rhs.sum
            && lhs.min == rhs.min && lhs.max == rhs.max && lhs.last == rhs.last
            && lhs.lastTimestamp == rhs.lastTimestamp
    }

    var description: String {
        let hex = { (bits: UInt64) in "0x" + String(bits, radix: 16) }
        return "(start \(start), count \(count), partials \(partials.map(hex)), sum \(hex(sum)), "
            + "min \(hex(min)), max \(hex(max)), last \(hex(last)), lastTimestamp \(lastTimestamp))"
    }
}

/// Records the first rollup that differs, if any, with both versions.
func expectSame(
    _ sent: [ExactRollup], _ got: [ExactRollup], sourceLocation: SourceLocation = #_sourceLocation
) {
    guard sent != got else { return }
    guard sent.count == got.count else {
        Issue.record("sent \(sent.count) rollups, got \(got.count)", sourceLocation: sourceLocation)
        return
    }
    let index = sent.indices.first { sent[$0] != got[$0] }!
    Issue.record("rollup \(index): sent \(sent[index]), got \(got[index])", sourceLocation: sourceLocation)
}

/// Encodes then decodes `rollups`, returning both sides as exact rollups.
func roundTrip(_ rollups: [Rollup], resolution: Int64 = 60_000) throws -> (sent: [ExactRollup], got: [ExactRollup]) {
    let block = try RollupBlock.encode(rollups, resolution: resolution)
    let decoded = try block.decoder().decodeAll()
    return (rollups.map(ExactRollup.init), decoded.map(ExactRollup.init))
}

/// 1-minute rollups of `minutes` minutes from `start`, each of `perMinute` samples evenly spaced with
/// the first at `phase` ms into the minute, with values from `value(sampleIndex)`.
func minuteRollups(
    start: Int64 = 1_700_000_040_000, minutes: Int, perMinute: Int = 60, phase: Int64 = 123,
    value: (Int) -> Double
) -> [Rollup] {
    let interval = 60_000 / Int64(perMinute)
    return (0..<minutes).map { minute in
        let bucket = start + Int64(minute) * 60_000
        var rollup = Rollup(start: bucket)
        for sample in 0..<perMinute {
            rollup.add(timestamp: bucket + phase + Int64(sample) * interval, value: value(minute * perMinute + sample))
        }
        return rollup
    }
}

/// The three shapes of series whose rollup sizes `BENCHMARKS`-style notes quote.
enum RollupSeriesShape: String, CaseIterable, Sendable {
    /// A gauge that never changes (a limit, a capacity).
    case constantGauge
    /// An integer counter rising about 1,000 per second (bytes sent), steps 900...1,100.
    case risingCounter
    /// A ratio in [0, 1] with a full random mantissa every second (a utilization).
    case noisyRatio

    func rollups(minutes: Int, seed: UInt64 = 1) -> [Rollup] {
        var random = SplitMix64(seed: seed)
        switch self {
        case .constantGauge:
            return minuteRollups(minutes: minutes) { _ in 0.75 }
        case .risingCounter:
            var total = 4_000_000_000.0
            return minuteRollups(minutes: minutes) { _ in
                total += Double(900 + random.next() % 201)
                return total
            }
        case .noisyRatio:
            return minuteRollups(minutes: minutes) { _ in Double(random.next() >> 11) / Double(1 << 53) }
        }
    }
}
