/// Context switch counts from `/proc/<pid>/status` and I/O byte counts from `/proc/<pid>/io`.
public enum ProcessCounters {
    /// `voluntary_ctxt_switches` and `nonvoluntary_ctxt_switches` from `/proc/<pid>/status`.
    /// - Throws: ``SensorError`` `.malformed` when either is absent or not a number.
    /// - Complexity: O(n) in the file's size (about 1.5 KB).
    public static func contextSwitches(
        _ bytes: ArraySlice<UInt8>, path: String
    ) throws(SensorError) -> (voluntary: UInt64, involuntary: UInt64) {
        let values = try keyed(bytes, path: path, keys: ["voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"])
        return (values[0], values[1])
    }

    /// `read_bytes` and `write_bytes` (bytes that reached or left the storage layer) from
    /// `/proc/<pid>/io`.
    /// - Throws: ``SensorError`` `.malformed` when either is absent or not a number.
    public static func storageBytes(
        _ bytes: ArraySlice<UInt8>, path: String
    ) throws(SensorError) -> (read: UInt64, written: UInt64) {
        let values = try keyed(bytes, path: path, keys: ["read_bytes", "write_bytes"])
        return (values[0], values[1])
    }

    /// `Threads`-style `key:<whitespace>number` lines.
    private static func keyed(
        _ bytes: ArraySlice<UInt8>, path: String, keys: [StaticString]
    ) throws(SensorError) -> [UInt64] {
        var values = [UInt64?](repeating: nil, count: keys.count)
        var lines = Lines(bytes)
        while let line = lines.next() {
            guard let separator = line.firstIndex(of: colon) else { continue }
            let key = line[line.startIndex..<separator]
            guard let slot = keys.firstIndex(where: { key.equals($0) }) else { continue }
            var fields = Fields(line[(separator + 1)...])
            guard let field = fields.next(), let value = field.decimal else {
                throw malformed(path, line: lines.number, expected: "a number after '\(key.text):'", got: quoted(line))
            }
            values[slot] = value
        }
        var result: [UInt64] = []
        for (index, value) in values.enumerated() {
            guard let value else { throw malformed(path, missing: "a '\(keys[index]):' line") }
            result.append(value)
        }
        return result
    }

    /// The basename of `argv[0]` from `/proc/<pid>/cmdline` (NUL-separated), or nil when empty
    /// (kernel threads, zombies).
    public static func executableBasename(_ bytes: ArraySlice<UInt8>) -> String? {
        let argv0 = bytes.prefix { $0 != 0 }
        guard !argv0.isEmpty else { return nil }
        // Programs that rewrite their title ("postgres: writer") keep spaces: take up to the first.
        let command = argv0.prefix { $0 != space }
        let base = command.lastIndex(of: 0x2F).map { command[($0 + 1)...] } ?? command
        return base.isEmpty ? nil : base.text
    }
}
