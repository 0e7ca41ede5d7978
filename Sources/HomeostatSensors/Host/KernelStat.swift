/// Cumulative CPU time of one CPU (or all of them), in clock ticks (`USER_HZ`, usually 1/100 s).
///
/// `guest` and `guest_nice` are left out: the kernel already counts them in `user` and `nice`.
public struct CPUTimes: Sendable, Equatable {
    public var user: UInt64
    public var nice: UInt64
    public var system: UInt64
    public var idle: UInt64
    public var iowait: UInt64
    public var irq: UInt64
    public var softirq: UInt64
    public var steal: UInt64

    /// The `state` label values, in the order of ``ticks``.
    public static let states = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]

    public init(
        user: UInt64, nice: UInt64, system: UInt64, idle: UInt64, iowait: UInt64, irq: UInt64, softirq: UInt64,
        steal: UInt64
    ) {
        self.user = user
        self.nice = nice
        self.system = system
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
    }

    /// The eight counters in the order of ``states``.
    public var ticks: [UInt64] { [user, nice, system, idle, iowait, irq, softirq, steal] }

    /// The share of the interval since `previous` spent in each state, in the order of ``states``:
    /// ratios 0–1 that sum to 1. Nil when no tick passed.
    ///
    /// A counter that went backwards counts as 0 rather than as a wrap: the kernel documents that
    /// `iowait` can decrease, and a CPU brought back online may restart lower. These are shares of
    /// the interval, not rates, so ``CounterDelta``'s reset rule (the new value counts in full)
    /// would give nonsense here.
    /// - Complexity: O(1).
    public func utilization(since previous: CPUTimes) -> [Double]? {
        let now = ticks
        let before = previous.ticks
        var deltas = [Double](repeating: 0, count: now.count)
        var total: Double = 0
        for index in now.indices where now[index] > before[index] {
            let delta = Double(now[index] - before[index])
            deltas[index] = delta
            total += delta
        }
        guard total > 0 else { return nil }
        for index in deltas.indices { deltas[index] /= total }
        return deltas
    }
}

/// What `/proc/stat` says: CPU times in total and per online CPU, and scheduler counters.
public struct KernelStat: Sendable, Equatable {
    /// One `cpuN` line.
    public struct CPU: Sendable, Equatable {
        /// The N of `cpuN`. Numbers have gaps when CPUs are offline.
        public var id: Int
        public var times: CPUTimes

        public init(id: Int, times: CPUTimes) {
            self.id = id
            self.times = times
        }
    }

    /// The `cpu` line: all CPUs together.
    public var total: CPUTimes
    /// The `cpuN` lines, one per online CPU, in file order.
    public var cpus: [CPU]
    /// `ctxt`: context switches since boot.
    public var contextSwitches: UInt64
    /// `processes`: processes and threads created (forks) since boot.
    public var processesCreated: UInt64
    /// `procs_running`: runnable tasks now (the run queue).
    public var processesRunning: UInt64
    /// `procs_blocked`: tasks blocked on I/O now.
    public var processesBlocked: UInt64

    public init(
        total: CPUTimes, cpus: [CPU], contextSwitches: UInt64, processesCreated: UInt64,
        processesRunning: UInt64, processesBlocked: UInt64
    ) {
        self.total = total
        self.cpus = cpus
        self.contextSwitches = contextSwitches
        self.processesCreated = processesCreated
        self.processesRunning = processesRunning
        self.processesBlocked = processesBlocked
    }

    /// Parses the text of `/proc/stat`.
    /// - Parameter path: the file's path, for error messages.
    /// - Throws: ``SensorError`` `.malformed` naming the line when a `cpu` line has fewer than 8
    ///   numbers or a value is not a number, or when a required line is absent.
    /// - Complexity: O(n) in the file's size.
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> KernelStat {
        var total: CPUTimes?
        var cpus: [CPU] = []
        var counters: [UInt64?] = [nil, nil, nil, nil]  // ctxt, processes, procs_running, procs_blocked
        var lines = Lines(bytes)
        while let line = lines.next() {
            var fields = Fields(line)
            guard let key = fields.next() else { continue }
            if key.starts(with: "cpu") {
                let suffix = key.dropFirst(3)
                let times = try cpuTimes(&fields, key: key, path: path, line: lines.number)
                if suffix.isEmpty {
                    total = times
                } else if let id = suffix.decimal {
                    cpus.append(CPU(id: Int(id), times: times))
                } else {
                    throw malformed(path, line: lines.number, expected: "'cpu' or 'cpuN'", got: quoted(key))
                }
                continue
            }
            let slot: Int
            if key.equals("ctxt") {
                slot = 0
            } else if key.equals("processes") {
                slot = 1
            } else if key.equals("procs_running") {
                slot = 2
            } else if key.equals("procs_blocked") {
                slot = 3
            } else {
                continue
            }
            guard let field = fields.next(), let value = field.decimal else {
                let got = fields.next().map(quoted) ?? "nothing"
                throw malformed(path, line: lines.number, expected: "a number after \(quoted(key))", got: got)
            }
            counters[slot] = value
        }
        guard let total else { throw malformed(path, missing: "a 'cpu' line") }
        let names = ["ctxt", "processes", "procs_running", "procs_blocked"]
        for index in counters.indices where counters[index] == nil {
            throw malformed(path, missing: "a '\(names[index])' line")
        }
        return KernelStat(
            total: total, cpus: cpus, contextSwitches: counters[0]!, processesCreated: counters[1]!,
            processesRunning: counters[2]!, processesBlocked: counters[3]!)
    }

    /// Parses the text of `/proc/stat` given as a `String`.
    public static func parse(_ text: String, path: String) throws(SensorError) -> KernelStat {
        try parse(bytes(text), path: path)
    }

    private static func cpuTimes(
        _ fields: inout Fields, key: ArraySlice<UInt8>, path: String, line: Int
    ) throws(SensorError) -> CPUTimes {
        var values: [UInt64] = []
        values.reserveCapacity(10)
        while let field = fields.next() {
            guard let value = field.decimal else {
                throw malformed(path, line: line, expected: "a number after \(quoted(key))", got: quoted(field))
            }
            values.append(value)
        }
        guard values.count >= 8 else {
            throw malformed(
                path, line: line, expected: "at least 8 numbers after \(quoted(key))", got: "\(values.count)")
        }
        return CPUTimes(
            user: values[0], nice: values[1], system: values[2], idle: values[3], iowait: values[4], irq: values[5],
            softirq: values[6], steal: values[7])
    }
}
