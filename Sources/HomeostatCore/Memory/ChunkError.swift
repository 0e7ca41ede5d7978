/// Why a sample could not be appended to a chunk, or a chunk could not be decoded.
public enum ChunkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The timestamp (Unix milliseconds) is earlier than the chunk's last one.
    case outOfOrder(previous: Int64, got: Int64)
    /// The timestamp (Unix milliseconds) equals the chunk's last one.
    case duplicate(timestamp: Int64)
    /// The bytes end before the sample at `sampleIndex` (0-based) is complete; `bitOffset` is where the
    /// field that could not be read starts, counted from the first bit of the chunk's first byte.
    case truncated(bitOffset: Int, sampleIndex: Int)
    /// The bytes cannot have been written by `ChunkEncoder`: a checksum mismatch should have caught this.
    case corrupt(bitOffset: Int, reason: String)

    public var description: String {
        switch self {
        case .outOfOrder(let previous, let got):
            return "out-of-order sample: timestamp \(got) ms is earlier than the chunk's last, \(previous) ms"
        case .duplicate(let timestamp):
            return "duplicate sample: the chunk already holds timestamp \(timestamp) ms"
        case .truncated(let bitOffset, let sampleIndex):
            return "truncated chunk: ends inside sample \(sampleIndex), at bit offset \(bitOffset)"
        case .corrupt(let bitOffset, let reason):
            return "corrupt chunk at bit offset \(bitOffset): \(reason)"
        }
    }
}
