/// One metric the sensors emit: its name, unit, labels and where it comes from.
public struct MetricDescription: Sendable, Equatable {
    /// OpenTelemetry-style name: `system.cpu.utilization`.
    public var name: String
    /// UCUM unit: `1` (ratio 0–1), `By`, `By/s`, `s`, `{operation}/s`, …
    public var unit: String
    /// Label names, in the order a reader would group by them.
    public var labels: [String]
    /// The file(s) it is read from.
    public var source: String
    /// The ``Sensor/name`` that emits it.
    public var sensor: String
    /// One line for a person.
    public var summary: String
    /// The decimals its sensor rounds each value to (``SampleResolution``); nil when values are
    /// stored as read (integers, byte counts, the kernel's load averages).
    public var decimals: Int?

    public init(
        _ name: String, _ unit: String, _ labels: [String], _ source: String, _ sensor: String, _ summary: String,
        decimals: Int? = nil
    ) {
        self.decimals = decimals
        self.name = name
        self.unit = unit
        self.labels = labels
        self.source = source
        self.sensor = sensor
        self.summary = summary
    }
}

/// Every metric the host and process sensors can emit, one entry each, for the README and
/// `--help` listings. A metric is absent on a host that lacks its source (see each sensor).
public enum MetricCatalog {
    /// The decimals the sensors round `name`'s values to (``MetricDescription/decimals``), nil for a
    /// metric stored as read or not in the catalog.
    /// - Complexity: O(1).
    public static func decimals(of name: String) -> Int? {
        decimalsByName[name] ?? nil
    }

    private static let decimalsByName: [String: Int?] = Dictionary(
        metrics.map { ($0.name, $0.decimals) }, uniquingKeysWith: { first, _ in first })

