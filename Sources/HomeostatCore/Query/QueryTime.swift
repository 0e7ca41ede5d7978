/// Parses the times, durations and steps of queries (`homeostat query --start/--end/--step`,
/// `GET /api/v1/query?start=&end=&step=`) into Unix milliseconds.
///
/// Times:
/// - Unix seconds, optionally fractional: `1795557245`, `1795557245.5`.
/// - RFC 3339: `2026-11-24T21:54:05Z`, `2026-11-24T22:54:05.250+01:00` (`t`, `z` and a space separator are
///   accepted as RFC 3339 allows; years 0000–9999; leap seconds (`:60`) are rejected because Unix time
///   cannot represent them).
/// - Relative to a reference `now`: `now`, `now-1h`, `now+5m`, and `-30m` for `now-30m`.
///
/// Durations: plain seconds (`15`, `0.5`) or integers with units from largest to smallest, each unit once
/// (`15s`, `1m`, `1h30m`, `1d12h`, `250ms`). Units: `ms`, `s`, `m`, `h`, `d` (24 h), `w` (7 d).
///
/// Fractions of a millisecond are truncated. Parsing is by hand on UTF-8 bytes, with no Foundation
/// formatter, so results are exact and independent of locale and time zone settings.
public enum QueryTime {
    /// Parses a point in time.
    ///
    /// - Parameters:
    ///   - text: the time as written; surrounding whitespace is ignored.
    ///   - now: the reference for relative forms, in Unix milliseconds.
    /// - Returns: Unix milliseconds.
    /// - Throws: `QueryTimeError` of kind `.time` naming the input and the accepted forms.
    /// - Complexity: O(n) for n bytes.
    public static func parse(_ text: String, now: Int64) throws(QueryTimeError) -> Int64 {
        let bytes = Array(trimmed(text).utf8)
        let fail = QueryTimeError(.time, input: text)
        if bytes == Array("now".utf8) { return now }
        var sign: Int64 = 0
        var offsetBytes: ArraySlice<UInt8> = []
        if bytes.starts(with: "now".utf8), bytes.count > 3, bytes[3] == plus || bytes[3] == minus {
            sign = bytes[3] == plus ? 1 : -1
            offsetBytes = bytes[4...]
        } else if bytes.first == minus {
            sign = -1
            offsetBytes = bytes[1...]
        }
        if sign != 0 {
            guard let offset = parseDuration(offsetBytes) else { throw fail }
            let (result, overflow) = now.addingReportingOverflow(sign * offset)
            if overflow { throw QueryTimeError(.time, input: text, reason: "out of range") }
            return result
        }
        if bytes.count >= 5, bytes[0..<4].allSatisfy(isDigit), bytes[4] == minus {
            do {
                return try parseRFC3339(bytes)
            } catch {
                throw QueryTimeError(.time, input: text, reason: error.reason)
            }
        }
        let outOfRange = QueryTimeError(.time, input: text, reason: "out of range")
        let seconds: Int64
        let milliseconds: Int64
        switch parseDecimal(bytes[...]) {
        case .value(let whole, let thousandths):
            (seconds, milliseconds) = (whole, thousandths)
        case .overflow:
            throw outOfRange
        case .malformed:
            throw fail
        }
        guard let result = scale(seconds, by: 1000, plus: milliseconds) else { throw outOfRange }
        return result
    }

    /// Parses a length of time (zero allowed).
    ///
    /// - Returns: milliseconds, ≥ 0.
    /// - Throws: `QueryTimeError` of kind `.duration`.
    /// - Complexity: O(n) for n bytes.
    public static func duration(_ text: String) throws(QueryTimeError) -> Int64 {
        guard let milliseconds = parseDuration(Array(trimmed(text).utf8)[...]) else {
            throw QueryTimeError(.duration, input: text)
        }
        return milliseconds
    }

