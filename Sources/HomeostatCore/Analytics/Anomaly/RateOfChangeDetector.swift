/// Scores how abrupt each step of the series is: the change per sampling interval, in units of the
/// series' typical change.
///
/// With `r = (x - previous)/steps` (steps: sampling intervals since the previous sample, 1 without
/// gaps), the typical change is an EWMA of `|r|` and the score is `|r| / (1.2533·typical)`: for
/// normal increments, the mean of |r| is σ·√(2/π), so this is |r| in σ. The EWMA sees `|r|` clipped
/// at `clamp` times the typical change, so that a spike does not mask the next one.
///
/// The caller can reject a sample as an outlier (``rejectPrevious()``): the next sample is then
/// compared with the one before the outlier, over both intervals, so the return from a spike is not a
/// second abrupt change.
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
    /// The value before `previous` and the intervals between the two, for ``rejectPrevious()``.
    private var beforePrevious: Double?
    private var previousSteps = 1
    private var pendingSteps = 0
    private var rejectable = true

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
        let steps = max(1, steps) + pendingSteps
        rejectable = pendingSteps == 0
        pendingSteps = 0
        defer {
            beforePrevious = previous
            previousSteps = steps
            previous = value
        }
        guard let previous else { return 0 }
        let rate = abs(value - previous) / Double(steps)
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
        beforePrevious = nil
        pendingSteps = 0
    }

    /// The last observed value was an outlier: the next sample is compared with the value before it,
    /// the change divided by the intervals of both steps. Without a value before it, continuity is
    /// broken instead. Only one sample can be rejected in a row: a second call before the next
    /// observation does nothing, and so does a call right after the observation that followed a
    /// rejection (the series did not return: that is a level change, not an outlier).
    public mutating func rejectPrevious() {
        guard rejectable, pendingSteps == 0, previous != nil else { return }
        guard let beforePrevious else {
            breakContinuity()
            return
        }
        previous = beforePrevious
        self.beforePrevious = nil
        pendingSteps = previousSteps
    }
}
