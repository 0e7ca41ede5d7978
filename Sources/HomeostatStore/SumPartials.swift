import Foundation
import HomeostatCore

/// The `sum_partials` blob of a v1 rollup row (see `StoreSchema`), read by the migration to rollup
/// blocks: the `ExactSum`'s partials as little-endian IEEE 754 binary64 values, 8 bytes each, in the
/// sum's order. `RollupBlock` stores the same elements, XOR-compressed.
///
/// `ExactSum` keeps NaN and infinite inputs apart from its partials; when its value is not finite,
/// that value is stored as one more element, and `ExactSum(partials:)` sets it apart again on load.
enum SumPartials {
    /// - Complexity: O(p) for p partials.
    static func encode(_ sum: ExactSum) -> Data {
        var elements = sum.partials
        let value = sum.value
        if !value.isFinite { elements.append(value) }
        var data = Data(capacity: elements.count * 8)
        for element in elements {
            withUnsafeBytes(of: element.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// The sum stored in `data`, or nil when its length is not a multiple of 8.
    /// - Complexity: O(p) for p partials.
    static func decode(_ data: Data) -> ExactSum? {
        guard data.count % 8 == 0 else { return nil }
        let bytes = [UInt8](data)
        var partials: [Double] = []
        partials.reserveCapacity(bytes.count / 8)
        var offset = 0
        while offset < bytes.count {
            var bits: UInt64 = 0
            for byte in 0..<8 {
                bits |= UInt64(bytes[offset + byte]) << UInt64(8 * byte)
            }
            partials.append(Double(bitPattern: bits))
            offset += 8
        }
        return ExactSum(partials: partials)
    }
}
