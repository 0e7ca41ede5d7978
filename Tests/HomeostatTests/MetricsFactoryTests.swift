import CoreMetrics
import Homeostat
import HomeostatCore
import Testing

@Suite("swift-metrics backend")
struct MetricsFactoryTests {
    @Test("counters give totals and per-second rates; same label shares one total")
    func counters() {
        let factory = HomeostatMetricsFactory()
        let counter = factory.makeCounter(label: "requests", dimensions: [("route", "/a")])
        let same = factory.makeCounter(label: "requests", dimensions: [("route", "/a")])
        counter.increment(by: 5)
        same.increment(by: 5)
        var first = SampleBatch()
        factory.collect(into: &first, at: 100)
        #expect(Snapshot(timestamp: 100, samples: first.samples).value("requests", ["route": "/a"]) == 10)
        #expect(Snapshot(timestamp: 100, samples: first.samples).value("requests.rate") == nil)
        counter.increment(by: 30)
        var second = SampleBatch()
        factory.collect(into: &second, at: 102)
        let snapshot = Snapshot(timestamp: 102, samples: second.samples)
        #expect(snapshot.value("requests") == 40)
        #expect(snapshot.value("requests.rate", ["route": "/a"]) == 15)
    }

    @Test("counters saturate instead of trapping")
    func saturation() {
        let factory = HomeostatMetricsFactory()
        let counter = factory.makeCounter(label: "big", dimensions: [])
        counter.increment(by: .max)
        counter.increment(by: 10)
        var batch = SampleBatch()
        factory.collect(into: &batch, at: 1)
        #expect(Snapshot(timestamp: 1, samples: batch.samples).value("big") == Double(Int64.max))
    }

    @Test("meters and recorders")
    func gauges() {
        let factory = HomeostatMetricsFactory()
        let meter = factory.makeMeter(label: "queue.depth", dimensions: [])
        meter.set(Int64(7))
        meter.increment(by: 3)
        let gauge = factory.makeRecorder(label: "temperature", dimensions: [], aggregate: false)
        gauge.record(Double(21.5))
        let summary = factory.makeRecorder(label: "payload", dimensions: [], aggregate: true)
        for value in [3.0, 1.0, 8.0] { summary.record(value) }
        var batch = SampleBatch()
        factory.collect(into: &batch, at: 1)
        let snapshot = Snapshot(timestamp: 1, samples: batch.samples)
        #expect(snapshot.value("queue.depth") == 10)
        #expect(snapshot.value("temperature") == 21.5)
        #expect(snapshot.value("payload.count") == 3)
        #expect(snapshot.value("payload.sum") == 12)
        #expect(snapshot.value("payload.min") == 1)
        #expect(snapshot.value("payload.max") == 8)
        #expect(snapshot.value("payload.last") == 8)
        var next = SampleBatch()
        factory.collect(into: &next, at: 2)
        #expect(Snapshot(timestamp: 2, samples: next.samples).value("payload.count") == 0)
        #expect(Snapshot(timestamp: 2, samples: next.samples).value("payload.max") == nil)
    }

    @Test("timers report HdrHistogram percentiles per interval in seconds")
    func timers() {
        let factory = HomeostatMetricsFactory()
        let timer = factory.makeTimer(label: "http.server.request.duration", dimensions: [("route", "/")])
        // 1 ms … 100 ms in 1 ms steps: p50 = 50 ms, p90 = 90 ms, p99 = 99 ms, max = 100 ms.
        for ms in 1...100 { timer.recordNanoseconds(Int64(ms) * 1_000_000) }
        var batch = SampleBatch()
        factory.collect(into: &batch, at: 10)
        let snapshot = Snapshot(timestamp: 10, samples: batch.samples)
        func quantile(_ q: String) -> Double? {
            snapshot.value("http.server.request.duration", ["quantile": q, "route": "/"])
        }
        // HdrHistogram with 3 significant digits: within 0.1 % of the exact value.
        #expect(abs(quantile("0.5")! - 0.050) <= 0.050 * 0.001)
        #expect(abs(quantile("0.9")! - 0.090) <= 0.090 * 0.001)
        #expect(abs(quantile("0.99")! - 0.099) <= 0.099 * 0.001)
        #expect(abs(quantile("1")! - 0.100) <= 0.100 * 0.001)
        #expect(snapshot.value("http.server.request.duration.count") == 100)
        // The next interval has no observations: no quantiles, not zeros.
        var next = SampleBatch()
        timer.recordNanoseconds(0)
        factory.collect(into: &next, at: 12)
        let later = Snapshot(timestamp: 12, samples: next.samples)
        #expect(later.value("http.server.request.duration.count") == 101)
        #expect(later.value("http.server.request.duration.rate") == 0.5)
    }

    @Test("destroyed handlers leave the stream")
    func destroy() {
        let factory = HomeostatMetricsFactory()
        let counter = factory.makeCounter(label: "gone", dimensions: [])
        counter.increment(by: 1)
        factory.destroyCounter(counter)
        var batch = SampleBatch()
        factory.collect(into: &batch, at: 1)
        #expect(batch.samples.isEmpty)
    }
}
