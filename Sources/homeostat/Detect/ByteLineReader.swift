#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file descriptor line by line through one 64 KiB buffer: no per-line system call, no
/// Foundation. A final line without a newline is returned too; a trailing `\r` is dropped.
struct ByteLineReader {
    /// Something that fills a buffer: `read(2)` on a descriptor, or a byte array in tests.
    typealias Source = (UnsafeMutableRawBufferPointer) -> Int

    private let source: Source
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(source: @escaping Source) {
        self.source = source
    }

    /// Reads `descriptor` (standard input by default) until end of file.
    init(descriptor: Int32 = 0) {
        self.init { target in
            while true {
                let count = read(descriptor, target.baseAddress, target.count)
                if count >= 0 { return count }
                if errno != EINTR { return 0 }
            }
        }
    }

    /// Lines of `bytes`.
    init(bytes: [UInt8]) {
        var offset = 0
        self.init { target in
            let count = min(target.count, bytes.count - offset)
            target.copyBytes(from: bytes[offset..<(offset + count)])
            offset += count
            return count
        }
    }

    /// The next line without its terminator, or nil at end of input.
    mutating func nextLine() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = buffer.count
                return line
            }
            fill()
        }
    }

    private mutating func fill() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let old = buffer.count
        let chunk = 65_536
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let count = buffer.withUnsafeMutableBytes { source(UnsafeMutableRawBufferPointer(rebasing: $0[old...])) }
        buffer.removeLast(chunk - max(0, count))
        if count <= 0 { atEnd = true }
    }
}
