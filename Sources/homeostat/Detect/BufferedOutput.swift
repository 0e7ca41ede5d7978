#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Collects output bytes and writes them to a descriptor in blocks of at least 64 KiB (and on `flush`),
/// instead of one `write(2)` per line as `print` does when stdout is a pipe.
struct BufferedOutput {
    /// Where bytes go: `write(2)` on a descriptor, or an array in tests.
    typealias Sink = ([UInt8]) -> Void

    private let sink: Sink
    private(set) var bytes: [UInt8] = []

    init(sink: @escaping Sink) {
        self.sink = sink
        bytes.reserveCapacity(70_000)
    }

    /// Writes to `descriptor` (standard output by default), retrying short writes.
    init(descriptor: Int32 = 1) {
        self.init { bytes in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }

    mutating func append(_ text: Substring) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends a score in [0, 1] with four decimals (`0.0000`…`1.0000`), without formatting a Double.
    mutating func append(score: Double) {
        let scaled = Int((min(1, max(0, score)) * 10_000).rounded())
        bytes.append(UInt8(ascii: "0") + UInt8(scaled / 10_000))
        bytes.append(UInt8(ascii: "."))
        var rest = scaled % 10_000
        var divisor = 1_000
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Writes when 64 KiB or more are waiting.
    mutating func flushIfFull() {
        if bytes.count >= 65_536 { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
