import CoreMetrics
import Histogram
import HomeostatCore
import Synchronization

/// A counter: an integer total that only grows, saturating at `Int64.max` instead of trapping.
final class CounterBox: CounterHandler, Sendable {
    let key: SeriesKey
    private let total = Mutex<Int64>(0)

    init(key: SeriesKey) { self.key = key }

    func increment(by amount: Int64) {
        guard amount > 0 else { return }
        total.withLock { value in
            let (sum, overflow) = value.addingReportingOverflow(amount)
            value = overflow ? .max : sum
        }
    }

    func reset() { total.withLock { $0 = 0 } }

    var value: Int64 { total.withLock { $0 } }
}

/// A floating-point counter: a total that only grows.
final class FloatingPointCounterBox: FloatingPointCounterHandler, Sendable {
    let key: SeriesKey
    private let total = Mutex<Double>(0)

    init(key: SeriesKey) { self.key = key }

    func increment(by amount: Double) {
        guard amount > 0, amount.isFinite else { return }
        total.withLock { $0 += amount }
    }

    func reset() { total.withLock { $0 = 0 } }

    var value: Double { total.withLock { $0 } }
}

/// A meter or non-aggregating recorder: a gauge holding the last value set.
final class GaugeBox: MeterHandler, RecorderHandler, Sendable {
    let key: SeriesKey
    private let current = Mutex<Double?>(nil)

    init(key: SeriesKey) { self.key = key }

    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) { current.withLock { $0 = value } }
    func increment(by amount: Double) { current.withLock { $0 = ($0 ?? 0) + amount } }
    func decrement(by amount: Double) { current.withLock { $0 = ($0 ?? 0) - amount } }
    func record(_ value: Int64) { set(Double(value)) }
    func record(_ value: Double) { set(value) }

    var value: Double? { current.withLock { $0 } }
}

/// An aggregating recorder: count, sum, min, max and last of the values recorded during one
/// collection interval, reset by each collection.
final class SummaryBox: RecorderHandler, Sendable {
    struct Window: Sendable {
        var count = 0
        var sum = 0.0
        var min = Double.infinity
        var max = -Double.infinity
        var last = 0.0
    }
    let key: SeriesKey
    private let window = Mutex(Window())

    init(key: SeriesKey) { self.key = key }

    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        guard value.isFinite else { return }
        window.withLock { w in
            w.count += 1
            w.sum += value
            w.min = Swift.min(w.min, value)
            w.max = Swift.max(w.max, value)
            w.last = value
        }
    }

    /// The window so far, and a fresh one in its place.
    func drain() -> Window {
        window.withLock { w in
            defer { w = Window() }
            return w
        }
    }
}

/// A timer: durations in nanoseconds kept in an HdrHistogram (3 significant digits, 1 ns to 1 h),
/// drained at each collection into percentiles over that interval; plus a running count.
final class TimerBox: TimerHandler, Sendable {
    struct State: Sendable {
        var window = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
        var total: UInt64 = 0
    }
    let key: SeriesKey
    private let state = Mutex(State())

    init(key: SeriesKey) { self.key = key }

    func recordNanoseconds(_ duration: Int64) {
        let clamped = UInt64(Swift.min(Swift.max(duration, 1), 3_600_000_000_000))
        state.withLock { s in
            _ = s.window.record(clamped)
            s.total &+= 1
        }
    }

    /// The interval's histogram and the all-time count; the window starts empty again.
    func drain() -> (window: Histogram<UInt64>, total: UInt64) {
        state.withLock { s in
            let window = s.window
            s.window.reset()
            return (window, s.total)
        }
    }
}
