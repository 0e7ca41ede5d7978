/// The bit width of a kernel counter: what value it wraps at.
public enum CounterWidth: Sendable, Equatable {
    /// Wraps after 2^32 − 1 (e.g. `/proc/net/dev` on 32-bit kernels, some driver counters).
    case bits32
    /// Wraps after 2^64 − 1.
    case bits64
    /// Unknown: a 64-bit counter that drivers may fill from 32-bit registers (`/proc/net/dev`).
    /// A drop from a value that fits in 32 bits is judged as a 32-bit counter, else as 64-bit.
    case automatic

    /// The largest value before the wrap, for `previous` (only ``automatic`` depends on it).
    public func maximum(previous: UInt64) -> UInt64 {
        switch self {
        case .bits32: return UInt64(UInt32.max)
        case .bits64: return UInt64.max
        case .automatic: return previous <= UInt64(UInt32.max) ? UInt64(UInt32.max) : UInt64.max
        }
    }
}

/// How a counter moved between two readings.
public enum CounterDelta: Sendable, Equatable {
    /// It grew (or stayed) by this much.
    case increase(UInt64)
    /// It passed its maximum and started again from zero: the increase accounts for the wrap.
    case wrapped(UInt64)
    /// It went back to a small value because its source restarted (device re-created, process
    /// restarted, stats cleared). As Prometheus's `rate()` does, the new value counts as the increase
    /// since the reset.
    case reset(UInt64)

    /// The increase to use for a rate.
    public var amount: UInt64 {
        switch self {
        case .increase(let v), .wrapped(let v), .reset(let v): return v
        }
    }

    /// Classifies the move from `previous` to `current` for a counter of `width`.
    ///
    /// A decrease is a wrap when the distance forward through the maximum is less than half the
    /// counter's range (a real wrap happens only to a counter that was near its maximum); otherwise
    /// it is a reset. A reading larger than the width allows means the width was wrong: it counts
    /// as a plain increase.
    /// - Complexity: O(1).
    public static func between(_ previous: UInt64, _ current: UInt64, width: CounterWidth) -> CounterDelta {
        if current >= previous { return .increase(current - previous) }
        let maximum = width.maximum(previous: previous)
        guard previous <= maximum else { return .reset(current) }
        let forward = (maximum - previous) &+ current &+ 1
        if forward < maximum / 2 { return .wrapped(forward) }
        return .reset(current)
    }
}
