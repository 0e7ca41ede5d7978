import CoreMetrics
import Histogram
import HomeostatCore
import HomeostatSensors
import Synchronization

/// A swift-metrics backend: a Swift service that calls `MetricsSystem.bootstrap(factory)` feeds its
/// counters, gauges, meters, recorders and timers into Homeostat's sample stream.
///
/// What each kind becomes at every collection (labels = the metric's dimensions):
/// - counter `x`: `x` (running total, unit `{count}`) and `x.rate` (per second over the interval);
/// - meter / recorder without aggregation: `x` (last value);
/// - aggregating recorder: `x.count`, `x.sum`, `x.min`, `x.max`, `x.last` over the interval;
/// - timer `x`: `x{quantile="0.5|0.9|0.99|0.999|1"}` in seconds over the interval (from an
///   HdrHistogram, 3 significant digits), `x.count` (running total) and `x.rate` (per second).
/// Intervals with no observations emit no quantiles rather than zeros.
/// Quantiles are rounded to 5 significant digits (finer than the histogram's 3) and `.rate` series
/// to ``SampleResolution/counterRate`` decimals (``SensorRounding``), so that they compress as
/// short decimals.
///
/// Handlers are deduplicated by label and dimensions: making the same metric twice shares one total.
public final class HomeostatMetricsFactory: MetricsFactory, Sendable {
    private struct Registry: Sendable {
        var counters: [SeriesKey: CounterBox] = [:]
        var floatingCounters: [SeriesKey: FloatingPointCounterBox] = [:]
        var gauges: [SeriesKey: GaugeBox] = [:]
        var summaries: [SeriesKey: SummaryBox] = [:]
        var timers: [SeriesKey: TimerBox] = [:]
        var rates = CounterRates<SeriesKey>()
    }
    private let registry = Mutex(Registry())

    public init() {}

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> SeriesKey {
        SeriesKey(label, dimensions.map { Label($0.0, $0.1) })
    }

    /// The handler registered under `key` in `table`, made by `make` on first use.
    private func registered<Box: Sendable>(
        _ key: SeriesKey, in table: WritableKeyPath<Registry, [SeriesKey: Box]>, make: (SeriesKey) -> Box
    ) -> Box {
        registry.withLock { r in
            if let existing = r[keyPath: table][key] { return existing }
            let box = make(key)
            r[keyPath: table][key] = box
            return box
        }
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registered(Self.key(label, dimensions), in: \.counters, make: CounterBox.init)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)])
        -> any FloatingPointCounterHandler
    {
        registered(Self.key(label, dimensions), in: \.floatingCounters, make: FloatingPointCounterBox.init)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registered(Self.key(label, dimensions), in: \.gauges, make: GaugeBox.init)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let key = Self.key(label, dimensions)
        guard aggregate else { return registered(key, in: \.gauges, make: GaugeBox.init) }
        return registered(key, in: \.summaries, make: SummaryBox.init)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registered(Self.key(label, dimensions), in: \.timers, make: TimerBox.init)
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        guard let box = handler as? CounterBox else { return }
        registry.withLock { _ = $0.counters.removeValue(forKey: box.key) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        guard let box = handler as? FloatingPointCounterBox else { return }
        registry.withLock { _ = $0.floatingCounters.removeValue(forKey: box.key) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        guard let box = handler as? GaugeBox else { return }
        registry.withLock { _ = $0.gauges.removeValue(forKey: box.key) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        registry.withLock { r in
            if let box = handler as? GaugeBox { r.gauges.removeValue(forKey: box.key) }
            if let box = handler as? SummaryBox { r.summaries.removeValue(forKey: box.key) }
        }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        guard let box = handler as? TimerBox else { return }
        registry.withLock { _ = $0.timers.removeValue(forKey: box.key) }
    }

    /// Appends one sample per metric as described on the type; drains interval windows.
    /// - Parameter time: Unix seconds of this collection, the time base for `.rate` series.
    /// - Complexity: O(m) in the number of metrics, plus O(b) per timer for its histogram buckets.
    public func collect(into batch: inout SampleBatch, at time: Double) {
        registry.withLock { r in
            for (key, box) in r.counters {
                let total = UInt64(max(box.value, 0))
                batch.append(key, Double(total), unit: "{count}")
                if let rate = r.rates.rate(key, total, at: time) {
                    batch.append(
                        SeriesKey(key.name + ".rate", key.labels),
                        SensorRounding.rounded(rate, decimals: SampleResolution.counterRate), unit: "{count}/s")
                }
            }
            for (key, box) in r.floatingCounters {
                batch.append(key, box.value, unit: "1")
            }
            for (key, box) in r.gauges {
                if let value = box.value { batch.append(key, value, unit: "1") }
            }
            for (key, box) in r.summaries {
                let window = box.drain()
                batch.append(SeriesKey(key.name + ".count", key.labels), Double(window.count), unit: "{count}")
                guard window.count > 0 else { continue }
                batch.append(SeriesKey(key.name + ".sum", key.labels), window.sum, unit: "1")
                batch.append(SeriesKey(key.name + ".min", key.labels), window.min, unit: "1")
                batch.append(SeriesKey(key.name + ".max", key.labels), window.max, unit: "1")
                batch.append(SeriesKey(key.name + ".last", key.labels), window.last, unit: "1")
            }
            for (key, box) in r.timers {
                let (window, total) = box.drain()
                batch.append(SeriesKey(key.name + ".count", key.labels), Double(total), unit: "{count}")
                let countKey = SeriesKey(key.name + ".count", key.labels)
                if let rate = r.rates.rate(countKey, total, at: time) {
                    batch.append(
                        SeriesKey(key.name + ".rate", key.labels),
                        SensorRounding.rounded(rate, decimals: SampleResolution.counterRate), unit: "{count}/s")
                }
                guard window.totalCount > 0 else { continue }
                for (quantile, percentile) in Self.quantiles {
                    let nanoseconds = percentile == 100 ? window.max : window.valueAtPercentile(percentile)
                    let labels = key.labels + [Label("quantile", quantile)]
                    // HdrHistogram's 3 significant digits: 5 are finer than any of its buckets.
                    let seconds = SensorRounding.rounded(Double(nanoseconds) / 1e9, significantDigits: 5)
                    batch.append(SeriesKey(key.name, labels), seconds, unit: "s")
                }
            }
            r.rates.endCycle()
        }
    }

    private static let quantiles: [(String, Double)] = [
        ("0.5", 50), ("0.9", 90), ("0.99", 99), ("0.999", 99.9), ("1", 100),
    ]
}
