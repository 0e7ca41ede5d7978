/// Why a rollup could not be added to a block, or a block could not be decoded.
public enum RollupBlockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rollup's start (Unix milliseconds) is not after the block's last start: a block holds
    /// strictly increasing starts.
    case outOfOrder(previous: Int64, got: Int64)
    /// The bytes end before the rollup at `rollupIndex` (0-based) is complete; `bitOffset` is where the
    /// field that could not be read starts, counted from the first bit of the block's first byte.
    case truncated(bitOffset: Int, rollupIndex: Int)
    /// The bytes cannot have been written by `RollupBlockEncoder`: a checksum mismatch should have
    /// caught this.
    case corrupt(bitOffset: Int, reason: String)

    public var description: String {
        switch self {
        case .outOfOrder(let previous, let got):
            return "out-of-order rollup: start \(got) ms is not after the block's last start, \(previous) ms"
        case .truncated(let bitOffset, let rollupIndex):
            return "truncated rollup block: ends inside rollup \(rollupIndex), at bit offset \(bitOffset)"
        case .corrupt(let bitOffset, let reason):
            return "corrupt rollup block at bit offset \(bitOffset): \(reason)"
        }
    }
}
