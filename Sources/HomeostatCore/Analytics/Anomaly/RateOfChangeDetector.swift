/// Scores how abrupt each step of the series is: the change per sampling interval, in units of the
/// series' typical change.
///
/// With `r = (x - previous)/steps` (steps: sampling intervals since the previous sample, 1 without
/// gaps), the typical change is an EWMA of `|r|` and the score is `|r| / (1.2533·typical)`: for
/// normal increments, the mean of |r| is σ·√(2/π), so this is |r| in σ. The EWMA sees `|r|` clipped
/// at `clamp` times the typical change, so that a spike does not mask the next one.
///
/// - Complexity: O(1) time and memory per sample.
public struct RateOfChangeDetector: Sendable {
    /// EWMA factor for the typical absolute change (default 0.05).
    public let alpha: Double
    /// Clip, in multiples of the typical change, for the EWMA update (default 4).
    public let clamp: Double
    /// The previous value; nil before the first sample and after a long gap.
    public private(set) var previous: Double?
    /// EWMA of |change per interval|; 0 until the first change.
    public private(set) var typicalChange = 0.0
    private var changes = 0

    /// - Parameters:
    ///   - alpha: EWMA factor (default 0.05).
    ///   - clamp: clip of an update in multiples of the typical change (default 4).
    public init(alpha: Double = 0.05, clamp: Double = 4) {
        self.alpha = alpha
        self.clamp = clamp
    }

    /// Scores `value` against the previous one (0 for the first), then remembers it.
    /// - Parameters:
    ///   - steps: sampling intervals since the previous sample (≥ 1).
    ///   - floor: the smallest σ to divide by (the column's noise floor).
    public mutating func observe(_ value: Double, steps: Int = 1, floor: Double = 0) -> Double {
        defer { previous = value }
        guard let previous else { return 0 }
        let rate = abs(value - previous) / Double(max(1, steps))
        guard rate.isFinite else { return .infinity }
        let sigma = max(1.2533 * typicalChange, floor)
        let score: Double
        if changes == 0 {
            score = 0
        } else if sigma > 0 {
            score = rate / sigma
        } else {
            score = rate > 0 ? .infinity : 0
        }
        let clipped = typicalChange > 0 ? min(rate, clamp * typicalChange) : rate
        typicalChange = changes == 0 ? clipped : typicalChange + alpha * (clipped - typicalChange)
        changes += 1
        return score
    }

    /// Forgets the previous value, so that the next sample is not compared across a long gap.
    public mutating func breakContinuity() {
        previous = nil
    }
}