    /// Parses a query resolution: a duration greater than zero.
    ///
    /// - Returns: milliseconds, > 0.
    /// - Throws: `QueryTimeError` of kind `.step`.
    /// - Complexity: O(n) for n bytes.
    public static func step(_ text: String) throws(QueryTimeError) -> Int64 {
        guard let milliseconds = parseDuration(Array(trimmed(text).utf8)[...]) else {
            throw QueryTimeError(.step, input: text)
        }
        if milliseconds == 0 { throw QueryTimeError(.step, input: text, reason: "must be greater than zero") }
        return milliseconds
    }

    /// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`); negative before 1970.
    ///
    /// - Parameters: `month` 1–12, `day` 1–31 (not validated here).
    /// - Complexity: O(1).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400  // [0, 399]
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1  // [0, 365]
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // [0, 146096]
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Number of days in `month` (1–12) of `year`, Gregorian leap years included.
    ///
    /// - Complexity: O(1).
    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: - Internals

    private struct RFC3339Failure: Error {
        var reason: String
    }

    private static let minus = UInt8(ascii: "-")
    private static let plus = UInt8(ascii: "+")
    private static let colon = UInt8(ascii: ":")
    private static let dot = UInt8(ascii: ".")
    private static let shape = "expected YYYY-MM-DDTHH:MM:SS[.fraction] followed by Z or ±HH:MM"

    private static func trimmed(_ text: String) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return text[first...last]
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// The value of exactly `count` digits at `start`, or nil.
    private static func digits(_ bytes: [UInt8], at start: Int, count: Int) -> Int64? {
        guard start + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[start..<start + count] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `value * factor + addend` or nil on overflow.
    private static func scale(_ value: Int64, by factor: Int64, plus addend: Int64) -> Int64? {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        let (sum, overflow2) = product.addingReportingOverflow(addend)
        return overflow2 ? nil : sum
    }

    private enum Decimal {
        case value(whole: Int64, thousandths: Int64)
        case overflow
        case malformed
    }

    /// `digits[.digits]` → (whole, thousandths); at least one digit on each side of a dot.
    private static func parseDecimal(_ bytes: ArraySlice<UInt8>) -> Decimal {
        var index = bytes.startIndex
        var whole: Int64 = 0
        var overflow = false
        while index < bytes.endIndex, isDigit(bytes[index]) {
            if let next = scale(whole, by: 10, plus: Int64(bytes[index] - UInt8(ascii: "0"))) {
                whole = next
            } else {
                overflow = true
            }
            index += 1
        }
        if index == bytes.startIndex { return .malformed }
        var thousandths: Int64 = 0
        if index < bytes.endIndex {
            guard bytes[index] == dot, let value = fraction(bytes[(index + 1)...]) else { return .malformed }
            thousandths = value
        }
        return overflow ? .overflow : .value(whole: whole, thousandths: thousandths)
    }

    /// One or more digits after a decimal point → thousandths, truncating beyond three digits.
    private static func fraction(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return nil }
        var value: Int64 = 0
        for position in 0..<3 {
            let index = bytes.startIndex + position
            let digit = index < bytes.endIndex ? Int64(bytes[index] - UInt8(ascii: "0")) : 0
            value = value * 10 + digit
        }
        return value
    }

