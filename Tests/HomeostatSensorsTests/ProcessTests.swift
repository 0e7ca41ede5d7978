import Foundation
import HomeostatCore
import Testing

@testable import HomeostatSensors

@Suite("Processes: /proc/<pid>")
struct ProcessTests {
    static let statLine =
        "4242 (a) b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 7 0 123456 1048576 300 18446744073709551615 1 1\n"

    @Test func statNameMayContainParenthesesAndSpaces() throws {
        let stat = try ProcessStat.parse(Self.statLine, path: "/proc/4242/stat")
        #expect(
            stat
                == ProcessStat(
                    pid: 4242, name: "a) b) c", state: "S", userTicks: 250, systemTicks: 75, threads: 7,
                    startTicks: 123_456, virtualBytes: 1_048_576, residentPages: 300))
    }

    @Test func truncatedStatIsMalformed() {
        let error = sensorError { _ = try ProcessStat.parse("12 (x) S 1 2 3", path: "/proc/12/stat") }
        #expect(
            error
                == SensorError(.malformed, path: "/proc/12/stat", reason: "line 1: expected at least 24 fields, got 6"))
    }

    @Test func countersAndCommandLine() throws {
        let status = "Name:\tx\nThreads:\t3\nvoluntary_ctxt_switches:\t150\nnonvoluntary_ctxt_switches:\t7\n"
        let switches = try ProcessCounters.contextSwitches(bytes(status), path: "status")
        #expect(switches.voluntary == 150 && switches.involuntary == 7)
        let io = "rchar: 1\nwchar: 2\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n"
        let storage = try ProcessCounters.storageBytes(bytes(io), path: "io")
        #expect(storage.read == 4096 && storage.written == 8192)
        #expect(ProcessCounters.executableBasename(bytes("/usr/bin/python3\0-m\0http.server\0")) == "python3")
        #expect(ProcessCounters.executableBasename(bytes("nginx: worker process\0")) == "nginx:")
        #expect(ProcessCounters.executableBasename(bytes("")) == nil)
    }

    @Test func pidReuseAndUnreadableIOInAFixtureTree() throws {
        let scratch = try ScratchRoot()
        try scratch.write("proc/4242/stat", Self.statLine)
        try scratch.write("proc/4242/status", "voluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t1\n")
        for descriptor in ["0", "1", "2"] { try scratch.write("proc/4242/fd/\(descriptor)", "") }
        var sensor = WatchedProcessesSensor(root: scratch.root, pids: [4242, 4343], includeAgent: false)
        let first = try collect(&sensor, at: 0)
        let labels: KeyValuePairs<String, String> = ["process.pid": "4242", "process.executable.name": "a) b) c"]
        #expect(first.value("process.memory.usage", labels) == Double(300 * SystemConstants.pageSize))
        #expect(first.value("process.memory.virtual", labels) == 1_048_576)
        #expect(first.value("process.thread.count", labels) == 7)
        #expect(first.value("process.open_file_descriptor.count", labels) == 3)
        #expect(first.samples(named: "process.disk.io").isEmpty)  // no io file: skipped, not failed
        #expect(
            sensor.statuses == [
                WatchedProcessStatus(pid: 4242, name: "a) b) c", state: .running),
                WatchedProcessStatus(pid: 4343, name: "", state: .notFound),
            ])
        // 100 more ticks in 2 s at USER_HZ: 0.5 of a core (for USER_HZ = 100).
        try scratch.write("proc/4242/stat", Self.statLine.replacingOccurrences(of: " 250 75 ", with: " 300 125 "))
        try scratch.write("proc/4242/status", "voluntary_ctxt_switches:\t30\nnonvoluntary_ctxt_switches:\t5\n")
        let second = try collect(&sensor, at: 2)
        #expect(second.value("process.cpu.utilization", labels) == 100 / SystemConstants.ticksPerSecond / 2)
        #expect(second.value("process.context_switches", ["process.context_switch_type": "voluntary"]) == 10)
        #expect(second.value("process.context_switches", ["process.context_switch_type": "involuntary"]) == 2)
        // The pid now belongs to a process started later: the watched one is gone.
        try scratch.write("proc/4242/stat", Self.statLine.replacingOccurrences(of: " 123456 ", with: " 999999 "))
        let third = try collect(&sensor, at: 3)
        #expect(third.samples.isEmpty)
        #expect(sensor.statuses.first == WatchedProcessStatus(pid: 4242, name: "a) b) c", state: .gone, goneSince: 3))
        // It stays gone, with the time it was first seen gone.
        _ = try collect(&sensor, at: 4)
        #expect(sensor.statuses.first?.goneSince == 3)
    }

    @Test func theAgentItself() throws {
        var sensor = WatchedProcessesSensor(names: ["no-such-process-homeostat"])
        let first = try collect(&sensor, at: now())
        let pid = String(getpid())
        #expect(sensor.statuses.first?.pid == getpid())
        #expect(sensor.statuses.first?.state == .running)
        #expect(
            sensor.statuses.last == WatchedProcessStatus(pid: nil, name: "no-such-process-homeostat", state: .notFound))
        #expect((first.value("process.memory.usage", ["process.pid": pid]) ?? 0) > 1_000_000)
        #expect((first.value("process.thread.count", ["process.pid": pid]) ?? 0) >= 1)
        #expect((first.value("process.open_file_descriptor.count", ["process.pid": pid]) ?? 0) >= 3)
        var spin = 0.0
        for index in 0..<2_000_000 { spin += Double(index).squareRoot() }
        #expect(spin > 0)
        let second = try collect(&sensor, at: now() + 0.000_001)
        let cpu = try #require(second.value("process.cpu.utilization", ["process.pid": pid]))
        #expect(cpu >= 0 && cpu <= Double(ProcessInfo.processInfo.activeProcessorCount) * 1.5)
        #expect(second.value("process.disk.io", ["process.pid": pid, "disk.io.direction": "read"]) != nil)
        #expect(
            second.value("process.context_switches", ["process.pid": pid, "process.context_switch_type": "voluntary"])
                != nil)
    }

    @Test func aChildThatExitsIsGoneWithNoSamples() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        let pid = child.processIdentifier
        defer { if child.isRunning { kill(pid, SIGKILL) } }
        var byPID = WatchedProcessesSensor(pids: [pid], includeAgent: false)
        var byName = WatchedProcessesSensor(names: ["sleep"], includeAgent: false, rescanInterval: 0)
        let first = try collect(&byPID, at: 1)
        _ = try collect(&byName, at: 1)
        #expect(byPID.statuses == [WatchedProcessStatus(pid: pid, name: "sleep", state: .running)])
        #expect(byName.statuses.contains(WatchedProcessStatus(pid: pid, name: "sleep", state: .running)))
        #expect(first.value("process.memory.usage", ["process.pid": String(pid)]) != nil)

        // SIGKILL: a SIGTERM may be ignored, since ignored signals are inherited from the test runner.
        kill(pid, SIGKILL)
        child.waitUntilExit()
        let afterByPID = try collect(&byPID, at: 2)
        let afterByName = try collect(&byName, at: 2)
        #expect(byPID.statuses == [WatchedProcessStatus(pid: pid, name: "sleep", state: .gone, goneSince: 2)])
        #expect(byName.statuses.contains(WatchedProcessStatus(pid: pid, name: "sleep", state: .gone, goneSince: 2)))
        for snapshot in [afterByPID, afterByName] {
            #expect(!snapshot.samples.contains { $0.series[label: "process.pid"] == String(pid) })
        }
    }

    @Test func processTableFindsThisProcessAndRanksByCPU() throws {
        var table = ProcessTable()
        let first = try table.scan(at: now())
        let me = try #require(first.first { $0.pid == getpid() })
        #expect(me.cpu == nil)
        #expect(me.residentBytes > 0)
        let second = try table.scan(at: now() + 0.01)
        #expect(second.first { $0.pid == getpid() }?.cpu != nil)
        let top = ProcessTable.top(second, count: 3)
        #expect(top.count == min(3, second.count))
        #expect(zip(top, top.dropFirst()).allSatisfy { ($0.cpu ?? 0) >= ($1.cpu ?? 0) })
    }

    private func now() -> Double { Date().timeIntervalSince1970 }
}
