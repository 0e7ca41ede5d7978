import Foundation
import GRDB
import HomeostatCore

/// A row of a rollup block table (`rollup_1m`, `rollup_1h`): one series' rollups of one block span
/// (`RollupTier.blockSpan`), encoded as a `RollupBlock`, beside the CRC-32C stored when it was written.
struct StoredRollupBlock {
    /// The columns a statement must select, in this order, for ``init(row:tier:seriesID:path:)``.
    static let columns = "block_start, last_start, count, bytes, crc"

    let tier: RollupTier
    /// The block's key: the start of its span, Unix milliseconds.
    let blockStart: Int64
    /// The bytes as stored, with the checksum computed over them now.
    let block: RollupBlock
    let storedCRC: Int64

    /// Reads a row selected with ``columns``.
    /// - Throws: ``StoreError`` `.corruptDatabase` when a column holds the wrong type.
    /// - Complexity: O(b) for b bytes: they are copied and checksummed.
    init(row: Row, tier: RollupTier, seriesID: Int64, path: String) throws(StoreError) {
        let stored = StoredRow(row: row, context: "\(tier.table) block of series \(seriesID)", path: path)
        self.tier = tier
        blockStart = try stored.integer(0)
        let lastStart = try stored.integer(1)
        block = RollupBlock(
            bytes: [UInt8](try stored.blob(3)),
            count: Int(try stored.integer(2)),
            resolution: tier.resolution,
            startRange: blockStart...max(blockStart, lastStart)
        )
        storedCRC = try stored.integer(4)
    }

    /// Appends the block's rollups to `rollups`, or returns why it cannot: its bytes changed since
    /// they were written (CRC-32C mismatch), or they do not decode to the count the row states.
    /// `rollups` is unchanged on failure.
    /// - Complexity: O(b + n) for b bytes and n rollups.
    func decode(appendingTo rollups: inout [Rollup]) -> String? {
        guard storedCRC == Int64(block.checksum) else {
            return "\(tier.table) block starting at \(blockStart) ms: CRC-32C mismatch: stored \(storedCRC), "
                + "computed \(block.checksum) over \(block.bytes.count) bytes"
        }
        let before = rollups.count
        do {
            try block.decoder().decode(appendingTo: &rollups)
        } catch {
            return "\(tier.table) block starting at \(blockStart) ms: \(error)"
        }
        guard rollups.count - before == block.count else {
            let decoded = rollups.count - before
            rollups.removeSubrange(before...)
            return
                "\(tier.table) block starting at \(blockStart) ms: holds \(decoded) rollups, its row says \(block.count)"
        }
        return nil
    }

    /// The rollups of `stored` and `new` (each sorted by start, starts unique), sorted by start; for
    /// a start in both, the one from `new`.
    /// - Complexity: O(s + n).
    static func merge(_ stored: [Rollup], _ new: [Rollup]) -> [Rollup] {
        var merged: [Rollup] = []
        merged.reserveCapacity(stored.count + new.count)
        var old = stored[...]
        var incoming = new[...]
        while let next = incoming.first {
            if let first = old.first, first.start <= next.start {
                if first.start < next.start { merged.append(first) }
                old = old.dropFirst()
            } else {
                merged.append(next)
                incoming = incoming.dropFirst()
            }
        }
        merged += old
        return merged
    }
}
