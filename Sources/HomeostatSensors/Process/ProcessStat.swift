/// The fields of `/proc/<pid>/stat` the process sensors use.
public struct ProcessStat: Sendable, Equatable {
    public var pid: Int32
    /// `comm`: the executable name truncated to 15 bytes; may contain spaces and `)`.
    public var name: String
    /// One-letter state: `R` running, `S` sleeping, `D` disk wait, `Z` zombie, `T` stopped, …
    public var state: Character
    /// User-mode CPU time, in clock ticks (field 14).
    public var userTicks: UInt64
    /// Kernel-mode CPU time, in clock ticks (field 15).
    public var systemTicks: UInt64
    /// Field 20.
    public var threads: UInt64
    /// Start time after boot, in clock ticks (field 22): with the pid, it identifies a process
    /// across pid reuse.
    public var startTicks: UInt64
    /// Virtual memory size, in bytes (field 23).
    public var virtualBytes: UInt64
    /// Resident set size, in pages (field 24).
    public var residentPages: UInt64

    public init(
        pid: Int32, name: String, state: Character, userTicks: UInt64, systemTicks: UInt64, threads: UInt64,
        startTicks: UInt64, virtualBytes: UInt64, residentPages: UInt64
    ) {
        self.pid = pid
        self.name = name
        self.state = state
        self.userTicks = userTicks
        self.systemTicks = systemTicks
        self.threads = threads
        self.startTicks = startTicks
        self.virtualBytes = virtualBytes
        self.residentPages = residentPages
    }

    /// Parses `/proc/<pid>/stat`: `pid (comm) state ppid …`. The name is what lies between the
    /// first `(` and the *last* `)`, since a name may itself contain `)` and spaces; numbered
    /// fields are counted from there.
    /// - Throws: ``SensorError`` `.malformed` when the parentheses are missing, fewer than 24
    ///   fields are present, or a used field is not a number.
    /// - Complexity: O(n) in the line's length (about 300 bytes).
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> ProcessStat {
        guard let open = bytes.firstIndex(of: 0x28), let close = bytes.lastIndex(of: 0x29), open < close else {
            throw malformed(path, line: 1, expected: "'pid (comm) state …'", got: quoted(bytes))
        }
        guard let pid = Fields(bytes[bytes.startIndex..<open]).first?.decimal, pid <= UInt64(Int32.max) else {
            throw malformed(path, line: 1, expected: "a pid before '('", got: quoted(bytes[bytes.startIndex..<open]))
        }
        var fields = Fields(bytes[(close + 1)...])
        var values = [UInt64](repeating: 0, count: 22)  // fields 3…24; [0] unused for the state
        guard let stateField = fields.next(), let stateByte = stateField.first else {
            throw malformed(path, line: 1, expected: "a state after ')'", got: "end of line")
        }
        for number in 4...24 {
            guard let field = fields.next() else {
                throw malformed(path, line: 1, expected: "at least 24 fields", got: "\(number - 1)")
            }
            // Fields 4–13 and 16–19 are not used; only check the ones read.
            if [14, 15, 20, 22, 23, 24].contains(number) {
                guard let value = field.decimal else {
                    throw malformed(path, line: 1, expected: "a number in field \(number)", got: quoted(field))
                }
                values[number - 3] = value
            }
        }
        return ProcessStat(
            pid: Int32(pid), name: bytes[(open + 1)..<close].text, state: Character(Unicode.Scalar(stateByte)),
            userTicks: values[11], systemTicks: values[12], threads: values[17], startTicks: values[19],
            virtualBytes: values[20], residentPages: values[21])
    }

    public static func parse(_ text: String, path: String) throws(SensorError) -> ProcessStat {
        try parse(bytes(text), path: path)
    }
}

extension Fields {
    /// The first field.
    fileprivate var first: ArraySlice<UInt8>? {
        var copy = self
        return copy.next()
    }
}
