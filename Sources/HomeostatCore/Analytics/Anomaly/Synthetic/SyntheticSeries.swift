import Foundation

/// The kinds of anomaly the synthetic generator injects.
public enum SyntheticAnomalyKind: String, CaseIterable, Sendable, Codable {
    /// One sample 6–10 σ away from the base.
    case spike
    /// A permanent step of 4–7 σ.
    case levelShift = "level_shift"
    /// The noise grows 3–4× for 120 samples.
    case varianceChange = "variance_change"
    /// The seasonal pattern jumps by half a period (peaks where troughs were) for two periods.
    case seasonalityBreak = "seasonality_break"
    /// A ramp of 6–10 σ over 200 samples that stays (a leak, a creeping latency).
    case slowDrift = "slow_drift"
    /// No anomaly: measures false positives.
    case none
}

/// One labelled synthetic series.
public struct SyntheticSeries: Sendable {
    public var kind: SyntheticAnomalyKind
    /// Timestamps in milliseconds, one a minute from 2026-01-01T00:00:00Z.
    public var timestamps: [Int64]
    public var values: [Double]
    /// Sample index ranges that are anomalous, ascending and disjoint.
    public var windows: [Range<Int>]
    /// The seasonal period of the base, in samples.
    public var period: Int
    /// The standard deviation of the base's noise (the unit of every anomaly's size).
    public var noiseSigma: Double
}

/// Deterministic labelled series: a realistic noisy seasonal base with anomalies of one kind injected.
///
/// The base is a level (50–500), a slow random walk on it, a daily-like season of period 24, 48 or 96
/// samples with two harmonics of amplitude 3–8 σ, and AR(1) noise (φ = 0.6) whose marginal standard
/// deviation σ is 1–3 % of the level. Three anomalies are placed after sample 600 (so the detectors
/// and the period detection have warmed up), one in the first half of each third of the rest.
///
/// - Complexity: O(length) time and memory.
public enum SyntheticSeriesGenerator {
    /// The series of `kind` for `seed`; the same arguments always give the same series.
    /// - Parameter length: samples (default 3000, at least 1200).
    public static func make(kind: SyntheticAnomalyKind, seed: UInt64, length: Int = 3000) -> SyntheticSeries {
        let length = max(1200, length)
        var random = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(kind.hashSeed))
        let level = random.uniform(50...500)
        let sigma = level * random.uniform(0.01...0.03)
        let period = [24, 48, 96][Int(random.next() % 3)]
        let amplitude = sigma * random.uniform(3...8)
        let secondHarmonic = random.uniform(0.2...0.5)
        let phase = random.uniform(0...(2 * Double.pi))
        let phi = 0.6
        let innovation = sigma * (1 - phi * phi).squareRoot()

        func season(_ t: Double) -> Double {
            let angle = 2 * Double.pi * t / Double(period) + phase
            return amplitude * (Foundation.sin(angle) + secondHarmonic * Foundation.sin(2 * angle + 1))
        }

        // Anomaly starts: one in the first half of each third of [600, length - 300).
        let usable = length - 300 - 600
        let starts = (0..<3).map { third in
            600 + third * usable / 3 + Int(random.next() % UInt64(max(1, usable / 6)))
        }
        var windows: [Range<Int>] = []
        var shifts: [(start: Int, size: Double)] = []
        var varianceBursts: [(range: Range<Int>, factor: Double)] = []
        var seasonBreaks: [Range<Int>] = []
        var drifts: [(start: Int, size: Double)] = []
        var spikes: [(index: Int, size: Double)] = []
        for start in starts where kind != .none {
            let sign: Double = random.next() % 2 == 0 ? 1 : -1
            switch kind {
            case .spike:
                spikes.append((start, sign * sigma * random.uniform(6...10)))
                windows.append(start..<(start + 1))
            case .levelShift:
                shifts.append((start, sign * sigma * random.uniform(4...7)))
                windows.append(start..<(start + 24))
            case .varianceChange:
                varianceBursts.append((start..<(start + 120), random.uniform(3...4)))
                windows.append(start..<(start + 120))
            case .seasonalityBreak:
                seasonBreaks.append(start..<(start + 2 * period))
                windows.append(start..<(start + 2 * period))
            case .slowDrift:
                drifts.append((start, sign * sigma * random.uniform(6...10)))
                windows.append(start..<(start + 200))
            case .none:
                break
            }
        }

        var values = [Double](repeating: 0, count: length)
        var noise = 0.0
        var walk = 0.0
        for t in 0..<length {
            var factor = 1.0
            for burst in varianceBursts where burst.range.contains(t) { factor = burst.factor }
            noise = phi * noise + innovation * random.nextGaussian()
            walk += 0.02 * sigma * random.nextGaussian()
            var seasonTime = Double(t)
            for broken in seasonBreaks where broken.contains(t) { seasonTime += Double(period) / 2 }
            var x = level + walk + season(seasonTime) + factor * noise
            for shift in shifts where t >= shift.start { x += shift.size }
            for drift in drifts where t >= drift.start {
                x += drift.size * min(1, Double(t - drift.start + 1) / 200)
            }
            for spike in spikes where spike.index == t { x += spike.size }
            values[t] = x
        }
        let origin: Int64 = 1_767_225_600_000
        let timestamps = (0..<length).map { origin + Int64($0) * 60_000 }
        return SyntheticSeries(
            kind: kind, timestamps: timestamps, values: values, windows: windows, period: period, noiseSigma: sigma)
    }
}

extension SyntheticAnomalyKind {
    /// A fixed per-kind salt (not `hashValue`, which changes from run to run).
    fileprivate var hashSeed: UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in rawValue.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }
}
