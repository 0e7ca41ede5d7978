/// When a forecast path first reaches a capacity: the seed's "time to exhaustion".
///
/// The path starts at `current` (the last observed value, time 0) and has one value per `step` seconds
/// after it. Between two values the path is taken as linear, so a series that fills at a constant rate
/// gets its exact crossing time rather than the next whole step.
public enum TimeToExhaustion {
    /// Seconds after the last observation at which `path` first reaches `capacity` (≥), 0 when `current`
    /// already does, nil when it never does within the path.
    /// - Parameters:
    ///   - current: the last observed value, in the capacity's unit.
    ///   - path: forecast values for steps 1…h (the mean, or an interval bound).
    ///   - step: seconds per step, > 0.
    ///   - capacity: the level that counts as exhausted (1 for a share).
    /// - Complexity: O(h).
    public static func seconds(current: Double, path: [Double], step: Double, capacity: Double) -> Double? {
        if current >= capacity { return 0 }
        var previous = current
        for (index, value) in path.enumerated() {
            if value >= capacity {
                // previous < capacity ≤ value, so the rise is positive and the fraction lies in (0, 1].
                let fraction = (capacity - previous) / (value - previous)
                return (Double(index) + fraction) * step
            }
            previous = value
        }
        return nil
    }
}
