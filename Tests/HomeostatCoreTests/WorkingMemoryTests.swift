import HomeostatCore
import Testing

@Suite("Working memory")
struct WorkingMemoryTests {
    static let cpu = SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "user"])
    static let start: Int64 = 1_795_550_400_000  // on an hour boundary

    /// `count` samples 1 s apart from `start`, values i × 0.25.
    static func fill(_ memory: inout WorkingMemory, count: Int, from offset: Int = 0) {
        for i in offset..<(offset + count) {
            memory.append(cpu, timestamp: start + Int64(i) * 1000, value: Double(i) * 0.25)
        }
    }

    @Test("chunks seal when full; samples read back exactly across sealed and open chunks")
    func sealingAndReading() {
        var memory = WorkingMemory()
        Self.fill(&memory, count: 250)
        #expect(memory.counters.appended == 250)
        #expect(memory.counters.chunksSealed == 2)
        let samples = memory.samples(of: Self.cpu, from: Self.start + 100_000, to: Self.start + 130_000)
        #expect(samples.map(\.timestamp) == (100...130).map { Self.start + Int64($0) * 1000 })
        #expect(samples.map(\.value) == (100...130).map { Double($0) * 0.25 })
    }

    @Test("chunks seal when old")
    func sealingByAge() {
        var configuration = WorkingMemory.Configuration()
        configuration.chunkAge = 60_000
        var memory = WorkingMemory(configuration: configuration)
        for i in 0..<13 { memory.append(Self.cpu, timestamp: Self.start + Int64(i) * 10_000, value: 1) }
        // Samples at 0…120 s every 10 s: sealed at 60 s and at 120 s (each chunk spans < 60 s).
        #expect(memory.counters.chunksSealed == 2)
    }

    @Test("out-of-order and duplicate timestamps are rejected and counted; NaN is stored faithfully")
    func rejections() {
        var memory = WorkingMemory()
        let nan = Double(nan: 0x55, signaling: false)
        let accepted = [
            memory.append(Self.cpu, timestamp: Self.start, value: nan),
            memory.append(Self.cpu, timestamp: Self.start, value: 2),
            memory.append(Self.cpu, timestamp: Self.start - 1, value: 3),
            memory.append(Self.cpu, timestamp: Self.start + 1, value: -0.0),
        ]
        #expect(accepted == [true, false, false, true])
        #expect(memory.counters.rejectedDuplicate == 1)
        #expect(memory.counters.rejectedOutOfOrder == 1)
        let values = memory.samples(of: Self.cpu, from: .min, to: .max).map(\.value.bitPattern)
        #expect(values == [nan.bitPattern, (-0.0).bitPattern])
    }

    @Test("right after a chunk is sealed, older and equal timestamps are still rejected")
    func rejectionsAfterSeal() {
        var memory = WorkingMemory()
        Self.fill(&memory, count: 120)  // exactly one full chunk: sealed, the open chunk is empty
        #expect(memory.counters.chunksSealed == 1)
        let late = memory.append(Self.cpu, timestamp: Self.start + 50_000, value: 9)
        let same = memory.append(Self.cpu, timestamp: Self.start + 119_000, value: 9)
        #expect(!late && !same)
        #expect(memory.counters.rejectedOutOfOrder == 1)
        #expect(memory.counters.rejectedDuplicate == 1)
        #expect(memory.samples(of: Self.cpu, from: .min, to: .max).count == 120)
    }

    @Test("a series idle for idleAfter has its open chunk sealed and its minute completed; busy ones are left open")
    func idleSeal() {
        var memory = WorkingMemory()
        let busy = SeriesKey("busy")
        Self.fill(&memory, count: 30)  // cpu: samples at 0…29 s, then silent
        for i in 0..<100 { memory.append(busy, timestamp: Self.start + Int64(i) * 1000, value: 1) }
        // At 89 s the cpu series has been silent 60 s: not yet idle (newest must be older than now − 60 s).
        let notYet = memory.sealIdle(now: Self.start + 89_000)
        let idle = memory.sealIdle(now: Self.start + 89_001)
        #expect(notYet == 0 && idle == 1)
        #expect(memory.counters.chunksSealed == 1)
        #expect(memory.counters.minuteRollups == 1 + 1)  // busy completed minute 0 at 60 s; cpu's minute 0 by idleness
        let batch = memory.pendingFlush()
        #expect(batch.sealedChunks.map(\.series) == [Self.cpu])
        #expect(batch.openChunks.map(\.series) == [busy])
        let cpuMinutes = batch.minuteRollups.filter { $0.series == Self.cpu }.map(\.rollup)
        #expect(cpuMinutes.count == 1)
        #expect(cpuMinutes.first?.count == 30)
        // Calling again changes nothing; the series returning later is accepted as usual.
        let later = memory.sealIdle(now: Self.start + 200_000)
        #expect(later == 1)  // busy went idle meanwhile
        let returned = memory.append(Self.cpu, timestamp: Self.start + 300_000, value: 2)
        #expect(returned)
    }

    @Test("flush batches hand out sealed chunks once, open chunks and open rollups every time")
    func flushBatches() {
        var memory = WorkingMemory()
        Self.fill(&memory, count: 250)  // 4 whole minutes + 10 s
        let first = memory.takeFlushBatch()
        #expect(first.sealedChunks.count == 2)
        #expect(first.openChunks.count == 1)
        #expect(first.openChunks[0].chunk.count == 10)
        // Minutes 0–3 completed, minute 4 open; one open hour holding all 250 samples.
        #expect(first.minuteRollups.map(\.rollup.start) == (0...4).map { Self.start + Int64($0) * 60_000 })
        #expect(first.minuteRollups.map(\.rollup.count) == [60, 60, 60, 60, 10])
        #expect(first.hourRollups.count == 1)
        #expect(first.hourRollups[0].rollup.count == 250)
        #expect(first.hourRollups[0].rollup.max == 249 * 0.25)
        let second = memory.takeFlushBatch()
        #expect(second.sealedChunks.isEmpty)
        #expect(second.openChunks.count == 1)
        #expect(second.minuteRollups.map(\.rollup.start) == [Self.start + 4 * 60_000])
    }

    @Test("minute rollups from working memory equal the raw aggregates exactly")
    func rollupExactness() {
        var memory = WorkingMemory()
        var raw: [(Int64, Double)] = []
        var generator = SplitMix64(seed: 3)
        for i in 0..<600 {
            let value = generator.nextDouble(magnitudes: -4...2)
            raw.append((Self.start + Int64(i) * 1000, value))
            memory.append(Self.cpu, timestamp: raw.last!.0, value: value)
        }
        for (_, rollup) in memory.takeFlushBatch().minuteRollups {
            var reference = Rollup(start: rollup.start)
            for (t, v) in raw where t >= rollup.start && t < rollup.start + 60_000 {
                reference.add(timestamp: t, value: v)
            }
            #expect(rollup == reference)
        }
    }

    @Test("expiry drops only flushed chunks older than the cutoff")
    func expiry() {
        var memory = WorkingMemory()
        Self.fill(&memory, count: 250)
        memory.expire(before: Self.start + 200_000)
        #expect(memory.counters.chunksExpired == 0)  // nothing flushed yet
        _ = memory.takeFlushBatch()
        memory.expire(before: Self.start + 200_000)
        #expect(memory.counters.chunksExpired == 1)  // chunk 0–119 s; chunk 120–239 s is not older
        #expect(memory.samples(of: Self.cpu, from: .min, to: .max).first?.timestamp == Self.start + 120_000)
    }

    @Test("the byte budget evicts the oldest flushed chunks first, and seals when nothing is flushed")
    func budget() {
        var configuration = WorkingMemory.Configuration()
        configuration.byteBudget = 1
        var memory = WorkingMemory(configuration: configuration)
        Self.fill(&memory, count: 250)
        let metBeforeFlush = memory.enforceBudget()
        #expect(!metBeforeFlush)  // nothing flushed: cannot drop, seals the open chunk
        #expect(memory.counters.chunksSealed == 3)
        _ = memory.takeFlushBatch()
        let metAfterFlush = memory.enforceBudget()
        #expect(metAfterFlush)
        #expect(memory.counters.chunksEvictedForBudget == 3)
        #expect(memory.byteCount == 0)
    }
}

@Suite("Working memory: two-phase flush")
struct WorkingMemoryFlushTests {
    @Test("a batch that was not committed (the store failed) is sent again with what arrived since")
    func failedWriteLosesNothing() {
        var memory = WorkingMemory()
        WorkingMemoryTests.fill(&memory, count: 250)
        let failed = memory.pendingFlush()  // imagine the disk was full: no commit
        #expect(failed.sealedChunks.count == 2)
        memory.expire(before: .max)  // unflushed chunks are never expired
        #expect(memory.counters.chunksExpired == 0)
        WorkingMemoryTests.fill(&memory, count: 120, from: 250)
        let retry = memory.pendingFlush()
        #expect(retry.sealedChunks.count == 3)
        #expect(retry.minuteRollups.filter { $0.rollup.count == 60 }.count == 6)
        memory.commit(retry)
        let next = memory.pendingFlush()
        #expect(next.sealedChunks.isEmpty)
        #expect(next.minuteRollups.count == 1)  // only the open minute
    }
}
