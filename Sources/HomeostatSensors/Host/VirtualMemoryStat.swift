/// The paging counters of `/proc/vmstat`, cumulative since boot.
public struct VirtualMemoryStat: Sendable, Equatable {
    /// `pgfault`: all page faults, minor and major.
    public var pageFaults: UInt64?
    /// `pgmajfault`: faults that needed a disk read.
    public var majorFaults: UInt64?
    /// `pswpin`: pages swapped in.
    public var swapIns: UInt64?
    /// `pswpout`: pages swapped out.
    public var swapOuts: UInt64?
    /// `oom_kill`: processes killed by the out-of-memory killer (host-wide, cgroup limits included;
    /// Linux 4.13 and later).
    public var oomKills: UInt64?

    public init(
        pageFaults: UInt64?, majorFaults: UInt64?, swapIns: UInt64?, swapOuts: UInt64?, oomKills: UInt64? = nil
    ) {
        self.pageFaults = pageFaults
        self.majorFaults = majorFaults
        self.swapIns = swapIns
        self.swapOuts = swapOuts
        self.oomKills = oomKills
    }

    /// `pgfault − pgmajfault`, when both are present.
    public var minorFaults: UInt64? {
        guard let pageFaults, let majorFaults else { return nil }
        return pageFaults > majorFaults ? pageFaults - majorFaults : 0
    }

    /// Parses `/proc/vmstat` (`pgfault 2293968`, one counter a line). A counter the kernel does
    /// not have (built without swap or event counters) is nil.
    /// - Throws: ``SensorError`` `.malformed` when a used counter's value is not a number.
    /// - Complexity: O(n) in the file's size (about 200 lines); other lines are skipped on their
    ///   first byte or two.
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> VirtualMemoryStat {
        var result = VirtualMemoryStat(pageFaults: nil, majorFaults: nil, swapIns: nil, swapOuts: nil)
        var lines = Lines(bytes)
        while let line = lines.next() {
            guard line.first == 0x70 || line.first == 0x6F else { continue }  // "p" or "o": all five start so
            var fields = Fields(line)
            guard let key = fields.next() else { continue }
            let slot: WritableKeyPath<VirtualMemoryStat, UInt64?>
            if key.equals("pgfault") {
                slot = \.pageFaults
            } else if key.equals("pgmajfault") {
                slot = \.majorFaults
            } else if key.equals("pswpin") {
                slot = \.swapIns
            } else if key.equals("pswpout") {
                slot = \.swapOuts
            } else if key.equals("oom_kill") {
                slot = \.oomKills
            } else {
                continue
            }
            guard let field = fields.next(), let value = field.decimal else {
                throw malformed(path, line: lines.number, expected: "a number after \(quoted(key))", got: quoted(line))
            }
            result[keyPath: slot] = value
        }
        return result
    }

    public static func parse(_ text: String, path: String) throws(SensorError) -> VirtualMemoryStat {
        try parse(bytes(text), path: path)
    }
}
