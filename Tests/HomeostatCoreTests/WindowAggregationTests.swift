import HomeostatCore
import Testing

@Suite("Query aggregations and step windows")
struct WindowAggregationTests {
    /// Samples at 0, 1, …, 9 s with values 1…10.
    let ramp: [ChunkDecoder.Sample] = (0..<10).map { (Int64($0) * 1000, Double($0 + 1)) }

    private func values(_ aggregation: QueryAggregation, step: Int64 = 5000) -> [Double] {
        let windows = QueryWindows(start: 0, end: 9000, step: step)
        return WindowAggregation.points(samples: ramp, windows: windows, aggregation: aggregation).map(\.value)
    }

    @Test(
        "aggregation names parse to their cases",
        arguments: [
            ("avg", QueryAggregation.average), (" MAX ", .maximum), ("min", .minimum), ("sum", .sum),
            ("count", .count), ("last", .last), ("rate", .rate), ("p99", .quantile(0.99)),
            ("quantile(0.5)", .quantile(0.5)), ("p99.9", .quantile(0.999)),
        ])
    func parsesNames(_ text: String, _ expected: QueryAggregation) throws {
        #expect(try QueryAggregation(parsing: text) == expected)
    }

    @Test(
        "bad aggregation names are refused with the accepted forms",
        arguments: ["median", "p101", "quantile(2)", "p", ""])
    func refusesBadNames(_ text: String) {
        #expect(throws: QueryAggregationError.self) { try QueryAggregation(parsing: text) }
        #expect(
            QueryAggregationError(input: text).description.contains("expected avg, min, max, sum, count, last, rate"))
    }

    @Test("windows are [start + k·step, start + (k+1)·step), cut at end")
    func windowIndexes() {
        let windows = QueryWindows(start: 0, end: 10_000, step: 3000)
        #expect(windows.count == 4)
        #expect(windows.index(of: -1) == nil)
        #expect(windows.index(of: 2999) == 0)
        #expect(windows.index(of: 3000) == 1)
        #expect(windows.index(of: 10_000) == 3)
        #expect(windows.index(of: 10_001) == nil)
        #expect(windows.windowStart(3) == 9000)
    }

    @Test("exact aggregations over two windows of a ramp, by hand")
    func exactAggregations() {
        #expect(values(.average) == [3, 8])
        #expect(values(.minimum) == [1, 6])
        #expect(values(.maximum) == [5, 10])
        #expect(values(.sum) == [15, 40])
        #expect(values(.count) == [5, 5])
        #expect(values(.last) == [5, 10])
        let points = WindowAggregation.points(
            samples: ramp, windows: QueryWindows(start: 0, end: 9000, step: 5000), aggregation: .average)
        #expect(points.map(\.timestamp) == [0, 5000])
    }

    @Test("quantiles interpolate between closest ranks")
    func quantiles() {
        #expect(values(.quantile(0.5)) == [3, 8])
        // Window 0 holds 1…5: rank 0.9 · 4 = 3.6, so 4 + 0.6 · (5 − 4).
        let q90 = values(.quantile(0.9))
        #expect(abs(q90[0] - 4.6) < 1e-12)
        #expect(WindowAggregation.quantile(0.25, sorted: [1, 2, 3, 4, 5]) == 2)
        #expect(WindowAggregation.quantile(0, sorted: [1, 2, 3]) == 1)
        #expect(WindowAggregation.quantile(1, sorted: [1, 2, 3]) == 3)
        #expect(WindowAggregation.quantile(0.3, sorted: [7]) == 7)
        #expect(WindowAggregation.quantile(0.5, sorted: []) == nil)
    }

    @Test("rate takes the sample before the window as baseline and counts a reset as the new value")
    func counterRate() {
        let counter: [ChunkDecoder.Sample] = [(0, 0), (1000, 10), (2000, 20), (3000, 5), (4000, 15)]
        let points = WindowAggregation.points(
            samples: counter, windows: QueryWindows(start: 0, end: 4000, step: 2000), aggregation: .rate)
        // [0,2 s): +10 over 1 s. [2,4 s): from 1 s (10) to 20 (+10), reset to 5 (+5), over 2 s. [4 s]: +10 over 1 s.
        #expect(
            points == [
                QueryPoint(timestamp: 0, value: 10), QueryPoint(timestamp: 2000, value: 7.5),
                QueryPoint(timestamp: 4000, value: 10),
            ])
    }

    @Test("NaN samples make sum and avg NaN, min and max skip them, quantile ignores them")
    func nanSamples() {
        let samples: [ChunkDecoder.Sample] = [(0, 1), (1000, .nan), (2000, 3)]
        let windows = QueryWindows(start: 0, end: 2000, step: 10_000)
        func value(_ aggregation: QueryAggregation) -> Double {
            WindowAggregation.points(samples: samples, windows: windows, aggregation: aggregation)[0].value
        }
        #expect(value(.sum).isNaN)
        #expect(value(.average).isNaN)
        #expect(value(.minimum) == 1)
        #expect(value(.maximum) == 3)
        #expect(value(.count) == 3)
        #expect(value(.quantile(0.5)) == 2)
    }

    @Test("empty windows give no point")
    func emptyWindows() {
        let samples: [ChunkDecoder.Sample] = [(0, 1), (9000, 2)]
        let points = WindowAggregation.points(
            samples: samples, windows: QueryWindows(start: 0, end: 9000, step: 3000), aggregation: .maximum)
        #expect(points == [QueryPoint(timestamp: 0, value: 1), QueryPoint(timestamp: 9000, value: 2)])
    }

    @Test(
        "rollup windows equal raw windows bit for bit over bucket-aligned steps",
        arguments: [QueryAggregation.average, .minimum, .maximum, .sum, .count, .last])
    func rollupsMatchRaw(_ aggregation: QueryAggregation) {
        var generator = SplitMix64(seed: 42)
        var samples: [ChunkDecoder.Sample] = []
        var time: Int64 = 1_800_000_000_000
        for _ in 0..<1000 {
            time += Int64(generator.next() % 1500) + 1
            samples.append(
                (time, Double(bitPattern: generator.next() >> 2) * 1e-200 + Double(generator.next() % 1000) / 7))
        }
        var builder = RollupBuilder(resolution: 60_000)
        var rollups: [Rollup] = []
        for sample in samples {
            if let done = builder.add(timestamp: sample.timestamp, value: sample.value) { rollups.append(done) }
        }
        if let open = builder.flush() { rollups.append(open) }
        for step: Int64 in [60_000, 180_000] {
            let start = builder.bucket(of: samples[0].timestamp)
            let windows = QueryWindows(start: start, end: samples.last!.timestamp, step: step)
            let raw = WindowAggregation.points(samples: samples, windows: windows, aggregation: aggregation)
            let fromRollups = WindowAggregation.points(rollups: rollups, windows: windows, aggregation: aggregation)
            #expect(raw.count == fromRollups.count)
            #expect(zip(raw, fromRollups).allSatisfy { $0.isIdentical(to: $1) })
        }
    }
}
