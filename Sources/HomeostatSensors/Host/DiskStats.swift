/// One line of `/proc/diskstats`: cumulative I/O counters of a block device since it appeared.
///
/// Counts are 64-bit on 64-bit kernels; the four millisecond fields are printed as 32-bit
/// (`%u`) and wrap after about 49.7 days, so rates over them use ``CounterWidth/bits32``.
public struct DiskStats: Sendable, Equatable {
    public var major: UInt32
    public var minor: UInt32
    /// Kernel name: `sda`, `nvme0n1`, `sda1`, `dm-0`.
    public var device: String
    public var readsCompleted: UInt64
    public var sectorsRead: UInt64
    /// Milliseconds spent by all reads.
    public var readMilliseconds: UInt64
    public var writesCompleted: UInt64
    public var sectorsWritten: UInt64
    /// Milliseconds spent by all writes.
    public var writeMilliseconds: UInt64
    /// Requests in flight now.
    public var inFlight: UInt64
    /// Milliseconds during which at least one request was in flight.
    public var ioMilliseconds: UInt64
    /// Milliseconds in flight weighted by the number of requests in flight.
    public var weightedMilliseconds: UInt64

    public init(
        major: UInt32, minor: UInt32, device: String, readsCompleted: UInt64, sectorsRead: UInt64,
        readMilliseconds: UInt64, writesCompleted: UInt64, sectorsWritten: UInt64, writeMilliseconds: UInt64,
        inFlight: UInt64, ioMilliseconds: UInt64, weightedMilliseconds: UInt64
    ) {
        self.major = major
        self.minor = minor
        self.device = device
        self.readsCompleted = readsCompleted
        self.sectorsRead = sectorsRead
        self.readMilliseconds = readMilliseconds
        self.writesCompleted = writesCompleted
        self.sectorsWritten = sectorsWritten
        self.writeMilliseconds = writeMilliseconds
        self.inFlight = inFlight
        self.ioMilliseconds = ioMilliseconds
        self.weightedMilliseconds = weightedMilliseconds
    }

    /// Parses `/proc/diskstats`: major, minor, name, then at least 11 numbers (kernels since
    /// 4.18 and 5.5 append discard and flush counters, which are ignored).
    /// - Throws: ``SensorError`` `.malformed` naming the line when it has fewer than 14 fields or a
    ///   field that should be a number is not.
    /// - Complexity: O(n) in the file's size.
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> [DiskStats] {
        var disks: [DiskStats] = []
        var lines = Lines(bytes)
        var numbers = [UInt64](repeating: 0, count: 11)
        while let line = lines.next() {
            var fields = Fields(line)
            guard let majorField = fields.next() else { continue }
            guard let minorField = fields.next(), let nameField = fields.next() else {
                throw malformed(path, line: lines.number, expected: "major, minor and a device name", got: quoted(line))
            }
            guard let major = majorField.decimal, let minor = minorField.decimal else {
                throw malformed(
                    path, line: lines.number, expected: "numeric major and minor",
                    got: "\(quoted(majorField)) \(quoted(minorField))")
            }
            for index in 0..<11 {
                guard let field = fields.next() else {
                    throw malformed(
                        path, line: lines.number, expected: "at least 11 counters after \(quoted(nameField))",
                        got: "\(index)")
                }
                guard let value = field.decimal else {
                    throw malformed(
                        path, line: lines.number, expected: "a number in counter \(index + 1) of \(quoted(nameField))",
                        got: quoted(field))
                }
                numbers[index] = value
            }
            disks.append(
                DiskStats(
                    major: UInt32(truncatingIfNeeded: major), minor: UInt32(truncatingIfNeeded: minor),
                    device: nameField.text, readsCompleted: numbers[0], sectorsRead: numbers[2],
                    readMilliseconds: numbers[3], writesCompleted: numbers[4], sectorsWritten: numbers[6],
                    writeMilliseconds: numbers[7], inFlight: numbers[8], ioMilliseconds: numbers[9],
                    weightedMilliseconds: numbers[10]))
        }
        return disks
    }

    public static func parse(_ text: String, path: String) throws(SensorError) -> [DiskStats] {
        try parse(bytes(text), path: path)
    }
}
