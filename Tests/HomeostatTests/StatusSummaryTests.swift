import Homeostat
import HomeostatCore
import HomeostatSensors
import Testing

@testable import homeostat

@Suite("Terminal views: status summary and top")
struct StatusSummaryTests {
    /// A snapshot with hand-picked values, so every rendered number is known.
    static func report() -> RealtimeReport {
        func cpu(_ cpu: String, _ state: String, _ value: Double) -> Sample {
            Sample(SeriesKey("system.cpu.utilization", ["cpu": cpu, "state": state]), value, unit: "1")
        }
        let gib = 1_073_741_824.0
        let samples = [
            cpu("total", "user", 0.20), cpu("total", "nice", 0.05), cpu("total", "system", 0.10),
            cpu("total", "iowait", 0.05), cpu("total", "steal", 0), cpu("total", "idle", 0.60),
            cpu("0", "idle", 0.25), cpu("1", "idle", 0.95),
            Sample(SeriesKey("system.cpu.logical.count"), 2, unit: "{cpu}"),
            Sample(SeriesKey("system.cpu.load_average.1m"), 1.5, unit: "{thread}"),
            Sample(SeriesKey("system.cpu.load_average.5m"), 1.25, unit: "{thread}"),
            Sample(SeriesKey("system.cpu.load_average.15m"), 1, unit: "{thread}"),
            Sample(SeriesKey("system.process.count", ["status": "running"]), 3, unit: "{process}"),
            Sample(SeriesKey("system.pressure.stall", ["resource": "cpu", "kind": "some"]), 0.125, unit: "1"),
            Sample(SeriesKey("system.memory.limit"), 16 * gib, unit: "By"),
            Sample(SeriesKey("system.memory.usage", ["state": "used"]), 4 * gib, unit: "By"),
            Sample(SeriesKey("system.memory.usage", ["state": "cached"]), 2 * gib, unit: "By"),
            Sample(SeriesKey("system.linux.memory.available"), 12 * gib, unit: "By"),
            Sample(SeriesKey("system.memory.utilization", ["state": "used"]), 0.25, unit: "1"),
            Sample(
                SeriesKey("system.network.io", ["network.interface.name": "eth0", "network.io.direction": "receive"]),
                1500, unit: "By/s"),
            Sample(
                SeriesKey("system.network.io", ["network.interface.name": "eth0", "network.io.direction": "transmit"]),
                250, unit: "By/s"),
            Sample(
                SeriesKey(
                    "system.network.connections", ["network.transport": "tcp", "network.connection.state": "listen"]),
                4, unit: "{connection}"),
            Sample(
                SeriesKey("process.cpu.utilization", ["process.pid": "42", "process.executable.name": "homeostat"]),
                0.003, unit: "1"),
            Sample(
                SeriesKey("process.memory.usage", ["process.pid": "42", "process.executable.name": "homeostat"]),
                27 * 1_048_576, unit: "By"),
        ]
        let snapshot = Snapshot(
            timestamp: 1_795_557_245, samples: samples,
            processes: [
                WatchedProcessStatus(pid: 42, name: "homeostat", state: .running),
                WatchedProcessStatus(pid: 7, name: "worker", state: .gone, goneSince: 1_795_557_240),
                WatchedProcessStatus(pid: nil, name: "nginx", state: .notFound),
            ],
            sensors: [SensorStatus(name: "cgroup", available: false, reason: "/sys/fs/cgroup: missing")])
        return RealtimeReport(snapshot, interval: 1)
    }

    @Test("status prints one line per resource with the right numbers")
    func summary() {
        let lines = StatusSummary(report: Self.report(), origin: "agent at 127.0.0.1:7777").text
            .split(separator: "\n").map(String.init)
        #expect(lines[0] == "homeostat status — agent at 127.0.0.1:7777, 2026-11-24T21:54:05Z, 24 series")
        #expect(lines.contains("CPU         35.0% busy (user 25.0%, system 10.0%, iowait 5.0%, steal 0.0%), 2 cores"))
        #expect(lines.contains("Load        1.50 1.25 1.00, run queue 3"))
        #expect(lines.contains("Pressure    cpu some 12.5%"))
        #expect(lines.contains("Memory      4.0 GiB used of 16.0 GiB (25.0%), 12.0 GiB available, 2.0 GiB cached"))
        #expect(lines.contains("Swap        none"))
        #expect(lines.contains("Network     eth0 rx 1.5 kB/s, tx 250 B/s, errors 0/s, drops 0/s"))
        #expect(lines.contains("TCP         4 listen"))
        #expect(lines.contains("Process     homeostat (pid 42): cpu 0.3%, rss 27.0 MiB"))
        #expect(lines.contains("Process     worker (pid 7): gone"))
        #expect(lines.contains("Process     nginx: not found"))
        #expect(lines.contains("Unavailable cgroup: /sys/fs/cgroup: missing"))
    }

    @Test("top draws a bar per core, memory, and the busiest processes first")
    func topFrame() {
        var view = TopView(origin: "local sampling")
        let report = Self.report()
        view.record(report)
        let processes = [
            ProcessTable.Entry(pid: 2, name: "kthreadd", state: "S", cpu: 0, residentBytes: 0),
            ProcessTable.Entry(pid: 10, name: "idle", state: "S", cpu: 0, residentBytes: 1_048_576),
            ProcessTable.Entry(pid: 11, name: "busy", state: "R", cpu: 0.5, residentBytes: 2_097_152),
        ]
        let frame = view.render(report, processes: processes, columns: 100, rows: 40)
        let lines = frame.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("homeostat top — local sampling   load 1.50 1.25 1.00"))
        #expect(lines.contains { $0.hasPrefix("CPU  [||||||||||||                  ]  40.0%") })
        #expect(lines.contains { $0.hasPrefix("  0 [|||||||||||||||     ]  75.0%    1 [|                   ]   5.0%") })
        #expect(lines.contains { $0.hasPrefix("Mem  [||||||||                      ]  25.0%  4.0 GiB / 16.0 GiB") })
        let table = lines.drop { !$0.hasPrefix("  PID") }.dropFirst().filter { !$0.isEmpty }
        #expect(table.map { $0.split(separator: " ")[1] } == ["busy", "idle"])  // kernel thread hidden
        #expect(lines.allSatisfy { $0.count <= 100 })
    }
}
