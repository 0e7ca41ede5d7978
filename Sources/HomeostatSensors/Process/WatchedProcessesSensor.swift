import HomeostatCore

/// Resource use of the agent itself and of the processes it is asked to watch (`--watch-pid`,
/// `--watch-name`).
///
/// For each live watched process it emits, labelled `process.pid` and `process.executable.name`:
/// - `process.cpu.utilization` (ratio of one core: 1 = one core fully busy, above 1 for several;
///   user + system ticks over the interval),
/// - `process.memory.usage` (By, resident set) and `process.memory.virtual` (By),
/// - `process.thread.count` ({thread}),
/// - `process.open_file_descriptor.count` ({file_descriptor}, entries of `/proc/<pid>/fd`),
/// - `process.disk.io{disk.io.direction=read|write}` (By/s, storage-level bytes of `/proc/<pid>/io`),
/// - `process.context_switches{process.context_switch_type=voluntary|involuntary}` ({switch}/s).
///
/// Descriptors and I/O of another user's process are unreadable without privileges: those series
/// are left out for it and the rest still reported.
///
/// After each ``collect(into:at:)``, ``statuses`` says what became of each watched process. A
/// process that exits is `.gone` (with the time it was first seen gone) and yields no samples at
/// all, never zeros; a pid taken over by a new process (a different start time) counts as the old
/// one gone. A name with no matching process is `.notFound`. Names match `/proc/<pid>/comm` exactly
/// or the basename of `argv[0]`; `/proc` is rescanned for them at most every `rescanInterval`
/// seconds, since a scan reads every process's `stat`.
/// - Complexity: per cycle, about four small reads per watched process; every rescan, one or two
///   reads per process on the host.
public struct WatchedProcessesSensor: Sensor, Sendable {
    public let name = "process"

    /// What became of each watched process in the last cycle: the agent first, then the watched
    /// pids in the order given, then name matches.
    public private(set) var statuses: [WatchedProcessStatus] = []

    private enum Origin: Hashable, Sendable {
        case agent
        case pid
        case name(String)
    }

    private struct Tracked: Sendable {
        var pid: Int32
        var startTicks: UInt64
        var name: String
        var origin: Origin
        var goneSince: Double?
    }

    private struct CounterKey: Hashable, Sendable {
        var pid: Int32
        var startTicks: UInt64
        var field: UInt8
    }

    private let proc: String
    private let watchedPIDs: [Int32]
    private let watchedNames: [String]
    private let includeAgent: Bool
    private let rescanInterval: Double
    private let goneRetention: Double
    private var tracked: [Tracked] = []
    private var unseenPIDs: [Int32]
    private var lastScan: Double?
    private var reader = FileReader(initialCapacity: 4096)
    private var rates = CounterRates<CounterKey>()

    /// - Parameters:
    ///   - root: the filesystem root; reads `<root>/proc/<pid>/…`.
    ///   - pids: processes to watch by pid.
    ///   - names: processes to watch by name (every process of that name).
    ///   - includeAgent: also watch this process (default true).
    ///   - rescanInterval: seconds between scans of `/proc` for `names`, and retries of `pids` not
    ///     found yet (default 5).
    ///   - goneRetention: seconds a name-matched process stays listed as `.gone` (default 60);
    ///     the agent and pids given explicitly stay listed for good.
    public init(
        root: SystemRoot = .host, pids: [Int32] = [], names: [String] = [], includeAgent: Bool = true,
        rescanInterval: Double = 5, goneRetention: Double = 60
    ) {
        proc = root.path("/proc")
        watchedPIDs = pids
        watchedNames = names
        self.includeAgent = includeAgent
        self.rescanInterval = rescanInterval
        self.goneRetention = goneRetention
        unseenPIDs = pids
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        if lastScan == nil || time - lastScan! >= rescanInterval {
            try discover(at: time)
            lastScan = time
        }
        for index in tracked.indices where tracked[index].goneSince == nil {
            if !sample(tracked[index], into: &batch, at: time) {
                tracked[index].goneSince = time
            }
        }
        tracked.removeAll { entry in
            guard let since = entry.goneSince, case .name = entry.origin else { return false }
            return time - since > goneRetention
        }
        rates.endCycle()
        statuses = makeStatuses()
    }

