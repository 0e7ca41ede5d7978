/// The CSV dialect of `homeostat detect`: a header `timestamp,value` and one `timestamp,value` row per
/// sample.
///
/// - Header: the first line; its first two fields must be `timestamp` and `value` (case-insensitive,
///   surrounding spaces and quotes ignored, a UTF-8 byte-order mark allowed). Further columns are
///   allowed and ignored (so a Yahoo S5 file with `is_anomaly` can be piped in as it is).
/// - Timestamp: a number (Unix seconds or milliseconds, a sample index: any one unit throughout), or a
///   date-time `YYYY-MM-DD HH:MM[:SS[.fff]]` with `T` or a space between date and time and an optional
///   `Z` or `±HH:MM` (UTC when absent), as NAB files have.
/// - Value: a decimal or scientific number, `NaN`/`inf` (accepted, skipped by the detector), or empty
///   for a missing sample.
/// - Lines may end in CRLF; blank lines are skipped.
///
/// - Complexity: O(length of the line) per row.
public enum TimestampValueCSV {
    /// One parsed row. The texts are the fields as written (trimmed), for echoing.
    public struct Row: Sendable, Equatable {
        public var timestampText: Substring
        public var valueText: Substring
        /// The timestamp on a common scale: numbers × 1000 rounded, date-times in milliseconds since
        /// the Unix epoch. Only differences between rows matter to the detector.
        public var timestamp: Int64
        /// The value; NaN when the field is empty.
        public var value: Double
    }

    /// Checks the header line.
    public static func checkHeader(_ line: Substring, lineNumber: Int = 1) throws(DetectInputError) {
        var text = line
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let fields = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map(trimmed)
        guard fields.count >= 2, fields[0].lowercased() == "timestamp", fields[1].lowercased() == "value" else {
            throw DetectInputError(
                line: lineNumber, expected: "the header \"timestamp,value\"", got: DetectInputError.quoted(line))
        }
    }

    /// Parses a data row.
    public static func parseRow(_ line: Substring, lineNumber: Int) throws(DetectInputError) -> Row {
        let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2 else {
            throw DetectInputError(
                line: lineNumber, expected: "2 fields \"timestamp,value\"",
                got: "1 field \(DetectInputError.quoted(line))")
        }
        let timestampText = trimmed(fields[0])
        let valueText = trimmed(fields[1])
        guard let timestamp = parseTimestamp(timestampText) else {
            throw DetectInputError(
                line: lineNumber, field: "timestamp",
                expected: "a number or a date-time like 2014-04-01 00:00:00",
                got: DetectInputError.quoted(timestampText))
        }
        let value: Double
        if valueText.isEmpty {
            value = .nan
        } else if let parsed = Double(valueText) {
            value = parsed
        } else {
            throw DetectInputError(
                line: lineNumber, field: "value", expected: "a number (or NaN, or empty for a missing sample)",
                got: DetectInputError.quoted(valueText))
        }
        return Row(timestampText: timestampText, valueText: valueText, timestamp: timestamp, value: value)
    }

    /// A whole document (header and rows) as a series, for readers that need all of it at once such as
    /// `homeostat forecast`. Timestamps must increase (equal ones are allowed: the later row wins
    /// downstream).
    /// - Throws: the first bad line, as ``parseRow(_:lineNumber:)`` does; a timestamp earlier than the
    ///   previous row's names its line.
    /// - Complexity: O(length of the text).
    public static func series(_ text: String) throws(DetectInputError) -> (
        rows: [Row], timestamps: [Int64], values: [Double]
    ) {
        var rows: [Row] = []
        var lineNumber = 0
        var sawHeader = false
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if !sawHeader {
                try checkHeader(line, lineNumber: lineNumber)
                sawHeader = true
                continue
            }
            if trimmed(line).isEmpty { continue }
            let row = try parseRow(line, lineNumber: lineNumber)
            if let previous = rows.last, row.timestamp < previous.timestamp {
                throw DetectInputError(
                    line: lineNumber, field: "timestamp",
                    expected: "a time at or after the previous row's \(previous.timestampText)",
                    got: quotedForError(row.timestampText))
            }
            rows.append(row)
        }
        guard sawHeader else {
            throw DetectInputError(line: 1, expected: "the header \"timestamp,value\"", got: "end of input")
        }
        return (rows, rows.map(\.timestamp), rows.map(\.value))
    }

    static func quotedForError(_ text: Substring) -> String { DetectInputError.quoted(text) }

    /// A timestamp on the common scale (see ``Row/timestamp``), or nil.
    public static func parseTimestamp(_ text: Substring) -> Int64? {
        if text.isEmpty { return nil }
        let bytes = Array(text.utf8)
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            return parseDateTime(bytes)
        }
        guard let number = Double(text), number.isFinite else { return nil }
        let scaled = (number * 1000).rounded()
        guard abs(scaled) < 9.2e18 else { return nil }
        return Int64(scaled)
    }

    /// `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH:MM]` in milliseconds since the epoch.
    static func parseDateTime(_ b: [UInt8]) -> Int64? {
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var value = 0
            for _ in 0..<count {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
                i += 1
            }
            return value
        }
        func expect(_ char: Character) -> Bool {
            guard i < b.count, b[i] == char.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = 0
        var millis = 0
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") {
            i += 1
            guard let hour = digits(2), expect(":"), let minute = digits(2), hour < 24, minute < 60 else { return nil }
            seconds = hour * 3600 + minute * 60
            if expect(":") {
                guard let second = digits(2), second <= 60 else { return nil }
                seconds += second
                if expect(".") {
                    var scale = 100
                    var any = false
                    while i < b.count, (48...57).contains(b[i]) {
                        millis += Int(b[i] - 48) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    guard any else { return nil }
                }
            }
            if expect("Z") {
            } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "+") ? 1 : -1
                i += 1
                guard let offsetHours = digits(2), expect(":"), let offsetMinutes = digits(2) else { return nil }
                seconds -= sign * (offsetHours * 3600 + offsetMinutes * 60)
            }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return (Int64(days) * 86_400 + Int64(seconds)) * 1000 + Int64(millis)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func trimmed(_ field: Substring) -> Substring {
        var text = field
        while let first = text.first, first == " " || first == "\t" || first == "\"" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\"" || last == "\r" {
            text = text.dropLast()
        }
        return text
    }
}
