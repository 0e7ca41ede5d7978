/// One pressure stall information file (`/proc/pressure/cpu`, a cgroup's `memory.pressure`, …).
public struct PressureStall: Sendable, Equatable {
    /// One line: `some` (at least one task stalled) or `full` (all non-idle tasks stalled).
    public struct Line: Sendable, Equatable {
        /// Share of the last 10 s, 60 s and 300 s stalled, in percent (0–100) as the kernel writes it.
        public var avg10: Double
        public var avg60: Double
        public var avg300: Double
        /// Cumulative stall time, in microseconds.
        public var total: UInt64

        public init(avg10: Double, avg60: Double, avg300: Double, total: UInt64) {
            self.avg10 = avg10
            self.avg60 = avg60
            self.avg300 = avg300
            self.total = total
        }
    }

    public var some: Line
    /// Absent for `cpu` on kernels before 5.13.
    public var full: Line?

    public init(some: Line, full: Line?) {
        self.some = some
        self.full = full
    }

    /// Parses `some avg10=0.24 avg60=1.43 avg300=1.05 total=5178103` and an optional `full` line.
    /// - Throws: ``SensorError`` `.malformed` naming the line when a line is not `some`/`full`
    ///   followed by the four `key=value` fields, or when there is no `some` line.
    /// - Complexity: O(n) in the file's size (two short lines).
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> PressureStall {
        var some: Line?
        var full: Line?
        var lines = Lines(bytes)
        while let text = lines.next() {
            var fields = Fields(text)
            guard let kind = fields.next() else { continue }
            let line = try parseLine(&fields, path: path, number: lines.number)
            if kind.equals("some") {
                some = line
            } else if kind.equals("full") {
                full = line
            } else {
                throw malformed(path, line: lines.number, expected: "'some' or 'full'", got: quoted(kind))
            }
        }
        guard let some else { throw malformed(path, missing: "a 'some' line") }
        return PressureStall(some: some, full: full)
    }

    public static func parse(_ text: String, path: String) throws(SensorError) -> PressureStall {
        try parse(bytes(text), path: path)
    }

    private static func parseLine(_ fields: inout Fields, path: String, number: Int) throws(SensorError) -> Line {
        var averages: [Double] = []
        for name: StaticString in ["avg10=", "avg60=", "avg300="] {
            let field = try next(&fields, expected: "\(name)<decimal>", path: path, number: number)
            guard field.starts(with: name), let value = field.dropFirst(name.utf8CodeUnitCount).fixedPoint else {
                throw malformed(path, line: number, expected: "\(name)<decimal>", got: quoted(field))
            }
            averages.append(value)
        }
        let field = try next(&fields, expected: "total=<microseconds>", path: path, number: number)
        guard field.starts(with: "total="), let total = field.dropFirst(6).decimal else {
            throw malformed(path, line: number, expected: "total=<microseconds>", got: quoted(field))
        }
        return Line(avg10: averages[0], avg60: averages[1], avg300: averages[2], total: total)
    }

    private static func next(
        _ fields: inout Fields, expected: String, path: String, number: Int
    ) throws(SensorError) -> ArraySlice<UInt8> {
        guard let field = fields.next() else {
            throw malformed(path, line: number, expected: expected, got: "end of line")
        }
        return field
    }
}
