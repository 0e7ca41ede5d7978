import Testing

@testable import HomeostatCore

/// A window from (name, labels, unit, samples) rows.
private func window(_ rows: [(String, [String: String], String, [Double])], seconds: Double = 10) -> WindowedMetrics {
    var window = WindowedMetrics(seconds: seconds, end: 1_700_000_000)
    for (name, labels, unit, samples) in rows {
        window.add(SeriesKey(name, labels.map { Label($0.key, $0.value) }), unit: unit, samples: samples)
    }
    return window
}

private func cpu(idle: Double, iowait: Double = 0) -> [(String, [String: String], String, [Double])] {
    [
        ("system.cpu.utilization", ["cpu": "total", "state": "idle"], "1", [idle]),
        ("system.cpu.utilization", ["cpu": "total", "state": "iowait"], "1", [iowait]),
        ("system.cpu.utilization", ["cpu": "total", "state": "steal"], "1", [0]),
        ("system.cpu.logical.count", [:], "{cpu}", [2]),
    ]
}

private func psi(_ resource: String, _ kind: String, _ value: Double) -> (String, [String: String], String, [Double]) {
    ("system.pressure.stall", ["resource": resource, "kind": kind], "1", [value])
}

/// An idle two-CPU host with 24 GB, one disk and one NIC, PSI all but quiet.
private let healthy: [(String, [String: String], String, [Double])] =
    cpu(idle: 0.85, iowait: 0.01) + [
        ("system.process.count", ["status": "running"], "{process}", [2, 2, 2]),
        psi("cpu", "some", 0.02), psi("memory", "some", 0), psi("memory", "full", 0), psi("io", "some", 0.01),
        psi("io", "full", 0),
        ("system.linux.memory.available", [:], "By", [20e9]),
        ("system.memory.limit", [:], "By", [24e9]),
        ("system.paging.operations", ["direction": "in"], "{page}/s", [0]),
        ("system.paging.operations", ["direction": "out"], "{page}/s", [0]),
        ("system.paging.faults", ["type": "major"], "{fault}/s", [0]),
        ("system.disk.utilization", ["system.device": "vda"], "1", [0.09]),
        ("system.disk.queue_length", ["system.device": "vda"], "{request}", [0.02]),
        ("system.disk.average_wait", ["system.device": "vda"], "s", [0.001]),
        (
            "system.network.errors", ["network.interface.name": "eth0", "network.io.direction": "receive"], "{error}/s",
            [0]
        ),
        (
            "system.network.dropped", ["network.interface.name": "eth0", "network.io.direction": "receive"],
            "{packet}/s", [0]
        ),
        (
            "system.network.errors", ["network.interface.name": "lo", "network.io.direction": "receive"], "{error}/s",
            [50]
        ),
    ]

/// `rows` with those of the same series (name and labels) replaced by `overrides`.
private func replacing(
    _ rows: [(String, [String: String], String, [Double])],
    with overrides: [(String, [String: String], String, [Double])]
) -> [(String, [String: String], String, [Double])] {
    rows.filter { row in !overrides.contains { $0.0 == row.0 && $0.1 == row.1 } } + overrides
}

