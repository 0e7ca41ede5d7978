/// Byte-level scanning of the small text files in `/proc` and `/sys`, without building `String`s
/// for every line. Internal: parsers use it; their public API takes bytes or a `String`.

let space: UInt8 = 0x20
let tab: UInt8 = 0x09
let newline: UInt8 = 0x0A
let colon: UInt8 = 0x3A

/// The lines of a file, numbered from 1 as a person counts them.
struct Lines {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    /// The number of the line last returned by ``next()`` (1-based; 0 before the first).
    private(set) var number = 0

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// The next line without its newline, or nil at the end.
    /// - Complexity: O(length of the line).
    mutating func next() -> ArraySlice<UInt8>? {
        guard position < bytes.endIndex else { return nil }
        let start = position
        var end = start
        while end < bytes.endIndex && bytes[end] != newline { end += 1 }
        position = end < bytes.endIndex ? end + 1 : end
        number += 1
        return bytes[start..<end]
    }
}

/// The whitespace-separated fields of a line.
struct Fields {
    private var rest: ArraySlice<UInt8>

    init(_ line: ArraySlice<UInt8>) {
        rest = line
    }

    /// The next field, or nil when only whitespace is left.
    mutating func next() -> ArraySlice<UInt8>? {
        var start = rest.startIndex
        while start < rest.endIndex && (rest[start] == space || rest[start] == tab) { start += 1 }
        guard start < rest.endIndex else {
            rest = rest[rest.endIndex...]
            return nil
        }
        var end = start
        while end < rest.endIndex && rest[end] != space && rest[end] != tab { end += 1 }
        let field = rest[start..<end]
        rest = rest[end...]
        return field
    }

    /// Skips `count` fields; false when the line has fewer.
    mutating func skip(_ count: Int) -> Bool {
        for _ in 0..<count where next() == nil { return false }
        return true
    }

    /// All remaining fields.
    mutating func collect() -> [ArraySlice<UInt8>] {
        var all: [ArraySlice<UInt8>] = []
        while let field = next() { all.append(field) }
        return all
    }
}

extension ArraySlice where Element == UInt8 {
    /// The bytes as text, for error messages and names.
    var text: String { String(decoding: self, as: UTF8.self) }

    /// A non-negative decimal integer (`"12345"`), or nil if any byte is not a digit or it
    /// overflows 64 bits.
    var decimal: UInt64? {
        guard !isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in self {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte &- 0x30))
            guard !overflow1 && !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// A hexadecimal integer (`"0A"`, either case), or nil.
    var hexadecimal: UInt64? {
        guard !isEmpty && count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in self {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte &- 0x30
            case 0x41...0x46: digit = byte &- 0x41 &+ 10
            case 0x61...0x66: digit = byte &- 0x61 &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// A non-negative fixed-point decimal (`"1.43"`, `"7"`), or nil. The result is the
    /// correctly rounded quotient of two exact integers, so `"0.22"` gives exactly `0.22`.
    var fixedPoint: Double? {
        guard let dot = firstIndex(of: 0x2E) else { return decimal.map { Double($0) } }
        guard let whole = self[startIndex..<dot].decimal else { return nil }
        let fractionBytes = self[(dot + 1)..<endIndex]
        guard fractionBytes.count <= 18, let fraction = fractionBytes.decimal else { return nil }
        var scale: UInt64 = 1
        for _ in 0..<fractionBytes.count { scale *= 10 }
        return Double(whole * scale + fraction) / Double(scale)
    }

    /// Whether the bytes equal the UTF-8 of `literal`.
    func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { self.elementsEqual($0) }
    }

    /// Whether the bytes start with the UTF-8 of `literal`.
    func starts(with literal: StaticString) -> Bool {
        guard count >= literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { self.prefix($0.count).elementsEqual($0) }
    }
}

/// A `.malformed` error naming the line and what was expected versus found.
func malformed(_ path: String, line: Int, expected: String, got: String) -> SensorError {
    SensorError(.malformed, path: path, reason: "line \(line): expected \(expected), got \(got)")
}

/// A `.malformed` error for a file missing a required line or value.
func malformed(_ path: String, missing what: String) -> SensorError {
    SensorError(.malformed, path: path, reason: "expected \(what), found none")
}

/// Quotes a field for an error message, shortened so a binary file does not flood the log.
func quoted(_ field: ArraySlice<UInt8>) -> String {
    let text = field.prefix(40).text
    return "'\(text)\(field.count > 40 ? "…" : "")'"
}

/// The bytes of `text`, for the `String` conveniences of the parsers.
func bytes(_ text: String) -> ArraySlice<UInt8> {
    ArraySlice(text.utf8)
}