    public static let metrics: [MetricDescription] = [
        .init(
            "system.cpu.utilization", "1", ["cpu", "state"], "/proc/stat", "cpu",
            "Share of the interval per CPU (`total`, `0`, `1`, …) and state (user, nice, system, idle, iowait, irq, softirq, steal)",
            decimals: SampleResolution.cpuShare),
        .init("system.cpu.logical.count", "{cpu}", [], "/proc/stat", "cpu", "Online logical CPUs"),
        .init(
            "system.cpu.context_switches", "{switch}/s", [], "/proc/stat", "cpu", "Context switches per second",
            decimals: SampleResolution.counterRate),
        .init(
            "system.process.created", "{process}/s", [], "/proc/stat", "cpu",
            "Processes and threads created (forks) per second", decimals: SampleResolution.counterRate),
        .init(
            "system.process.count", "{process}", ["status"], "/proc/stat", "cpu",
            "Run queue: `running` (runnable) and `blocked` (on I/O) tasks"),
        .init("system.cpu.load_average.1m", "{thread}", [], "/proc/loadavg", "load", "1-minute load average"),
        .init("system.cpu.load_average.5m", "{thread}", [], "/proc/loadavg", "load", "5-minute load average"),
        .init("system.cpu.load_average.15m", "{thread}", [], "/proc/loadavg", "load", "15-minute load average"),
        .init(
            "system.pressure.stall", "1", ["resource", "kind"], "/proc/pressure/{cpu,memory,io}", "pressure",
            "Share of the interval with some/all tasks stalled on cpu, memory or io (PSI `total` delta)",
            decimals: SampleResolution.microsecondShare),
        .init(
            "system.pressure.avg10", "1", ["resource", "kind"], "/proc/pressure/{cpu,memory,io}", "pressure",
            "Kernel's 10 s PSI average, as a ratio", decimals: SampleResolution.pressureAverage),
        .init(
            "system.pressure.avg60", "1", ["resource", "kind"], "/proc/pressure/{cpu,memory,io}", "pressure",
            "Kernel's 60 s PSI average, as a ratio", decimals: SampleResolution.pressureAverage),
        .init(
            "system.pressure.avg300", "1", ["resource", "kind"], "/proc/pressure/{cpu,memory,io}", "pressure",
            "Kernel's 300 s PSI average, as a ratio", decimals: SampleResolution.pressureAverage),
        .init(
            "system.memory.usage", "By", ["state"], "/proc/meminfo", "memory",
            "Memory by state: used (total − available), free, cached, buffers"),
        .init("system.memory.limit", "By", [], "/proc/meminfo", "memory", "Total memory (MemTotal)"),
        .init(
            "system.linux.memory.available", "By", [], "/proc/meminfo", "memory",
            "Memory available without swapping (MemAvailable)"),
        .init(
            "system.memory.utilization", "1", ["state"], "/proc/meminfo", "memory",
            "Used share of total memory (`state=used`)", decimals: SampleResolution.byteShare),
        .init("system.paging.usage", "By", ["state"], "/proc/meminfo", "memory", "Swap used and free"),
        .init(
            "system.paging.utilization", "1", ["state"], "/proc/meminfo", "memory",
            "Used share of swap (`state=used`); absent without swap", decimals: SampleResolution.byteShare),
        .init(
            "system.paging.faults", "{fault}/s", ["type"], "/proc/vmstat", "paging",
            "Major and minor page faults per second", decimals: SampleResolution.counterRate),
        .init(
            "system.paging.operations", "{page}/s", ["direction"], "/proc/vmstat", "paging",
            "Pages swapped in and out per second", decimals: SampleResolution.counterRate),
        .init(
            "system.linux.memory.oom_kills", "{kill}/s", [], "/proc/vmstat", "paging",
            "Processes killed by the out-of-memory killer per second (cgroup limits included)",
            decimals: SampleResolution.counterRate),
        .init(
            "system.disk.io", "By/s", ["system.device", "disk.io.direction"], "/proc/diskstats", "disk",
            "Bytes read and written per second, per whole device", decimals: SampleResolution.counterRate),
        .init(
            "system.disk.operations", "{operation}/s", ["system.device", "disk.io.direction"], "/proc/diskstats",
            "disk", "Reads and writes completed per second", decimals: SampleResolution.counterRate),
        .init(
            "system.disk.utilization", "1", ["system.device"], "/proc/diskstats", "disk",
            "Share of the interval the device had I/O in flight", decimals: SampleResolution.millisecondShare),
        .init(
            "system.disk.average_wait", "s", ["system.device"], "/proc/diskstats", "disk",
            "Average time per completed operation (iostat await); absent when none completed",
            decimals: SampleResolution.microsecondShare),
        .init(
            "system.disk.queue_length", "{request}", ["system.device"], "/proc/diskstats", "disk",
            "Average requests in flight (iostat aqu-sz)", decimals: SampleResolution.millisecondShare),
        .init(
            "system.filesystem.usage", "By",
            ["system.device", "system.filesystem.mountpoint", "system.filesystem.type", "system.filesystem.state"],
            "/proc/mounts + statvfs", "filesystem",
            "Bytes used, free (to users) and reserved (for root) per real filesystem"),
        .init(
            "system.filesystem.utilization", "1",
            ["system.device", "system.filesystem.mountpoint", "system.filesystem.type"],
            "/proc/mounts + statvfs", "filesystem", "used / (used + free), as df's Use%",
            decimals: SampleResolution.byteShare),
        .init(
            "system.network.io", "By/s", ["network.interface.name", "network.io.direction"], "/proc/net/dev", "network",
            "Bytes received and transmitted per second", decimals: SampleResolution.counterRate),
        .init(
            "system.network.packets", "{packet}/s", ["network.interface.name", "network.io.direction"], "/proc/net/dev",
            "network", "Packets per second", decimals: SampleResolution.counterRate),
        .init(
            "system.network.errors", "{error}/s", ["network.interface.name", "network.io.direction"], "/proc/net/dev",
            "network", "Errors per second", decimals: SampleResolution.counterRate),
        .init(
            "system.network.dropped", "{packet}/s", ["network.interface.name", "network.io.direction"], "/proc/net/dev",
            "network", "Dropped packets per second", decimals: SampleResolution.counterRate),
        .init(
            "system.network.connections", "{connection}", ["network.transport", "network.connection.state"],
            "sock_diag netlink (else /proc/net/tcp, /proc/net/tcp6)", "tcp",
            "TCP sockets per state, zeros included"),
        .init(
            "system.cgroup.cpu.limit", "{cpu}", [], "<cgroup>/cpu.max", "cgroup",
            "CPU quota in cores; absent when unlimited"),
        .init("system.cgroup.cpu.usage", "{cpu}", [], "<cgroup>/cpu.stat", "cgroup", "Cores in use by the group"),
        .init(
            "system.cgroup.cpu.throttled", "1", [], "<cgroup>/cpu.stat", "cgroup",
            "Share of the interval the group was throttled"),
        .init(
            "system.cgroup.memory.usage", "By", [], "<cgroup>/memory.current", "cgroup", "Memory charged to the group"),
        .init(
            "system.cgroup.memory.limit", "By", [], "<cgroup>/memory.max", "cgroup",
            "The group's memory limit; absent when unlimited"),
        .init(
            "system.cgroup.memory.utilization", "1", [], "<cgroup>/memory.current, memory.max", "cgroup",
            "Usage over limit, when limited"),
        .init(
            "system.cgroup.pressure.stall", "1", ["resource", "kind"], "<cgroup>/{cpu,memory,io}.pressure", "cgroup",
            "The group's PSI stall share of the interval", decimals: SampleResolution.microsecondShare),
        .init(
            "system.cgroup.pressure.avg10", "1", ["resource", "kind"], "<cgroup>/{cpu,memory,io}.pressure", "cgroup",
            "The group's 10 s PSI average, as a ratio", decimals: SampleResolution.pressureAverage),
        .init(
            "system.cgroup.pressure.avg60", "1", ["resource", "kind"], "<cgroup>/{cpu,memory,io}.pressure", "cgroup",
            "The group's 60 s PSI average, as a ratio", decimals: SampleResolution.pressureAverage),
        .init(
            "system.cgroup.pressure.avg300", "1", ["resource", "kind"], "<cgroup>/{cpu,memory,io}.pressure", "cgroup",
            "The group's 300 s PSI average, as a ratio", decimals: SampleResolution.pressureAverage),
        .init(
            "process.cpu.utilization", "1", ["process.pid", "process.executable.name"], "/proc/<pid>/stat", "process",
            "CPU as a share of one core (may exceed 1)"),
        .init(
            "process.memory.usage", "By", ["process.pid", "process.executable.name"], "/proc/<pid>/stat", "process",
            "Resident set size"),
        .init(
            "process.memory.virtual", "By", ["process.pid", "process.executable.name"], "/proc/<pid>/stat", "process",
            "Virtual memory size"),
        .init(
            "process.thread.count", "{thread}", ["process.pid", "process.executable.name"], "/proc/<pid>/stat",
            "process", "Threads"),
        .init(
            "process.open_file_descriptor.count", "{file_descriptor}", ["process.pid", "process.executable.name"],
            "/proc/<pid>/fd", "process",
            "Open file descriptors; absent when not permitted"),
        .init(
            "process.disk.io", "By/s", ["process.pid", "process.executable.name", "disk.io.direction"],
            "/proc/<pid>/io", "process",
            "Storage bytes read and written per second; absent when not permitted"),
        .init(
            "process.context_switches", "{switch}/s",
            ["process.pid", "process.executable.name", "process.context_switch_type"], "/proc/<pid>/status",
            "process", "Voluntary and involuntary context switches per second"),
    ]

    /// The entry for `name`, if the sensors emit it.
    /// - Complexity: O(n) in the number of metrics.
    public static func describe(_ name: String) -> MetricDescription? {
        metrics.first { $0.name == name }
    }
}
