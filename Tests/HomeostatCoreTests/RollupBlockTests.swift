import HomeostatCore
import Testing

@Suite("Rollup block codec")
struct RollupBlockTests {
    static let awkwardSamples: [[Double]] = [
        [1, 2, 3],
        [1e100, 1, -1e100, 1e-300, 0.1, 0.2, 0.3],
        [.nan, .nan],
        [.nan, 4, -0.0],
        [-0.0],
        [.infinity, 1],
        [-.infinity],
        [.infinity, -.infinity],
        [Double(bitPattern: 0x7FF8_0000_DEAD_BEEF), 2],
        [Double(bitPattern: 0xFFF4_0000_0000_0001)],
        [.leastNonzeroMagnitude, -0.0, .greatestFiniteMagnitude, .greatestFiniteMagnitude],
        [.leastNormalMagnitude.nextDown, -.leastNonzeroMagnitude],
    ]

    // MARK: round trips

    @Test("one rollup of awkward samples round-trips bit for bit, alone and between others", arguments: awkwardSamples)
    func awkwardValues(values: [Double]) throws {
        let odd = makeRollup(start: 120_000, values: values)
        let single = try roundTrip([odd])
        expectSame(single.sent, single.got)
        let around = [makeRollup(start: 60_000, values: [1])] + [odd] + [makeRollup(start: 180_000, values: [2, 3])]
        let both = try roundTrip(around)
        expectSame(both.sent, both.got)
    }

    @Test("every awkward rollup in one block, in both orders of their values")
    func awkwardBlock() throws {
        let values = Self.awkwardSamples + Self.awkwardSamples.map { $0.reversed() }
        let rollups = values.enumerated().map { makeRollup(start: Int64($0.offset) * 60_000, values: $0.element) }
        let (sent, got) = try roundTrip(rollups)
        expectSame(sent, got)
    }

