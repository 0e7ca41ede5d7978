import HomeostatCore
import Testing

@testable import HomeostatSensors

@Suite("Memory: /proc/meminfo and /proc/vmstat")
struct MemoryTests {
    @Test func capturedHostWithoutSwap() throws {
        var sensor = MemorySensor(root: Fixture.root("host"))
        let snapshot = try collect(&sensor, at: 0)
        let kib = 1024.0
        #expect(snapshot.value("system.memory.limit") == 24_684_092 * kib)
        #expect(snapshot.value("system.linux.memory.available") == 24_348_296 * kib)
        #expect(snapshot.value("system.memory.usage", ["state": "used"]) == 335_796 * kib)
        #expect(snapshot.value("system.memory.usage", ["state": "free"]) == 23_729_720 * kib)
        #expect(snapshot.value("system.memory.usage", ["state": "cached"]) == 791_456 * kib)
        #expect(snapshot.value("system.memory.usage", ["state": "buffers"]) == 11148 * kib)
        // 335,796 / 24,684,092 = 0.013603741227…, rounded to SampleResolution.byteShare = 9 decimals.
        #expect(snapshot.value("system.memory.utilization", ["state": "used"]) == 0.013_603_741)
        #expect(snapshot.value("system.paging.usage", ["state": "used"]) == 0)
        #expect(snapshot.value("system.paging.usage", ["state": "free"]) == 0)
        #expect(snapshot.samples(named: "system.paging.utilization").isEmpty)
    }

    @Test func withSwap() throws {
        let file = try Fixture.file("swap", "/proc/meminfo")
        let info = try MemoryInfo.parse(file.text, path: file.path)
        #expect(
            info
                == MemoryInfo(
                    total: 8_192_000_000, free: 1_024_000_000, available: 3_072_000_000, buffers: 204_800_000,
                    cached: 1_536_000_000, swapTotal: 2_048_000_000, swapFree: 1_536_000_000))
        var sensor = MemorySensor(root: Fixture.root("swap"))
        let snapshot = try collect(&sensor, at: 0)
        #expect(snapshot.value("system.memory.utilization", ["state": "used"]) == 0.625)
        #expect(snapshot.value("system.paging.usage", ["state": "used"]) == 512_000_000)
        #expect(snapshot.value("system.paging.utilization", ["state": "used"]) == 0.25)
    }

    @Test func kernelsWithoutMemAvailableFallBack() throws {
        let info = try MemoryInfo.parse("MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 5 kB\nCached: 20 kB\n", path: "m")
        #expect(info.available == 35 * 1024)
    }

    @Test func malformedValueNamesTheLine() throws {
        let file = try Fixture.file("malformed", "/proc/meminfo")
        let error = sensorError { _ = try MemoryInfo.parse(file.text, path: file.path) }
        #expect(
            error
                == SensorError(
                    .malformed, path: file.path, reason: "line 2: expected a number after 'MemFree:', got 'lots'"))
    }

    @Test func pageFaultAndSwapRates() throws {
        let file = try Fixture.file("host", "/proc/vmstat")
        let stat = try VirtualMemoryStat.parse(file.text, path: file.path)
        #expect(
            stat == VirtualMemoryStat(pageFaults: 8_747_771, majorFaults: 2950, swapIns: 0, swapOuts: 0, oomKills: 0))
        #expect(stat.minorFaults == 8_744_821)
        let scratch = try ScratchRoot("host")
        var sensor = PagingSensor(root: scratch.root)
        #expect(try collect(&sensor, at: 50).samples.isEmpty)
        try scratch.overlay("host-later")
        let second = try collect(&sensor, at: 52)
        // pgfault +2000, pgmajfault +10 in 2 s.
        #expect(second.value("system.paging.faults", ["type": "major"]) == 5)
        #expect(second.value("system.paging.faults", ["type": "minor"]) == 995)
        #expect(second.value("system.paging.operations", ["direction": "in"]) == 0)
        #expect(second.value("system.paging.operations", ["direction": "out"]) == 0)
        // oom_kill 0 → 4 in 2 s.
        #expect(second.value("system.linux.memory.oom_kills") == 2)
    }
}
