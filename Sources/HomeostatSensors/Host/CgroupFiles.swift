/// Parsers for the cgroup v2 files the cgroup sensor reads.
public enum CgroupFiles {
    /// The cgroup v2 path of a process from `/proc/<pid>/cgroup`: the `/path` of the `0::/path`
    /// line, or nil when the process is in no v2 hierarchy (cgroup v1 only).
    /// - Complexity: O(n) in the file's size.
    public static func unifiedPath(_ bytes: ArraySlice<UInt8>) -> String? {
        var lines = Lines(bytes)
        while let line = lines.next() {
            if line.starts(with: "0::") { return line.dropFirst(3).text }
        }
        return nil
    }

    /// The CPU limit in cores from `cpu.max` (`"200000 100000"` → 2.0), or nil for `"max …"`
    /// (no limit).
    /// - Throws: ``SensorError`` `.malformed` when the line is not `<quota|max> <period>` with a
    ///   positive period.
    public static func cpuLimit(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> Double? {
        var lines = Lines(bytes)
        var fields = Fields(lines.next() ?? bytes)
        guard let quota = fields.next(), let periodField = fields.next() else {
            throw malformed(path, line: 1, expected: "'<quota|max> <period>'", got: quoted(bytes))
        }
        guard let period = periodField.decimal, period > 0 else {
            throw malformed(path, line: 1, expected: "a positive period in microseconds", got: quoted(periodField))
        }
        if quota.equals("max") { return nil }
        guard let microseconds = quota.decimal else {
            throw malformed(path, line: 1, expected: "a quota in microseconds or 'max'", got: quoted(quota))
        }
        return Double(microseconds) / Double(period)
    }

    /// A single-number file such as `memory.current` or `memory.max`; nil for `max` (no limit).
    /// - Throws: ``SensorError`` `.malformed` when it is neither a number nor `max`.
    public static func bytesOrMax(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> UInt64? {
        var lines = Lines(bytes)
        var fields = Fields(lines.next() ?? bytes)
        guard let field = fields.next() else {
            throw malformed(path, line: 1, expected: "a number of bytes or 'max'", got: "an empty file")
        }
        if field.equals("max") { return nil }
        guard let value = field.decimal else {
            throw malformed(path, line: 1, expected: "a number of bytes or 'max'", got: quoted(field))
        }
        return value
    }

    /// `usage_usec` and `throttled_usec` from `cpu.stat` (µs). `throttled_usec` is present only
    /// when the `cpu` controller is enabled for the group.
    /// - Throws: ``SensorError`` `.malformed` when a used key's value is not a number or
    ///   `usage_usec` is absent.
    public static func cpuStat(
        _ bytes: ArraySlice<UInt8>, path: String
    ) throws(SensorError) -> (usage: UInt64, throttled: UInt64?) {
        var usage: UInt64?
        var throttled: UInt64?
        var lines = Lines(bytes)
        while let line = lines.next() {
            var fields = Fields(line)
            guard let key = fields.next() else { continue }
            let isUsage = key.equals("usage_usec")
            guard isUsage || key.equals("throttled_usec") else { continue }
            guard let field = fields.next(), let value = field.decimal else {
                throw malformed(path, line: lines.number, expected: "a number after \(quoted(key))", got: quoted(line))
            }
            if isUsage { usage = value } else { throttled = value }
        }
        guard let usage else { throw malformed(path, missing: "a 'usage_usec' line") }
        return (usage, throttled)
    }
}
