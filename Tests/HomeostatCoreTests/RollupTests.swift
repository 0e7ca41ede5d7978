import HomeostatCore
import Testing

@Suite("Exact sums and rollups")
struct RollupTests {
    @Test(
        "ExactSum equals Python's math.fsum on published cases",
        arguments: [
            ([Double](repeating: 0.1, count: 10), 1.0),  // plain summation gives 0.9999999999999999
            ([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50], 1e-100),
            ([9_007_199_254_740_992.0, 1.0, 0x1p-80], 9_007_199_254_740_994.0),  // half-even across partials
            ([1.0, 1e-16, 1e-16], 1.0000000000000002),
            ([], 0.0),
        ])
    func fsumCases(_ values: [Double], _ expected: Double) {
        var sum = ExactSum()
        for value in values { sum.add(value) }
        #expect(sum.value == expected)
    }

    @Test("non-finite inputs sum as IEEE does")
    func specials() {
        var positive = ExactSum()
        for value in [1.0, .infinity, 2.0] { positive.add(value) }
        #expect(positive.value == .infinity)
        var both = ExactSum()
        for value in [Double.infinity, -.infinity] { both.add(value) }
        #expect(both.value.isNaN)
        var nan = ExactSum()
        for value in [1.0, .nan] { nan.add(value) }
        #expect(nan.value.isNaN)
        var overflow = ExactSum()
        for value in [Double.greatestFiniteMagnitude, .greatestFiniteMagnitude] { overflow.add(value) }
        #expect(overflow.value == .infinity)
    }

    @Test("the sum does not depend on order or on how partial sums are merged")
    func orderIndependence() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let values = (0..<50).map { _ in generator.nextDouble(magnitudes: -20...20) }
            var forward = ExactSum()
            for value in values { forward.add(value) }
            var backward = ExactSum()
            for value in values.reversed() { backward.add(value) }
            var merged = ExactSum()
            for chunk in stride(from: 0, to: values.count, by: 7) {
                var part = ExactSum()
                for value in values[chunk..<min(chunk + 7, values.count)] { part.add(value) }
                merged.merge(part)
            }
            #expect(forward.value == backward.value)
            #expect(forward.value == merged.value)
            #expect(ExactSum(partials: forward.partials).value == forward.value)
        }
    }

    @Test("bucket starts floor, also before 1970")
    func buckets() {
        let minute = RollupBuilder(resolution: 60_000)
        #expect(minute.bucket(of: 125_000) == 120_000)
        #expect(minute.bucket(of: 120_000) == 120_000)
        #expect(minute.bucket(of: -1) == -60_000)
        #expect(minute.bucket(of: -60_000) == -60_000)
    }

    @Test("3 h of 1 s samples: hour rollups merged from minute rollups equal the raw aggregates exactly")
    func exactConsolidation() {
        var generator = SplitMix64(seed: 42)
        let start: Int64 = 1_795_550_400_000  // on an hour boundary
        var raw: [(Int64, Double)] = []
        var time = start
        while time < start + 3 * 3_600_000 {
            var value = 0.37 + generator.nextDouble(magnitudes: -3...0)
            if generator.next() % 997 == 0 { value = .nan }
            raw.append((time, value))
            time += 1_000 + Int64(generator.next() % 7) - 3  // jittered 1 s spacing
        }
        var minutes = RollupBuilder(resolution: 60_000)
        var hours = RollupBuilder(resolution: 3_600_000)
        var minuteRollups: [Rollup] = []
        var hourRollups: [Rollup] = []
        for (timestamp, value) in raw {
            if let minute = minutes.add(timestamp: timestamp, value: value) {
                minuteRollups.append(minute)
                if let hour = hours.add(minute) { hourRollups.append(hour) }
            }
        }
        if let minute = minutes.flush() {
            minuteRollups.append(minute)
            if let hour = hours.add(minute) { hourRollups.append(hour) }
        }
        if let hour = hours.flush() { hourRollups.append(hour) }
        #expect(minuteRollups.count == 180)
        #expect(hourRollups.count == 3)
        #expect(minutes.refused == 0)

        for hour in hourRollups {
            let inside = raw.filter { $0.0 >= hour.start && $0.0 < hour.start + 3_600_000 }
            var reference = Rollup(start: hour.start)
            for (timestamp, value) in inside { reference.add(timestamp: timestamp, value: value) }
            #expect(hour.count == inside.count)
            #expect(hour.min == inside.map(\.1).filter { !$0.isNaN }.min())
            #expect(hour.max == inside.map(\.1).filter { !$0.isNaN }.max())
            #expect(hour.last.bitPattern == inside.last!.1.bitPattern)
            #expect(hour.sum.value.bitPattern == reference.sum.value.bitPattern)
            #expect(hour.average.bitPattern == reference.average.bitPattern)
        }
    }

    @Test("out-of-order input for an earlier bucket is refused and counted")
    func refusesEarlierBucket() {
        var builder = RollupBuilder(resolution: 60_000)
        #expect(builder.add(timestamp: 120_000, value: 1) == nil)
        #expect(builder.add(timestamp: 59_000, value: 2) == nil)
        #expect(builder.refused == 1)
        let open = builder.flush()
        #expect(open?.count == 1)
        #expect(open?.last == 1)
    }
}

extension SplitMix64 {
    /// A random sign times a mantissa in [1, 2) times 10^k for k in `magnitudes`.
    mutating func nextDouble(magnitudes: ClosedRange<Int>) -> Double {
        let mantissa = 1 + Double(next() >> 11) / Double(1 << 53)
        let exponent = Int(next() % UInt64(magnitudes.count)) + magnitudes.lowerBound
        var scale = 1.0
        for _ in 0..<abs(exponent) { scale *= 10 }
        let magnitude = exponent >= 0 ? mantissa * scale : mantissa / scale
        return next() & 1 == 0 ? magnitude : -magnitude
    }
}

@Suite("Exact sum equality")
struct ExactSumEqualityTests {
    @Test("sums are equal by their exact value, not by how partials are split")
    func equalityByValue() {
        var direct = ExactSum()
        for value in [1e100, 1.0, -1e100, 0.5] { direct.add(value) }
        let rebuilt = ExactSum(partials: direct.partials.reversed())
        #expect(direct == rebuilt)
        var other = ExactSum()
        other.add(1.5)
        #expect(direct == other)
        other.add(0x1p-60)
        #expect(direct != other)  // differs below the last bit of 1.5
        var nan = ExactSum()
        nan.add(.nan)
        #expect(nan == nan)
        #expect(nan != direct)
    }
}
