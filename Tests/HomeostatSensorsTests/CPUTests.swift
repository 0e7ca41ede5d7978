import HomeostatCore
import Testing

@testable import HomeostatSensors

@Suite("CPU: /proc/stat")
struct CPUTests {
    @Test func parsesTheCapturedHostFile() throws {
        let file = try Fixture.file("host", "/proc/stat")
        let stat = try KernelStat.parse(file.text, path: file.path)
        #expect(
            stat.total
                == CPUTimes(
                    user: 18900, nice: 0, system: 4795, idle: 128_550, iowait: 434, irq: 0, softirq: 52, steal: 11))
        #expect(stat.cpus.map(\.id) == [0, 1])
        #expect(
            stat.cpus[1].times
                == CPUTimes(user: 11665, nice: 0, system: 2715, idle: 61604, iowait: 411, irq: 0, softirq: 39, steal: 6)
        )
        #expect(stat.contextSwitches == 388_569)
        #expect(stat.processesCreated == 13396)
        #expect(stat.processesRunning == 1)
        #expect(stat.processesBlocked == 0)
    }

    @Test func twoReadingsGiveExactSharesAndRates() throws {
        let scratch = try ScratchRoot("host")
        var sensor = CPUSensor(root: scratch.root)
        let first = try collect(&sensor, at: 100)
        #expect(first.samples(named: "system.cpu.utilization").isEmpty)
        #expect(first.value("system.cpu.logical.count") == 2)
        #expect(first.value("system.process.count", ["status": "running"]) == 1)
        #expect(first.value("system.process.count", ["status": "blocked"]) == 0)
        try scratch.overlay("host-later")
        let second = try collect(&sensor, at: 102)
        // total: user +100, system +60, idle +220, iowait +20 of 400 ticks.
        #expect(second.value("system.cpu.utilization", ["cpu": "total", "state": "user"]) == 0.25)
        #expect(second.value("system.cpu.utilization", ["cpu": "total", "state": "system"]) == 0.15)
        #expect(second.value("system.cpu.utilization", ["cpu": "total", "state": "idle"]) == 0.55)
        #expect(second.value("system.cpu.utilization", ["cpu": "total", "state": "iowait"]) == 0.05)
        #expect(second.value("system.cpu.utilization", ["cpu": "total", "state": "steal"]) == 0)
        // cpu0: user +50, system +30, idle +110, iowait +10 of 200 ticks.
        #expect(second.value("system.cpu.utilization", ["cpu": "0", "state": "user"]) == 0.25)
        #expect(second.value("system.cpu.utilization", ["cpu": "0", "state": "idle"]) == 0.55)
        #expect(second.samples(named: "system.cpu.utilization").count == 3 * 8)
        #expect(second.value("system.cpu.context_switches") == 1500)
        #expect(second.value("system.process.created") == 10)
    }

    @Test func manyCPUsGoingOfflineAndBack() throws {
        let scratch = try ScratchRoot("many-cpus/t0")
        var sensor = CPUSensor(root: scratch.root)
        let first = try collect(&sensor, at: 0)
        #expect(first.value("system.cpu.logical.count") == 64)
        try scratch.overlay("many-cpus/t1")
        // cpu63 has gone offline: its line is absent.
        let second = try collect(&sensor, at: 1)
        #expect(second.value("system.cpu.logical.count") == 63)
        #expect(second.value("system.cpu.utilization", ["cpu": "total", "state": "user"]) == 0.3)
        #expect(second.value("system.cpu.utilization", ["cpu": "total", "state": "system"]) == 0.1)
        #expect(second.value("system.cpu.utilization", ["cpu": "total", "state": "idle"]) == 0.6)
        #expect(second.value("system.cpu.utilization", ["cpu": "62", "state": "user"]) == 0.3)
        #expect(second.value("system.cpu.utilization", ["cpu": "63", "state": "user"]) == nil)
        #expect(second.samples(named: "system.cpu.utilization").count == 64 * 8)
        // cpu63 is back: it starts afresh (no share this cycle), the others carry on.
        try scratch.overlay("many-cpus/t2")
        let third = try collect(&sensor, at: 2)
        #expect(third.value("system.cpu.logical.count") == 64)
        #expect(third.value("system.cpu.utilization", ["cpu": "63", "state": "user"]) == nil)
        #expect(third.value("system.cpu.utilization", ["cpu": "0", "state": "idle"]) == 0.6)
        #expect(third.value("system.cpu.utilization", ["cpu": "total", "state": "idle"]) == 0.6)
    }

    @Test func aCounterGoingBackwardsCountsAsZero() {
        let before = CPUTimes(user: 100, nice: 0, system: 100, idle: 100, iowait: 50, irq: 0, softirq: 0, steal: 0)
        let after = CPUTimes(user: 150, nice: 0, system: 100, idle: 150, iowait: 40, irq: 0, softirq: 0, steal: 0)
        let shares = after.utilization(since: before)
        #expect(shares == [0.5, 0, 0, 0.5, 0, 0, 0, 0])
        #expect(before.utilization(since: before) == nil)
    }

    @Test func shortCPULineIsMalformedWithItsLine() throws {
        let file = try Fixture.file("malformed", "/proc/stat")
        let error = sensorError { _ = try KernelStat.parse(file.text, path: file.path) }
        #expect(
            error
                == SensorError(
                    .malformed, path: file.path, reason: "line 3: expected at least 8 numbers after 'cpu1', got 4"))
    }

    @Test func missingRequiredLineIsMalformed() {
        let error = sensorError { _ = try KernelStat.parse("cpu  1 2 3 4 5 6 7 8\nctxt 5\n", path: "/proc/stat") }
        #expect(error?.kind == .malformed)
        #expect(error?.reason == "expected a 'processes' line, found none")
    }

    @Test func loadAverages() throws {
        let file = try Fixture.file("host", "/proc/loadavg")
        #expect(
            try LoadAverage.parse(file.text, path: file.path)
                == LoadAverage(oneMinute: 0.34, fiveMinutes: 0.55, fifteenMinutes: 0.32))
        var sensor = LoadAverageSensor(root: Fixture.root("no-psi"))
        let snapshot = try collect(&sensor, at: 0)
        #expect(snapshot.value("system.cpu.load_average.1m") == 1.5)
        #expect(snapshot.value("system.cpu.load_average.5m") == 0.75)
        #expect(snapshot.value("system.cpu.load_average.15m") == 0.25)
        let bad = try Fixture.file("malformed", "/proc/loadavg")
        #expect(
            sensorError { _ = try LoadAverage.parse(bad.text, path: bad.path) }?.reason
                == "line 1: expected a decimal load average, got 'high'")
    }
}
