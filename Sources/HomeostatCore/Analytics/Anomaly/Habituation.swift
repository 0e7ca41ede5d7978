import Foundation

/// A series' long memory of the values it takes, so that a deviation to a level the series visits
/// regularly stops being news — habituation, the waning response of a neuron to a stimulus that keeps
/// coming back.
///
/// The anomaly detectors judge a sample against the last minutes (a 64-sample median, an EWMA); on a
/// host that compiles in bursts, every burst is a fresh level shift to them. This memory answers the
/// longer question: over the last hours, how often was the series at least this far out? It is a
/// histogram of the values with logarithmic buckets (each `relativeAccuracy` wide, DDSketch's
/// mapping: Masson, Rim and Lee, VLDB 2019) whose weights decay with a half-life of `halfLife` samples
/// (forward decay: Cormode et al., ICDE 2009 — each new sample weighs 2^(1/halfLife) times the one before,
/// and everything is rescaled now and then, so recording stays O(1)).
///
/// ``multiplier(for:upward:)`` turns the tail share — the decayed share of past samples at or beyond the
/// value, on the side of the deviation — into a factor on the anomaly score: 1 when the share is at most
/// `novelShare` (0.1 % by default: never or seldom seen), 0 when it is at least `habitualShare` (1 %:
/// about a quarter of an hour a day), log-linear between; and 1 whenever the tail holds fewer than
/// `minimumSamples` samples' worth of weight, so a young column is not quick to call anything habitual.
///
/// Values with |v| below 10⁻⁹ count as zero. At most 2,048 buckets per sign (a span of 10⁴³ at 5 %);
/// beyond that the buckets nearest zero merge.
/// - Complexity: ``record(_:)`` O(1) amortized (one logarithm); ``tailShare(of:upward:)`` O(b) for b buckets.
///   Memory: 8 bytes per bucket spanned (a CPU share from 1 % to 100 % spans about 50).
public struct Habituation: Sendable, Equatable {
    /// How fast the memory forgets and when a value counts as familiar.
    public struct Configuration: Sendable, Equatable {
        /// Samples after which a value's weight has halved (default 21,600: 6 h at 1 s).
        public var halfLife = 21_600.0
        /// Relative width of a bucket (default 0.05: values within about 5 % share one).
        public var relativeAccuracy = 0.05
        /// Tail share at or below which a deviation is novel: multiplier 1 (default 0.001).
        public var novelShare = 0.001
        /// Tail share at or above which a deviation is habitual: multiplier 0 (default 0.01: about a
        /// quarter of an hour a day; a score of 1 falls under 0.5 from a share of about 0.3 %).
        public var habitualShare = 0.01
        /// Samples' worth of weight the tail needs before it can habituate at all (default 30).
        public var minimumSamples = 30.0

        public init() {}
    }

    public let configuration: Configuration
    private var positive = Buckets()
    private var negative = Buckets()
    private var zero = 0.0
    private var total = 0.0
    /// The weight of the next sample (forward decay), relative to the last rescaling.
    private var weight = 1.0
    private let growth: Double
    private let inverseLogGamma: Double

    /// Values of smaller magnitude count as zero.
    public static let zeroMagnitude = 1e-9
    private static let maxBuckets = 2048

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        growth = Foundation.pow(2, 1 / max(1, configuration.halfLife))
        let accuracy = min(0.5, max(1e-4, configuration.relativeAccuracy))
        inverseLogGamma = 1 / Foundation.log((1 + accuracy) / (1 - accuracy))
    }

    /// Samples' worth of weight held: approaches halfLife / ln 2 for a long series.
    public var samples: Double { total / weight }

    /// Remembers `value`; non-finite values are ignored.
    public mutating func record(_ value: Double) {
        guard value.isFinite else { return }
        if value > Self.zeroMagnitude {
            positive.add(weight, at: index(value))
        } else if value < -Self.zeroMagnitude {
            negative.add(weight, at: index(-value))
        } else {
            zero += weight
        }
        total += weight
        weight *= growth
        if weight > 1e150 { rescale() }
    }

    /// The decayed share of remembered samples at or beyond `value` — at or above it when `upward`,
    /// at or below it otherwise (the value's own bucket included) — and that tail's weight in samples.
    public func tailShare(of value: Double, upward: Bool) -> (share: Double, samples: Double) {
        guard total > 0, value.isFinite else { return (0, 0) }
        // Order on the line: negative buckets (largest magnitude first), zero, positive buckets.
        var tail: Double
        if value > Self.zeroMagnitude {
            let bucket = index(value)
            tail = upward ? positive.sum(from: bucket) : negative.total + zero + positive.sum(through: bucket)
        } else if value < -Self.zeroMagnitude {
            let bucket = index(-value)
            tail = upward ? negative.sum(through: bucket) + zero + positive.total : negative.sum(from: bucket)
        } else {
            tail = upward ? zero + positive.total : zero + negative.total
        }
        tail = min(tail, total)
        return (tail / total, tail / weight)
    }

    /// The factor on an anomaly score for a deviation to `value` (see the type's documentation), in [0, 1].
    public func multiplier(for value: Double, upward: Bool) -> Double {
        let (share, samples) = tailShare(of: value, upward: upward)
        guard samples >= configuration.minimumSamples, share > configuration.novelShare else { return 1 }
        guard share < configuration.habitualShare else { return 0 }
        return Foundation.log(configuration.habitualShare / share)
            / Foundation.log(configuration.habitualShare / configuration.novelShare)
    }

    private func index(_ magnitude: Double) -> Int {
        Int((Foundation.log(magnitude) * inverseLogGamma).rounded(.up))
    }

    private mutating func rescale() {
        let factor = 1 / weight
        positive.scale(by: factor)
        negative.scale(by: factor)
        zero *= factor
        total *= factor
        weight = 1
    }

    /// Contiguous bucket weights for one sign, indexed from `offset`.
    private struct Buckets: Sendable, Equatable {
        var weights: [Double] = []
        var offset = 0
        var total = 0.0

        mutating func add(_ weight: Double, at index: Int) {
            var index = index
            if weights.isEmpty {
                offset = index
                weights = [0]
            } else if index < offset {
                let grow = offset - index
                if weights.count + grow > maxBuckets {
                    // Merge the buckets nearest zero: the lowest index absorbs the value.
                    index = offset
                } else {
                    weights.insert(contentsOf: repeatElement(0, count: grow), at: 0)
                    offset = index
                }
            } else if index >= offset + weights.count {
                if index - offset + 1 > maxBuckets {
                    // Merge the buckets nearest zero: all below the new lowest index join it.
                    let lowest = index - maxBuckets + 1
                    let drop = min(weights.count, lowest - offset)
                    let merged = weights.prefix(drop).reduce(0, +)
                    weights.removeFirst(drop)
                    if weights.isEmpty { weights = [merged] } else { weights[0] += merged }
                    offset = lowest
                }
                weights.append(contentsOf: repeatElement(0, count: index - (offset + weights.count) + 1))
            }
            weights[index - offset] += weight
            total += weight
        }

        /// Weight in buckets with index ≥ `index`.
        func sum(from index: Int) -> Double {
            let start = max(0, index - offset)
            guard start < weights.count else { return 0 }
            return weights[start...].reduce(0, +)
        }

        /// Weight in buckets with index ≤ `index`.
        func sum(through index: Int) -> Double {
            let end = min(weights.count - 1, index - offset)
            guard end >= 0 else { return 0 }
            return weights[...end].reduce(0, +)
        }

        mutating func scale(by factor: Double) {
            for i in weights.indices { weights[i] *= factor }
            total *= factor
        }
    }
}