@Suite("USE method bottlenecks")
struct BottleneckTests {
    @Test("an idle host names no bottleneck; memory in use is the busiest at a fifth of its level")
    func healthyHost() {
        let report = USEMethod().evaluate(window(healthy))
        #expect(report.limiting == nil)
        #expect(report.missing.isEmpty)
        #expect(report.resources.map(\.name) == ["memory", "cpu", "disk vda", "network eth0"])
        #expect(report.resources.allSatisfy { $0.status == .ok })
        #expect(report.resources[0].score == (1 - 20e9 / 24e9) / 0.9)
        let cpu = report.resources[1]
        #expect(cpu.score == (1 - 0.85 - 0.01) / 0.9)
        // With PSI present the run queue is not used; the saturation is PSI cpu some.
        #expect(cpu.saturation == 0.02 / 0.2)
        #expect(cpu.evidence.count == 3)
        #expect(cpu.errors == nil)
        // Host-wide io PSI and iowait join the only disk.
        #expect(report.resources[2].evidence.count == 6)
        #expect(report.resources[2].score == 0.09 / 0.9)
        #expect(
            report.summary == "no resource is limiting over the last 10 s; the busiest is memory at 0.19 of its level")
    }

    @Test("a CPU-bound host: CPU limiting by PSI cpu some, evidence strongest first")
    func cpuBound() {
        let rows = replacing(
            healthy,
            with: cpu(idle: 0.02) + [psi("cpu", "some", 0.5)])
        let report = USEMethod().evaluate(window(rows))
        #expect(report.limiting == "cpu")
        let cpu = report.resources[0]
        #expect(cpu.status == .limiting)
        #expect(cpu.saturation == 2.5)
        #expect(cpu.utilization == (1 - 0.02 - 0) / 0.9)
        #expect(cpu.evidence.map(\.metric).first == "system.pressure.stall{kind=\"some\",resource=\"cpu\"}")
        #expect(cpu.evidence.map(\.score) == [2.5, (1 - 0.02 - 0) / 0.9, 0])
        #expect(
            report.summary
                == "cpu is the limiting resource over the last 10 s: saturation 2.5× its level: "
                + "system.pressure.stall{kind=\"some\",resource=\"cpu\"} 50 % ≥ 20 % — share of time at least one "
                + "runnable task waited for a CPU")
    }

    @Test("a host swapping: memory limiting by swap traffic, ahead of a busy CPU")
    func memoryBound() {
        let rows = replacing(
            healthy,
            with: cpu(idle: 0.45) + [
                psi("memory", "some", 0.3), psi("memory", "full", 0.02),
                ("system.paging.operations", ["direction": "in"], "{page}/s", [1000, 3000]),
                ("system.paging.operations", ["direction": "out"], "{page}/s", [3000]),
            ])
        let report = USEMethod().evaluate(window(rows))
        #expect(report.limiting == "memory")
        #expect(report.resources[0].saturation == 5000.0 / 256)
        #expect(report.resources[0].utilization == (1 - 20e9 / 24e9) / 0.9)
        #expect(report.resources[1].name == "cpu")
        #expect(report.resources[1].status == .elevated)
    }

    @Test("OOM kills are memory errors: one kill in the 10 s window scores 1")
    func outOfMemoryKills() {
        let rows = replacing(
            healthy, with: [("system.linux.memory.oom_kills", [:], "{kill}/s", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])])
        let report = USEMethod().evaluate(window(rows))
        #expect(report.limiting == "memory")
        #expect(report.resources[0].errors == 0.1 / 0.1)
        #expect(report.resources[0].evidence[0].dimension == .errors)
        #expect(report.resources[0].evidence[0].latest == 1)
    }

    @Test("an I/O-bound host: the busiest disk is limiting and carries the host's io PSI and iowait")
    func diskBound() {
        let rows = replacing(
            healthy,
            with: cpu(idle: 0.4, iowait: 0.45) + [
                psi("io", "some", 0.6), psi("io", "full", 0.4),
                ("system.disk.utilization", ["system.device": "vda"], "1", [0.99]),
                ("system.disk.queue_length", ["system.device": "vda"], "{request}", [6]),
                ("system.disk.utilization", ["system.device": "vdb"], "1", [0.3]),
            ])
        let report = USEMethod().evaluate(window(rows))
        #expect(report.limiting == "disk vda")
        let disk = report.resources[0]
        #expect(disk.saturation == 4)
        #expect(disk.utilization == 0.99 / 0.9)
        #expect(disk.evidence.contains { $0.metric == "system.cpu.utilization{cpu=\"total\",state=\"iowait\"}" })
        // CPU busy excludes iowait: 1 − 0.4 − 0.45.
        #expect(report.resources.first { $0.name == "cpu" }?.utilization == (1 - 0.4 - 0.45) / 0.9)
        #expect(report.resources.first { $0.name == "disk vdb" }?.evidence.count == 1)
    }

    @Test("equal scores: more saturation first, then kind order, then name")
    func ties() {
        var thresholds = USEThresholds()
        thresholds.memoryUsed = 0.375
        let rows = replacing(
            healthy,
            with: [
                psi("cpu", "some", 0.4),
                ("system.linux.memory.available", [:], "By", [2.5e9]), ("system.memory.limit", [:], "By", [10e9]),
            ])
        let report = USEMethod(thresholds: thresholds).evaluate(window(rows))
        #expect(report.resources.prefix(2).map(\.name) == ["cpu", "memory"])
        #expect(report.resources[0].score == 2 && report.resources[1].score == 2)
        #expect(report.limiting == "cpu")

        thresholds.memoryPressure = 0.2
        let even = replacing(rows, with: [psi("memory", "some", 0.4)])
        let tied = USEMethod(thresholds: thresholds).evaluate(window(even))
        #expect(tied.resources.prefix(2).map(\.name) == ["cpu", "memory"])
        #expect(tied.resources[0].saturation == tied.resources[1].saturation)

        let disks = window([
            ("system.disk.utilization", ["system.device": "sdb"], "1", [0.09]),
            ("system.disk.utilization", ["system.device": "sda"], "1", [0.09]),
        ])
        #expect(USEMethod().evaluate(disks).resources.map(\.name) == ["disk sda", "disk sdb"])
    }

    @Test("a kernel without PSI: CPU judged by busy share and, in PSI's stead, the run queue; the missing checks named")
    func withoutPressure() {
        let rows = replacing(healthy, with: cpu(idle: 0.01)).filter { $0.0 != "system.pressure.stall" }
        let report = USEMethod().evaluate(window(rows))
        #expect(report.limiting == "cpu")
        #expect(report.resources[0].utilization == (1 - 0.01 - 0) / 0.9)
        // (2 running − the collector's own thread) ÷ 2 CPUs, against 1.5.
        #expect(report.resources[0].saturation == 0.5 / 1.5)
        #expect(
            report.missing == [
                "system.pressure.stall{kind=\"some\",resource=\"cpu\"}: no samples (kernel without PSI?)",
                "system.pressure.stall{kind=\"some\",resource=\"memory\"}: no samples (kernel without PSI?)",
                "system.pressure.stall{kind=\"full\",resource=\"memory\"}: no samples (kernel without PSI?)",
                "system.pressure.stall{kind=\"some\",resource=\"io\"}: no samples (kernel without PSI?)",
                "system.pressure.stall{kind=\"full\",resource=\"io\"}: no samples (kernel without PSI?)",
            ])
    }

    @Test("the kernel's avg10 stands in for a missing stall share")
    func avg10Fallback() {
        let rows =
            healthy.filter { !($0.0 == "system.pressure.stall" && $0.1["resource"] == "cpu") } + [
                ("system.pressure.avg10", ["resource": "cpu", "kind": "some"], "1", [0.4])
            ]
        let report = USEMethod().evaluate(window(rows))
        #expect(report.limiting == "cpu")
        #expect(report.resources[0].saturation == 2)
        #expect(report.missing.isEmpty)
    }

    @Test("NaN samples are skipped; a series of only NaN counts as missing, not as zero")
    func notANumber() {
        var w = window([("x", [:], "1", [.nan, 0.5, .infinity, 0.7, .nan])])
        #expect(w.entry("x")?.value == WindowedMetrics.Value(average: 0.6, latest: 0.7, samples: 2))
        w.add(SeriesKey("x"), unit: "1", samples: [.nan])
        #expect(w.entry("x") == nil)

        let rows = replacing(
            healthy,
            with: [
                ("system.cpu.utilization", ["cpu": "total", "state": "idle"], "1", [.nan, 0.01, .nan]),
                psi("cpu", "some", .nan),
            ])
        let report = USEMethod().evaluate(window(rows))
        #expect(report.limiting == "cpu")
        #expect(report.resources[0].utilization == (1 - 0.01 - 0.01) / 0.9)
        #expect(
            report.missing == [
                "system.pressure.stall{kind=\"some\",resource=\"cpu\"}: no samples (kernel without PSI?)"
            ])
    }

    @Test("numbers in summaries: two decimals at most, whole numbers bare, huge ones without trapping")
    func formatting() {
        #expect(USEMethod.format(0.456) == "0.46")
        #expect(USEMethod.format(12) == "12")
        #expect(USEMethod.format(-2.5) == "-2.5")
        #expect(USEMethod.format(1e20) == "1e+20")
        #expect(USEMethod.quantity(0.5707, "1") == "57.07 %")
        #expect(USEMethod.quantity(3, "{page}/s") == "3 {page}/s")
    }

    @Test("no samples at all: nothing assessed, and the report says so")
    func empty() {
        let report = USEMethod().evaluate(window([], seconds: 30))
        #expect(report.resources.isEmpty)
        #expect(report.limiting == nil)
        #expect(report.summary == "no resource could be assessed over the last 30 s (no samples)")
        #expect(report.missing.count == 7)
    }

    @Test("network errors, a single-threaded process at a full core, and slow p99 latency each score")
    func networkProcessApplication() {
        let process: [String: String] = ["process.pid": "42", "process.executable.name": "worker"]
        let rows =
            healthy + [
                (
                    "system.network.errors", ["network.interface.name": "eth0", "network.io.direction": "transmit"],
                    "{error}/s", [3]
                ),
                ("process.cpu.utilization", process, "1", [0.99]),
                ("process.thread.count", process, "{thread}", [1]),
                ("http.server.request.duration", ["quantile": "0.99", "http.route": "/a"], "s", [1.2]),
                ("http.server.request.duration", ["quantile": "0.5", "http.route": "/a"], "s", [0.9]),
            ]
        let report = USEMethod().evaluate(window(rows))
        #expect(report.limiting == "network eth0")
        #expect(
            report.resources.map(\.name).prefix(3) == [
                "network eth0", "application http.server.request.duration{http.route=\"/a\"}", "process 42 worker",
            ])
        #expect(report.resources[0].errors == 3)
        #expect(report.resources[0].saturation == 0)
        #expect(report.resources[1].saturation == 1.2 / 0.5)
        #expect(report.resources[2].saturation == 0.99 / 0.95)
        #expect(report.resources[2].utilization == 0.99 / 2 / 0.9)
        #expect(!report.resources.contains { $0.name == "network lo" })
    }
}
