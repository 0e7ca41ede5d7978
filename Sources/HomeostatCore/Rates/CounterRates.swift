/// Turns cumulative counters into per-second rates, one remembered reading per key.
///
/// The first reading of a key yields no rate (nil); later ones yield the increase divided by the
/// elapsed seconds, across wrap-around and resets (see ``CounterDelta``). Keys not seen during a
/// cycle are forgotten by ``endCycle()``, so a vanished device or process does not leak memory and
/// a re-appearing one starts afresh.
public struct CounterRates<Key: Hashable>: Sendable where Key: Sendable {
    private struct Reading: Sendable {
        var value: UInt64
        var time: Double
        var cycle: UInt64
    }
    private var readings: [Key: Reading] = [:]
    private var cycle: UInt64 = 0

    public init() {}

    /// Records `value` read at `time` (seconds) and returns its rate per second since the previous
    /// reading, or nil for the first reading or when no time passed.
    /// - Complexity: O(1) amortized.
    public mutating func rate(_ key: Key, _ value: UInt64, at time: Double, width: CounterWidth = .bits64) -> Double? {
        let previous = readings.updateValue(Reading(value: value, time: time, cycle: cycle), forKey: key)
        guard let previous, time > previous.time else { return nil }
        let delta = CounterDelta.between(previous.value, value, width: width)
        return Double(delta.amount) / (time - previous.time)
    }

    /// The increase since the previous reading (no division by time), or nil for the first reading.
    public mutating func increase(_ key: Key, _ value: UInt64, at time: Double, width: CounterWidth = .bits64)
        -> UInt64?
    {
        let previous = readings.updateValue(Reading(value: value, time: time, cycle: cycle), forKey: key)
        guard let previous else { return nil }
        return CounterDelta.between(previous.value, value, width: width).amount
    }

    /// Forgets keys that were not read since the previous `endCycle()` and starts a new cycle.
    /// - Complexity: O(n) in the number of keys.
    public mutating func endCycle() {
        let current = cycle
        readings = readings.filter { $0.value.cycle == current }
        cycle &+= 1
    }

    /// Number of keys remembered.
    public var count: Int { readings.count }
}
