/// A sealed Gorilla chunk: one series' samples, compressed, with what a store indexes it by.
public struct Chunk: Sendable, Equatable {
    /// The encoded chunk, as `ChunkEncoder.bytes` describes it.
    public let bytes: [UInt8]
    /// How many samples it holds.
    public let count: Int
    /// The first and last timestamps, Unix milliseconds; nil for an empty chunk.
    public let timeRange: ClosedRange<Int64>?
    /// CRC-32C of `bytes`, to store beside them and compare on load.
    public let checksum: UInt32

    /// Seals `bytes`; `count` and `timeRange` are taken on trust from the encoder that wrote them.
    /// - Complexity: O(`bytes.count`) for the checksum.
    public init(bytes: [UInt8], count: Int, timeRange: ClosedRange<Int64>?) {
        self.bytes = bytes
        self.count = count
        self.timeRange = timeRange
        self.checksum = Checksum.crc32c(bytes)
    }

    /// Average size of a sample, in bytes, header and padding included; 0 for an empty chunk.
    public var bytesPerSample: Double { count == 0 ? 0 : Double(bytes.count) / Double(count) }

    /// A decoder over the samples.
    /// - Throws: `ChunkError` if the header is unreadable (never for a chunk made by `ChunkEncoder`).
    public func decoder() throws(ChunkError) -> ChunkDecoder {
        try ChunkDecoder(bytes: bytes)
    }
}
