/// What `/proc/loadavg` says: the 1, 5 and 15 minute load averages (runnable plus
/// uninterruptible threads, exponentially averaged).
public struct LoadAverage: Sendable, Equatable {
    public var oneMinute: Double
    public var fiveMinutes: Double
    public var fifteenMinutes: Double

    public init(oneMinute: Double, fiveMinutes: Double, fifteenMinutes: Double) {
        self.oneMinute = oneMinute
        self.fiveMinutes = fiveMinutes
        self.fifteenMinutes = fifteenMinutes
    }

    /// Parses `0.22 0.17 0.06 2/82 5812`.
    /// - Throws: ``SensorError`` `.malformed` when one of the first three fields is not a decimal.
    /// - Complexity: O(n) in the file's size (one short line).
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> LoadAverage {
        var lines = Lines(bytes)
        let line = lines.next() ?? bytes
        var fields = Fields(line)
        var values: [Double] = []
        for _ in 0..<3 {
            guard let field = fields.next() else {
                throw malformed(path, line: 1, expected: "3 load averages", got: "\(values.count)")
            }
            guard let value = field.fixedPoint else {
                throw malformed(path, line: 1, expected: "a decimal load average", got: quoted(field))
            }
            values.append(value)
        }
        return LoadAverage(oneMinute: values[0], fiveMinutes: values[1], fifteenMinutes: values[2])
    }

    public static func parse(_ text: String, path: String) throws(SensorError) -> LoadAverage {
        try parse(bytes(text), path: path)
    }
}