    /// Attaches to the agent, to watched pids not seen yet, and to new processes with watched names.
    private mutating func discover(at time: Double) throws(SensorError) {
        if includeAgent && !tracked.contains(where: { $0.origin == .agent }) {
            let pid = SystemConstants.currentPID
            if let stat = readStat(pid) {
                tracked.append(Tracked(pid: pid, startTicks: stat.startTicks, name: stat.name, origin: .agent))
            }
        }
        var stillUnseen: [Int32] = []
        for pid in unseenPIDs {
            if let stat = readStat(pid) {
                tracked.append(Tracked(pid: pid, startTicks: stat.startTicks, name: stat.name, origin: .pid))
            } else {
                stillUnseen.append(pid)
            }
        }
        unseenPIDs = stillUnseen
        guard !watchedNames.isEmpty else { return }
        var known = Set<CounterKey>()
        for entry in tracked where entry.goneSince == nil {
            known.insert(CounterKey(pid: entry.pid, startTicks: entry.startTicks, field: 0))
        }
        for pid in try ProcDirectory.pids(in: proc) {
            guard let stat = readStat(pid),
                !known.contains(CounterKey(pid: pid, startTicks: stat.startTicks, field: 0))
            else { continue }
            var matched = watchedNames.first { $0 == stat.name }
            if matched == nil, let bytes = try? reader.read(proc + "/\(pid)/cmdline"),
                let executable = ProcessCounters.executableBasename(bytes)
            {
                matched = watchedNames.first { $0 == executable }
            }
            if let matched {
                tracked.append(
                    Tracked(pid: pid, startTicks: stat.startTicks, name: stat.name, origin: .name(matched)))
            }
        }
    }

    private mutating func readStat(_ pid: Int32) -> ProcessStat? {
        let path = proc + "/\(pid)/stat"
        guard let bytes = try? reader.read(path) else { return nil }
        return try? ProcessStat.parse(bytes, path: path)
    }

    /// Appends the samples of a process; false when it is gone (no stat, or another start time).
    private mutating func sample(_ entry: Tracked, into batch: inout SampleBatch, at time: Double) -> Bool {
        guard let stat = readStat(entry.pid), stat.startTicks == entry.startTicks else { return false }
        let labels = [Label("process.pid", String(entry.pid)), Label("process.executable.name", entry.name)]
        func key(_ field: UInt8) -> CounterKey {
            CounterKey(pid: entry.pid, startTicks: entry.startTicks, field: field)
        }
        if let ticks = rates.rate(key(0), stat.userTicks &+ stat.systemTicks, at: time) {
            batch.append(
                SeriesKey("process.cpu.utilization", labels), ticks / SystemConstants.ticksPerSecond, unit: "1")
        }
        batch.append(
            SeriesKey("process.memory.usage", labels), Double(stat.residentPages &* SystemConstants.pageSize),
            unit: "By")
        batch.append(SeriesKey("process.memory.virtual", labels), Double(stat.virtualBytes), unit: "By")
        batch.append(SeriesKey("process.thread.count", labels), Double(stat.threads), unit: "{thread}")
        let directory = proc + "/\(entry.pid)"
        if let descriptors = try? ProcDirectory.entryCount(directory + "/fd") {
            batch.append(
                SeriesKey("process.open_file_descriptor.count", labels), Double(descriptors),
                unit: "{file_descriptor}")
        }
        if let bytes = try? reader.read(directory + "/io"),
            let io = try? ProcessCounters.storageBytes(bytes, path: directory + "/io")
        {
            for (field, direction, value) in [(UInt8(1), "read", io.read), (2, "write", io.written)] {
                if let perSecond = rates.rate(key(field), value, at: time) {
                    batch.append(
                        SeriesKey("process.disk.io", labels + [Label("disk.io.direction", direction)]), perSecond,
                        unit: "By/s")
                }
            }
        }
        if let bytes = try? reader.read(directory + "/status"),
            let switches = try? ProcessCounters.contextSwitches(bytes, path: directory + "/status")
        {
            for (field, type, value) in [
                (UInt8(3), "voluntary", switches.voluntary), (4, "involuntary", switches.involuntary),
            ] {
                if let perSecond = rates.rate(key(field), value, at: time) {
                    batch.append(
                        SeriesKey(
                            "process.context_switches", labels + [Label("process.context_switch_type", type)]),
                        perSecond, unit: "{switch}/s")
                }
            }
        }
        return true
    }

    private func makeStatuses() -> [WatchedProcessStatus] {
        var result: [WatchedProcessStatus] = []
        func status(_ entry: Tracked) -> WatchedProcessStatus {
            WatchedProcessStatus(
                pid: entry.pid, name: entry.name, state: entry.goneSince == nil ? .running : .gone,
                goneSince: entry.goneSince)
        }
        result.append(contentsOf: tracked.filter { $0.origin == .agent }.map(status))
        for pid in watchedPIDs {
            if let entry = tracked.first(where: { $0.origin == .pid && $0.pid == pid }) {
                result.append(status(entry))
            } else {
                result.append(WatchedProcessStatus(pid: pid, name: "", state: .notFound))
            }
        }
        for name in watchedNames {
            let matches = tracked.filter { $0.origin == .name(name) }
            result.append(contentsOf: matches.map(status))
            if !matches.contains(where: { $0.goneSince == nil }) {
                result.append(WatchedProcessStatus(pid: nil, name: name, state: .notFound))
            }
        }
        return result
    }
}
