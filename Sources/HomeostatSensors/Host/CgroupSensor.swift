import HomeostatCore

/// The limits and usage of the cgroup v2 group the agent runs in (a container, a systemd unit).
///
/// Active when `<root>/sys/fs/cgroup/cgroup.controllers` exists (the unified hierarchy is mounted
/// there) and `<root>/proc/self/cgroup` has a `0::/path` line; otherwise it throws `.missing`
/// naming the file, as on a cgroup v1 or hybrid host. The group's directory is resolved every
/// cycle, so a process moved to another group is followed.
///
/// Emits `system.cgroup.cpu.limit` ({cpu}, cores from `cpu.max`; omitted when `max`),
/// `system.cgroup.cpu.usage` ({cpu}, cores in use from `usage_usec`), `system.cgroup.cpu.throttled`
/// (ratio 0–1 of the interval, from `throttled_usec`), `system.cgroup.memory.usage` (By,
/// `memory.current`), `system.cgroup.memory.limit` (By, `memory.max`; omitted when `max`),
/// `system.cgroup.memory.utilization` (ratio 0–1, when limited), and, when the group has
/// `*.pressure` files, `system.cgroup.pressure.stall{resource, kind}` and its `avg10`/`avg60`/
/// `avg300` like ``PressureSensor``. Files a group lacks (the root group has no `cpu.max` or
/// `memory.current`) are skipped.
/// - Complexity: O(1) per cycle; about eight small file reads.
public struct CgroupSensor: Sensor, Sendable {
    public let name = "cgroup"
    private let root: SystemRoot
    private let controllersPath: String
    private let membershipPath: String
    private var reader = FileReader(initialCapacity: 1024)
    private var rates = CounterRates<String>()
    private var directory: String?
    private var pressure: PressureSensor?

    public init(root: SystemRoot = .host) {
        self.root = root
        controllersPath = root.path("/sys/fs/cgroup/cgroup.controllers")
        membershipPath = root.path("/proc/self/cgroup")
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        guard fileExists(controllersPath) else {
            throw SensorError(.missing, path: controllersPath, reason: "no cgroup v2 (unified) hierarchy mounted here")
        }
        guard let group = try CgroupFiles.unifiedPath(reader.read(membershipPath)) else {
            throw SensorError(.missing, path: membershipPath, reason: "no cgroup v2 entry ('0::/path')")
        }
        let current = root.path("/sys/fs/cgroup" + (group == "/" ? "" : group))
        if current != directory {
            directory = current
            rates = CounterRates()
            pressure = PressureSensor(
                files: ["cpu", "memory", "io"].map { ($0, current + "/\($0).pressure") },
                metricPrefix: "system.cgroup.pressure")
        }
        if let bytes = try optional(current + "/cpu.max"),
            let cores = try CgroupFiles.cpuLimit(bytes, path: current + "/cpu.max")
        {
            batch.append("system.cgroup.cpu.limit", [:], cores, unit: "{cpu}")
        }
        if let bytes = try optional(current + "/cpu.stat") {
            let stat = try CgroupFiles.cpuStat(bytes, path: current + "/cpu.stat")
            if let perSecond = rates.rate("usage", stat.usage, at: time) {
                batch.append("system.cgroup.cpu.usage", [:], perSecond / 1_000_000, unit: "{cpu}")
            }
            if let throttled = stat.throttled, let perSecond = rates.rate("throttled", throttled, at: time) {
                batch.append("system.cgroup.cpu.throttled", [:], min(perSecond / 1_000_000, 1), unit: "1")
            }
        }
        rates.endCycle()
        var usage: UInt64?
        if let bytes = try optional(current + "/memory.current") {
            usage = try CgroupFiles.bytesOrMax(bytes, path: current + "/memory.current")
            if let usage { batch.append("system.cgroup.memory.usage", [:], Double(usage), unit: "By") }
        }
        if let bytes = try optional(current + "/memory.max"),
            let limit = try CgroupFiles.bytesOrMax(bytes, path: current + "/memory.max")
        {
            batch.append("system.cgroup.memory.limit", [:], Double(limit), unit: "By")
            if let usage, limit > 0 {
                batch.append("system.cgroup.memory.utilization", [:], Double(usage) / Double(limit), unit: "1")
            }
        }
        do {
            try pressure?.collect(into: &batch, at: time)
        } catch  where error.kind == .missing {
            // A kernel without PSI, or PSI off for cgroups: the limits above still stand.
        }
    }

    /// The file's bytes, or nil when the group does not have it.
    private mutating func optional(_ path: String) throws(SensorError) -> ArraySlice<UInt8>? {
        do {
            return try reader.read(path)
        } catch  where error.kind == .missing {
            return nil
        }
    }
}