    /// Plain seconds or `<int><unit>…` with strictly decreasing units; nil when malformed or overflowing.
    private static func parseDuration(_ bytes: ArraySlice<UInt8>) -> Int64? {
        switch parseDecimal(bytes) {
        case .value(let seconds, let thousandths): return scale(seconds, by: 1000, plus: thousandths)
        case .overflow: return nil
        case .malformed: break
        }
        // Units from largest to smallest, with their length in milliseconds.
        let units: [(name: [UInt8], milliseconds: Int64)] = [
            (Array("w".utf8), 604_800_000), (Array("d".utf8), 86_400_000), (Array("h".utf8), 3_600_000),
            (Array("ms".utf8), 1), (Array("m".utf8), 60_000), (Array("s".utf8), 1000),
        ]
        // Rank of each unit in the required order; "ms" is listed before "m" above only to match greedily.
        let rank: [Int64: Int] = [604_800_000: 0, 86_400_000: 1, 3_600_000: 2, 60_000: 3, 1000: 4, 1: 5]
        var index = bytes.startIndex
        var total: Int64 = 0
        var lastRank = -1
        if bytes.isEmpty { return nil }
        while index < bytes.endIndex {
            var amount: Int64 = 0
            let start = index
            while index < bytes.endIndex, isDigit(bytes[index]) {
                guard let next = scale(amount, by: 10, plus: Int64(bytes[index] - UInt8(ascii: "0"))) else {
                    return nil
                }
                amount = next
                index += 1
            }
            if index == start { return nil }
            guard let unit = units.first(where: { bytes[index...].starts(with: $0.name) }) else { return nil }
            let unitRank = rank[unit.milliseconds]!
            if unitRank <= lastRank { return nil }
            lastRank = unitRank
            index += unit.name.count
            guard let part = scale(amount, by: unit.milliseconds, plus: 0),
                let sum = scale(total, by: 1, plus: part)
            else { return nil }
            total = sum
        }
        return total
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` → Unix milliseconds.
    private static func parseRFC3339(_ bytes: [UInt8]) throws(RFC3339Failure) -> Int64 {
        let separators: Set<UInt8> = [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")]
        guard bytes.count >= 20, bytes[7] == minus, separators.contains(bytes[10]), bytes[13] == colon,
            bytes[16] == colon, let year = digits(bytes, at: 0, count: 4), let month = digits(bytes, at: 5, count: 2),
            let day = digits(bytes, at: 8, count: 2), let hour = digits(bytes, at: 11, count: 2),
            let minute = digits(bytes, at: 14, count: 2), let second = digits(bytes, at: 17, count: 2)
        else { throw RFC3339Failure(reason: shape) }
        var index = 19
        var thousandths: Int64 = 0
        if bytes[index] == dot {
            let start = index + 1
            index = start
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard let value = fraction(bytes[start..<index]) else { throw RFC3339Failure(reason: shape) }
            thousandths = value
        }
        var offsetMinutes: Int64 = 0
        let zone = bytes[index...]
        if zone.elementsEqual("Z".utf8) || zone.elementsEqual("z".utf8) {
            offsetMinutes = 0
        } else if zone.count == 6, zone.first == plus || zone.first == minus, bytes[index + 3] == colon,
            let offsetHour = digits(bytes, at: index + 1, count: 2),
            let offsetMinute = digits(bytes, at: index + 4, count: 2)
        {
            guard offsetHour <= 23, offsetMinute <= 59 else {
                throw RFC3339Failure(reason: "offset \(String(decoding: zone, as: UTF8.self)) is out of range")
            }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (zone.first == plus ? 1 : -1)
        } else {
            throw RFC3339Failure(reason: shape)
        }
        guard (1...12).contains(month) else {
            throw RFC3339Failure(reason: "month \(two(month)) is out of range 01–12")
        }
        guard day >= 1, day <= daysInMonth(year: year, month: month) else {
            throw RFC3339Failure(reason: "day \(two(day)) is out of range for \(four(year))-\(two(month))")
        }
        guard hour <= 23 else { throw RFC3339Failure(reason: "hour \(two(hour)) is out of range 00–23") }
        guard minute <= 59 else { throw RFC3339Failure(reason: "minute \(two(minute)) is out of range 00–59") }
        guard second <= 59 else {
            throw RFC3339Failure(reason: "second \(two(second)) is out of range 00–59 (no leap seconds in Unix time)")
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return seconds * 1000 + thousandths
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func four(_ value: Int64) -> String {
        String(repeating: "0", count: max(0, 4 - "\(value)".count)) + "\(value)"
    }
}
