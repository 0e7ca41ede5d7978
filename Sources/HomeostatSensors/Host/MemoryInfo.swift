/// The parts of `/proc/meminfo` the memory sensor uses, in bytes.
public struct MemoryInfo: Sendable, Equatable {
    /// `MemTotal`.
    public var total: UInt64
    /// `MemFree`.
    public var free: UInt64
    /// `MemAvailable`; on kernels before 3.14, which lack it, `MemFree + Buffers + Cached`.
    public var available: UInt64
    /// `Buffers`.
    public var buffers: UInt64
    /// `Cached` (page cache, not counting swap cache).
    public var cached: UInt64
    /// `SwapTotal` (0 when there is no swap).
    public var swapTotal: UInt64
    /// `SwapFree`.
    public var swapFree: UInt64

    public init(
        total: UInt64, free: UInt64, available: UInt64, buffers: UInt64, cached: UInt64, swapTotal: UInt64,
        swapFree: UInt64
    ) {
        self.total = total
        self.free = free
        self.available = available
        self.buffers = buffers
        self.cached = cached
        self.swapTotal = swapTotal
        self.swapFree = swapFree
    }

    /// `total − available`, the memory programs hold that the kernel cannot simply reclaim.
    public var used: UInt64 { total > available ? total - available : 0 }

    private static let keys: [StaticString] = [
        "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapTotal", "SwapFree",
    ]

    /// Parses `/proc/meminfo` (`MemTotal:       24684092 kB`). Values with a `kB` unit are
    /// multiplied by 1024; lines other than the seven used are skipped without parsing.
    /// - Throws: ``SensorError`` `.malformed` when a used line's value is not a number, or when
    ///   `MemTotal` or `MemFree` is absent.
    /// - Complexity: O(n) in the file's size.
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> MemoryInfo {
        var values = [UInt64?](repeating: nil, count: keys.count)
        var lines = Lines(bytes)
        while let line = lines.next() {
            guard let colonIndex = line.firstIndex(of: colon) else { continue }
            let key = line[line.startIndex..<colonIndex]
            guard let slot = keys.firstIndex(where: { key.equals($0) }) else { continue }
            var fields = Fields(line[(colonIndex + 1)...])
            let expected = "a number after '\(key.text):'"
            guard let number = fields.next() else {
                throw malformed(path, line: lines.number, expected: expected, got: "nothing")
            }
            guard let value = number.decimal else {
                throw malformed(path, line: lines.number, expected: expected, got: quoted(number))
            }
            let unit = fields.next()
            values[slot] = unit.map { $0.equals("kB") } == true ? value &* 1024 : value
        }
        guard let total = values[0] else { throw malformed(path, missing: "a 'MemTotal:' line") }
        guard let free = values[1] else { throw malformed(path, missing: "a 'MemFree:' line") }
        let buffers = values[3] ?? 0
        let cached = values[4] ?? 0
        return MemoryInfo(
            total: total, free: free, available: values[2] ?? (free + buffers + cached), buffers: buffers,
            cached: cached, swapTotal: values[5] ?? 0, swapFree: values[6] ?? 0)
    }

    public static func parse(_ text: String, path: String) throws(SensorError) -> MemoryInfo {
        try parse(bytes(text), path: path)
    }
}
