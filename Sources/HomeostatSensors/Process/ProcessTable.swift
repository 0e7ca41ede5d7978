/// Every process on the host with its CPU share and memory, for the `homeostat top` view.
///
/// Each ``scan(at:)`` reads `/proc/<pid>/stat` of every process; the CPU share needs the previous
/// scan, so the first scan reports `cpu` as nil. Slower than the sensors (hundreds of reads), so it
/// is meant for the interactive view, not for every collection cycle.
public struct ProcessTable: Sendable {
    /// One process as of the last scan.
    public struct Entry: Sendable, Equatable {
        public var pid: Int32
        /// `comm`, at most 15 bytes.
        public var name: String
        /// One-letter state (`R`, `S`, `D`, `Z`, …).
        public var state: Character
        /// Share of one core since the previous scan (1 = one core busy); nil on the first scan
        /// that sees the process.
        public var cpu: Double?
        /// Resident set size, in bytes.
        public var residentBytes: UInt64

        public init(pid: Int32, name: String, state: Character, cpu: Double?, residentBytes: UInt64) {
            self.pid = pid
            self.name = name
            self.state = state
            self.cpu = cpu
            self.residentBytes = residentBytes
        }
    }

    private struct Previous: Sendable {
        var startTicks: UInt64
        var ticks: UInt64
        var time: Double
    }

    private let proc: String
    private var reader = FileReader(initialCapacity: 1024)
    private var previous: [Int32: Previous] = [:]

    public init(root: SystemRoot = .host) {
        proc = root.path("/proc")
    }

    /// Reads every process. Processes that exit during the scan are left out.
    /// - Parameter time: Unix seconds of this scan, the time base of the CPU share.
    /// - Throws: ``SensorError`` when `/proc` itself cannot be listed.
    /// - Complexity: O(p) for p processes: one file read each.
    public mutating func scan(at time: Double) throws(SensorError) -> [Entry] {
        let pids = try ProcDirectory.pids(in: proc)
        var entries: [Entry] = []
        entries.reserveCapacity(pids.count)
        var current: [Int32: Previous] = [:]
        current.reserveCapacity(pids.count)
        for pid in pids {
            let path = proc + "/\(pid)/stat"
            guard let bytes = try? reader.read(path), let stat = try? ProcessStat.parse(bytes, path: path) else {
                continue
            }
            let ticks = stat.userTicks &+ stat.systemTicks
            var cpu: Double?
            if let before = previous[pid], before.startTicks == stat.startTicks, time > before.time,
                ticks >= before.ticks
            {
                cpu = Double(ticks - before.ticks) / SystemConstants.ticksPerSecond / (time - before.time)
            }
            current[pid] = Previous(startTicks: stat.startTicks, ticks: ticks, time: time)
            entries.append(
                Entry(
                    pid: pid, name: stat.name, state: stat.state, cpu: cpu,
                    residentBytes: stat.residentPages &* SystemConstants.pageSize))
        }
        previous = current
        return entries
    }

    /// The `count` entries using the most CPU (unknown CPU counts as 0), ties broken by resident
    /// memory, then by pid.
    /// - Complexity: O(p log p).
    public static func top(_ entries: [Entry], count: Int) -> [Entry] {
        let sorted = entries.sorted { left, right in
            let (l, r) = (left.cpu ?? 0, right.cpu ?? 0)
            if l != r { return l > r }
            if left.residentBytes != right.residentBytes { return left.residentBytes > right.residentBytes }
            return left.pid < right.pid
        }
        return Array(sorted.prefix(max(count, 0)))
    }
}
