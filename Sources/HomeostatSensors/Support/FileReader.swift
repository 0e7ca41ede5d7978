#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole files into one reusable byte buffer, for the files sensors read every cycle.
///
/// `/proc` files are generated on read and may arrive in page-sized pieces, so the reader loops
/// until end of file and grows its buffer (doubling) when a file does not fit. After the first few
/// cycles a read costs the `open`/`read`/`close` system calls and no allocation.
///
/// Drop the returned slice before the next ``read(_:)``: a slice still alive when the buffer is
/// refilled makes the buffer copy itself (correct, only slower).
public struct FileReader: Sendable {
    private var buffer: [UInt8]

    /// - Parameter initialCapacity: bytes reserved up front (default 16 KiB, enough for
    ///   `/proc/stat` of a 64-CPU host).
    public init(initialCapacity: Int = 16 * 1024) {
        buffer = [UInt8](repeating: 0, count: max(initialCapacity, 256))
    }

    /// The whole content of the file at `path`.
    /// - Throws: ``SensorError`` `.missing` when the file (or the process it belongs to) does not
    ///   exist, `.unreadable` for any other failure (permission, I/O error), naming the path and
    ///   the system's reason.
    /// - Complexity: O(n) in the file's size.
    public mutating func read(_ path: String) throws(SensorError) -> ArraySlice<UInt8> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            throw FileReader.error(errno, path: path, action: "open")
        }
        defer { close(descriptor) }
        var count = 0
        while true {
            if count == buffer.count {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
            let got = buffer.withUnsafeMutableBytes { raw in
                systemRead(descriptor, raw.baseAddress! + count, raw.count - count)
            }
            if got > 0 {
                count += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                throw FileReader.error(errno, path: path, action: "read")
            }
        }
        return buffer[0..<count]
    }

    /// Maps an `errno` to a sensor error: a vanished file or process is `.missing`, the rest
    /// `.unreadable`.
    static func error(_ code: Int32, path: String, action: String) -> SensorError {
        let reason = "\(action) failed: \(String(cString: strerror(code))) (errno \(code))"
        switch code {
        case ENOENT, ENOTDIR, ESRCH:
            return SensorError(.missing, path: path, reason: reason)
        default:
            return SensorError(.unreadable, path: path, reason: reason)
        }
    }
}

/// `read(2)`, named apart so it does not collide with ``FileReader/read(_:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Whether `path` exists (any file type).
/// - Complexity: one `access(2)` system call.
func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}
