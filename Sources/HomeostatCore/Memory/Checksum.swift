/// Table-driven cyclic redundancy checks, to detect a corrupted chunk on disk.
///
/// Both run one table lookup per byte, ample for chunks of a few hundred bytes. CRC-32C
/// (Castagnoli) is the one `Chunk` uses: same cost as CRC-32, a better Hamming distance at the
/// lengths chunks have, and the CRC of ext4 metadata, iSCSI and SCTP.
public enum Checksum {
    /// CRC-32/ISO-HDLC, as zlib, gzip and PNG compute it: reflected polynomial 0xEDB88320, initial
    /// value and final XOR 0xFFFFFFFF. Check value: `crc32(Array("123456789".utf8)) == 0xCBF43926`.
    /// - Complexity: O(n).
    public static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        compute(bytes, table: crc32Table)
    }

    /// CRC-32C (Castagnoli, CRC-32/ISCSI): reflected polynomial 0x82F63B78, initial value and final
    /// XOR 0xFFFFFFFF. Check value: `crc32c(Array("123456789".utf8)) == 0xE3069283`.
    /// - Complexity: O(n).
    public static func crc32c(_ bytes: some Sequence<UInt8>) -> UInt32 {
        compute(bytes, table: crc32cTable)
    }

    private static let crc32Table = makeTable(polynomial: 0xEDB8_8320)
    private static let crc32cTable = makeTable(polynomial: 0x82F6_3B78)

    private static func makeTable(polynomial: UInt32) -> [UInt32] {
        (0..<256).map { (byte: UInt32) in
            var crc = byte
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc &>> 1) ^ polynomial : crc &>> 1
            }
            return crc
        }
    }

    private static func compute(_ bytes: some Sequence<UInt8>, table: [UInt32]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc &>> 8)
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