    @Test("fields set directly: empty rollups, NaN payloads, -0.0, subnormals, extreme timestamps and counts")
    func handMadeFields() throws {
        var rollups: [Rollup] = [Rollup(start: Int64.min), Rollup(start: -60_000)]
        var odd = Rollup(start: 0)
        odd.count = 0
        odd.min = -0.0
        odd.max = Double(bitPattern: 0x7FF0_0000_0000_0001)  // a signalling NaN
        odd.last = .leastNonzeroMagnitude
        odd.lastTimestamp = .max
        rollups.append(odd)
        var negative = Rollup(start: 60_000)
        negative.count = -5
        negative.sum = ExactSum(partials: [-0.0])
        negative.min = -.infinity
        negative.max = .infinity
        negative.last = Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF)
        negative.lastTimestamp = .min
        rollups.append(negative)
        var huge = Rollup(start: .max)
        huge.count = .max
        huge.sum = ExactSum(partials: [.greatestFiniteMagnitude, .greatestFiniteMagnitude])
        huge.lastTimestamp = 0
        rollups.append(huge)
        let (sent, got) = try roundTrip(rollups)
        expectSame(sent, got)
        #expect(got[3].partials == [(-0.0).bitPattern])
        #expect(Double(bitPattern: got[4].sum) == .infinity)
    }

    @Test("sums of many partials keep their exact value", arguments: 0..<4)
    func multiPartialSums(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let rollups = (0..<60).map { minute in
            makeRollup(
                start: Int64(minute) * 60_000, values: (0..<40).map { _ in random.nextDouble(magnitudes: -300...300) })
        }
        #expect(rollups.contains { $0.sum.partials.count >= 5 })
        let (sent, got) = try roundTrip(rollups)
        expectSame(sent, got)
    }

    @Test("irregular gaps: missing buckets, unaligned starts, the whole Int64 range")
    func irregularStarts() throws {
        let starts: [Int64] = [
            .min, .min + 1, -3_600_000, -60_000, 0, 60_000, 180_000, 181_000, 181_001, 60_000 * 1_000_000,
            .max - 60_000, .max,
        ]
        let rollups = starts.map { makeRollup(start: $0, values: [Double($0 % 1_000)]) }
        let (sent, got) = try roundTrip(rollups)
        expectSame(sent, got)
        let hours = [0, 1, 2, 30, 31, 1_000].map { makeRollup(start: Int64($0) * 3_600_000, values: [1, 2]) }
        let (sentHours, gotHours) = try roundTrip(hours, resolution: 3_600_000)
        expectSame(sentHours, gotHours)
    }

    @Test("an empty block is one byte and decodes to nothing; a single rollup round-trips")
    func emptyAndSingle() throws {
        let empty = RollupBlockEncoder(resolution: 60_000).block
        #expect(empty.bytes == [0])
        #expect(empty.startRange == nil && empty.count == 0 && empty.bytesPerRollup == 0)
        #expect(try empty.decoder().decodeAll().isEmpty)
        let single = try RollupBlock.encode([makeRollup(start: 42 * 60_000, values: [7])], resolution: 60_000)
        #expect(single.startRange?.lowerBound == 2_520_000 && single.startRange?.upperBound == 2_520_000)
        #expect(
            try single.decoder().decodeAll().map(ExactRollup.init) == [
                ExactRollup(makeRollup(start: 42 * 60_000, values: [7]))
            ])
    }

    @Test("random rollups of every shape round-trip", arguments: 0..<6)
    func randomRollups(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let count = Int(random.next() % 90) + 1
            var start = Int64.random(in: -4_000_000_000_000...4_000_000_000_000, using: &random) / 60_000 * 60_000
            var rollups: [Rollup] = []
            for _ in 0..<count {
                let samples = Int(random.next() % 5)
                let values: [Double] = (0..<samples).map { _ in
                    switch random.next() % 6 {
                    case 0: Double(bitPattern: random.next())
                    case 1: Double(random.next() % 100)
                    case 2: random.nextDouble(magnitudes: -30...30)
                    default: 0.5
                    }
                }
                var rollup = makeRollup(start: start, values: values)
                if random.next() % 8 == 0 { rollup.lastTimestamp = Int64(bitPattern: random.next()) }
                rollups.append(rollup)
                start += 60_000 * (random.next() % 4 == 0 ? Int64(random.next() % 100 + 1) : 1)
            }
            let (sent, got) = try roundTrip(rollups)
            expectSame(sent, got)
        }
    }

    @Test("the three reference series round-trip", arguments: RollupSeriesShape.allCases)
    func referenceSeries(shape: RollupSeriesShape) throws {
        let (sent, got) = try roundTrip(shape.rollups(minutes: 60))
        expectSame(sent, got)
    }

    @Test("decode(appendingTo:) appends after what the array holds")
    func appending() throws {
        let first = try RollupBlock.encode(RollupSeriesShape.risingCounter.rollups(minutes: 3), resolution: 60_000)
        var rollups = [Rollup(start: -1)]
        try first.decoder().decode(appendingTo: &rollups)
        try first.decoder().decode(appendingTo: &rollups)
        #expect(rollups.map(\.start).count == 7)
        #expect(rollups[1].start == rollups[4].start)
    }

    // MARK: sizes

    @Test("two single-sample rollups: 131 bits, then 7 bits, in 19 bytes")
    func exactSize() throws {
        var encoder = RollupBlockEncoder(resolution: 60_000)
        try encoder.append(makeRollup(start: 0, values: [1]))
        // start 64; count 1: '1' + 6 bits of width - 1 + '1' = 8; offset unchanged: 1; sum shape: '1' +
        // 6 bits + n '1' + not-finite '0' = 9; partial 1.0 = 0x3FF0…: 2 leading, 52 trailing zeros,
        // '11' + 5 + 6 + 10 = 23; value shape all-equal: '1' + 2 = 3; last 1.0: 23. Min and max
        // equal last and are left out.
        #expect(encoder.bitCount == 64 + 8 + 1 + 9 + 23 + 3 + 23)
        try encoder.append(makeRollup(start: 60_000, values: [1]))
        // One bit per field: gap, count, offset, sum shape, partial, value shape, last.
        #expect(encoder.bitCount == 131 + 7)
        #expect(encoder.bytes.count == 1 + 18)
        #expect(encoder.bytes.first == 2)
    }

    @Test("field costs: gaps, counts and last-timestamp deltas at the edges of their codes")
    func fieldCosts() throws {
        func cost(_ second: Rollup, after first: Rollup = makeRollup(start: 0, values: [1])) throws -> Int {
            var encoder = RollupBlockEncoder(resolution: 60_000)
            try encoder.append(first)
            let before = encoder.bitCount
            try encoder.append(second)
            let (sent, got) = try roundTrip([first, second])
            expectSame(sent, got)
            return encoder.bitCount - before - 4  // less the 1-bit sum shape, partial, value shape, last
        }
        func rollup(start: Int64, lastOffset: Int64 = 0, count: Int = 1) -> Rollup {
            var rollup = makeRollup(start: start, values: [1])
            rollup.lastTimestamp = start + lastOffset
            rollup.count = count
            return rollup
        }
        // gap: '0'; '10' + 6 + width of k; '11' + 64.
        #expect(try cost(rollup(start: 60_000)) == 1 + 1 + 1)
        #expect(try cost(rollup(start: 120_000)) == 2 + 6 + 2 + 1 + 1)
        #expect(try cost(rollup(start: 60_000 * 1_000)) == 2 + 6 + 10 + 1 + 1)
        #expect(try cost(rollup(start: 60_001)) == 2 + 64 + 1 + 1)
        // count: '1' + 6 + width.
        #expect(try cost(rollup(start: 60_000, count: 60)) == 1 + (1 + 6 + 6) + 1)
        #expect(try cost(rollup(start: 60_000, count: -1)) == 1 + (1 + 6 + 64) + 1)
        // last-timestamp offset delta buckets.
        for (delta, bits) in [
            (Int64(64), 9), (-63, 9), (65, 19), (-64, 19), (32_768, 19), (-32_767, 19), (32_769, 36),
            (-32_768, 36), (2_147_483_648, 36), (-2_147_483_647, 36), (2_147_483_649, 68), (.min, 68),
        ] {
            #expect(try cost(rollup(start: 60_000, lastOffset: delta)) == 1 + 1 + bits, "delta \(delta)")
        }
    }

    @Test("bytes per rollup of the reference series stay within their budgets", arguments: RollupSeriesShape.allCases)
    func referenceSizes(shape: RollupSeriesShape) throws {
        let rollups = shape.rollups(minutes: 60)
        let block = try RollupBlock.encode(rollups, resolution: 60_000)
        let budget: Double
        switch shape {
        case .constantGauge: budget = 2.5
        case .risingCounter: budget = 14
        case .noisyRatio: budget = 42
        }
        #expect(block.bytesPerRollup < budget, "\(shape): \(block.bytesPerRollup) bytes per rollup")
    }

    @Test("a constant gauge sampled at a fixed phase costs 7 bits per rollup after the first")
    func constantGaugeBits() throws {
        let rollups = RollupSeriesShape.constantGauge.rollups(minutes: 60)
        var encoder = RollupBlockEncoder(resolution: 60_000)
        try encoder.append(rollups[0])
        let first = encoder.bitCount
        for rollup in rollups.dropFirst() { try encoder.append(rollup) }
        #expect(encoder.bitCount == first + 59 * 7)
    }

    // MARK: errors

    @Test("starts must increase: an equal or earlier start throws and changes nothing")
    func outOfOrder() throws {
        var encoder = RollupBlockEncoder(resolution: 60_000)
        try encoder.append(makeRollup(start: 60_000, values: [1]))
        let bits = encoder.bitCount
        #expect(throws: RollupBlockError.outOfOrder(previous: 60_000, got: 60_000)) {
            try encoder.append(makeRollup(start: 60_000, values: [2]))
        }
        #expect(throws: RollupBlockError.outOfOrder(previous: 60_000, got: 0)) {
            try encoder.append(makeRollup(start: 0, values: [2]))
        }
        #expect(encoder.bitCount == bits && encoder.count == 1 && encoder.lastStart == 60_000)
    }

    @Test("every truncation of a valid block throws .truncated", arguments: RollupSeriesShape.allCases)
    func truncations(shape: RollupSeriesShape) throws {
        var rollups = shape.rollups(minutes: 12)
        rollups += Self.awkwardSamples.enumerated().map {
            makeRollup(start: rollups.last!.start + Int64($0.offset + 1) * 60_000, values: $0.element)
        }
        let bytes = try RollupBlock.encode(rollups, resolution: 60_000).bytes
        for length in 0..<bytes.count {
            do {
                let decoded = try RollupBlockDecoder(bytes: Array(bytes.prefix(length)), resolution: 60_000).decodeAll()
                Issue.record("prefix of \(length) bytes decoded \(decoded.count) rollups")
            } catch .truncated(let bitOffset, let rollupIndex) {
                #expect(bitOffset <= length * 8)
                #expect(rollupIndex < rollups.count)
            } catch {
                Issue.record("prefix of \(length) bytes: expected a truncation, got \(error)")
            }
        }
        var kept = [Rollup(start: 5)]
        #expect(throws: RollupBlockError.self) {
            try RollupBlockDecoder(bytes: Array(bytes.dropLast()), resolution: 60_000).decode(appendingTo: &kept)
        }
        #expect(kept.map(\.start) == [5])
    }

    @Test("random bytes, flipped bits and overlong headers throw or decode, never trap", arguments: 0..<4)
    func garbage(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let valid = try RollupBlock.encode(RollupSeriesShape.noisyRatio.rollups(minutes: 20), resolution: 60_000).bytes
        for round in 0..<1_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(random.next() % 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes = valid
                for _ in 0...(random.next() % 4) {
                    let bit = Int(random.next() % UInt64(bytes.count * 8))
                    bytes[bit / 8] ^= 1 << UInt8(bit % 8)
                }
            }
            if let decoded = try? RollupBlockDecoder(bytes: bytes, resolution: 60_000).decodeAll() {
                #expect(zip(decoded, decoded.dropFirst()).allSatisfy { $0.start < $1.start })
            }
        }
        let overlong: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]
        #expect(throws: RollupBlockError.corrupt(bitOffset: 72, reason: "the rollup count overflows 64 bits")) {
            try RollupBlockDecoder(bytes: overlong, resolution: 60_000)
        }
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        #expect(throws: RollupBlockError.self) { try RollupBlockDecoder(bytes: huge, resolution: 60_000).decodeAll() }
        #expect(throws: RollupBlockError.truncated(bitOffset: 0, rollupIndex: 0)) {
            try RollupBlockDecoder(bytes: [], resolution: 60_000)
        }
    }

    @Test("a value reusing a window before one was set is reported as corrupt")
    func windowBeforeSet() throws {
        // count 1; start 0 (64 bits); count '1' + 000000 + '0' (0, so unchanged would do too);
        // offset '0'; sum shape '0' (no partials); value shape '0'; last '10': no window yet.
        var writer = BitWriter()
        writer.write(0, bits: 64)
        writer.write(0b0, bits: 1)
        writer.write(0b0, bits: 1)
        writer.write(0b0, bits: 1)
        writer.write(0b0, bits: 1)
        writer.write(0b10, bits: 2)
        writer.write(0, bits: 16)
        let bytes = [1] + writer.bytes
        #expect(
            throws: RollupBlockError.corrupt(bitOffset: 8 + 68, reason: "a value reuses a window before any was set")
        ) {
            try RollupBlockDecoder(bytes: bytes, resolution: 60_000).decodeAll()
        }
    }

    /// A 1-minute rollup of the samples `(start + i s, values[i])`.
    private func makeRollup(start: Int64, values: [Double]) -> Rollup {
        var rollup = Rollup(start: start)
        for (index, value) in values.enumerated() {
            rollup.add(timestamp: start &+ Int64(index) * 1_000, value: value)
        }
        return rollup
    }
}
