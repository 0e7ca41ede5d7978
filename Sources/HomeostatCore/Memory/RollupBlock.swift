/// A sealed block of one series' rollups of one resolution, compressed, with what a store indexes it
/// by: the metric store keeps an hour of 1-minute rollups or a day of 1-hour rollups per block.
///
/// Every field of every rollup comes back bit for bit: start, count, the exact sum's partials and
/// non-finite part, min, max and last (NaN payloads, -0.0, ±infinity, subnormals) and lastTimestamp
/// (any `Int64`, `Int64.min` for an empty rollup included).
///
/// ## Format
/// A block's bytes are the rollup count as an unsigned LEB128 varint, then a bit stream, most
/// significant bit first, zero-padded to a whole byte. Each rollup writes the fields below in this
/// order; "previous" is the same field of the previous rollup, and before the first rollup a count
/// of 0, a last-timestamp offset of 0, a sum of no partials and the general value shape, and values
/// whose bits are all 0. The resolution (bucket width, ms) is not stored: encoder and decoder are
/// given it.
///
/// 1. Start: the first rollup's as 64 bits (two's complement); later, the gap `g` from the previous
///    start (> 0) as `0` when `g` is one resolution; `10` + 6 bits of width - 1 + `k` in that width
///    when `g` is `k` resolutions (`k` ≥ 2); otherwise `11` + the 64 bits of `g`.
/// 2. Count: `0` when it equals the previous; otherwise `1` + 6 bits of width - 1 + the count's
///    two's complement bits in that width.
/// 3. Last timestamp, as the offset `o = lastTimestamp - start` (modulo 2^64): `d = o - previous o`
///    as `0` when `d` is 0; `10` + 7 bits for -63...64; `110` + 16 bits for -32,767...32,768; `1110`
///    + 32 bits for -2^31 + 1...2^31; otherwise `1111` + 64 bits.
/// 4. Sum: its shape, the number of partials `n` and whether the sum is not finite, as `0` when both
///    equal the previous; otherwise `1` + 6 bits of width - 1 + `n` in that width + 1 bit (not
///    finite). Then the partials, largest first, each XOR-coded (see `XORValueEncoder`) against the
///    previous rollup's partial of the same rank (0 when it had fewer), with one window for the
///    largest, one for the second and one shared by the rest; then, for a sum that is not finite,
///    its value (NaN or ±infinity, as `ExactSum` keeps it apart from the partials) XOR-coded against
///    the previous such value (0 when there was none), with a window of its own. This is the
///    metric store's `sum_partials` idea: the partials, and the value when it is not finite.
/// 5. Value shape: which of min and max equal last, bit for bit, as `0` when it is the previous
///    shape; otherwise `1` + 2 bits: 0 neither, 1 max (a rising counter), 2 min, 3 both (a constant
///    or a single sample).
/// 6. Last, XOR-coded against the previous last; then min unless the shape says it equals last;
///    then max likewise. Each column has its own window, and a column left out still becomes the
///    reference of the next rollup.
///
/// ## Size
/// The first rollup costs at least 64 + 13 bits. A constant gauge sampled at a fixed phase costs 7
/// bits per later rollup (one per field); jitter of a few milliseconds in the last sample's time
/// adds 8. A changing value costs what Gorilla's XOR costs for the sum's partials, last, and min and
/// max where they differ from last. Measured over 30 days of 1-minute rollups of 60 samples each,
/// with jitter, in blocks of 60: a constant gauge 2.0 bytes per rollup, an integer counter rising
/// about 1,000/s 15.7, a ratio in [0, 1] with random full-precision mantissas 33.0 (its sum's two
/// partials, min, max and last are about 52 random bits each: incompressible).
public struct RollupBlock: Sendable, Equatable {
    /// The encoded block, as the type's documentation describes it.
    public let bytes: [UInt8]
    /// How many rollups it holds.
    public let count: Int
    /// The bucket width of its rollups, milliseconds.
    public let resolution: Int64
    /// The first and last rollup starts, Unix milliseconds; nil for an empty block.
    public let startRange: ClosedRange<Int64>?
    /// CRC-32C of `bytes`, to store beside them and compare on load.
    public let checksum: UInt32

    /// Seals `bytes`; `count`, `resolution` and `startRange` are taken on trust from the encoder
    /// that wrote them.
    /// - Complexity: O(`bytes.count`) for the checksum.
    public init(bytes: [UInt8], count: Int, resolution: Int64, startRange: ClosedRange<Int64>?) {
        self.bytes = bytes
        self.count = count
        self.resolution = resolution
        self.startRange = startRange
        self.checksum = Checksum.crc32c(bytes)
    }

    /// Encodes `rollups`, which must have strictly increasing starts.
    /// - Throws: `RollupBlockError.outOfOrder` for a start not after the one before it.
    /// - Complexity: O(n + p) for n rollups with p partials in all.
    public static func encode(_ rollups: some Collection<Rollup>, resolution: Int64) throws(RollupBlockError)
        -> RollupBlock
    {
        var encoder = RollupBlockEncoder(resolution: resolution, reservingRollups: rollups.count)
        for rollup in rollups { try encoder.append(rollup) }
        return encoder.block
    }

    /// Average size of a rollup, in bytes, count header and padding included; 0 for an empty block.
    public var bytesPerRollup: Double { count == 0 ? 0 : Double(bytes.count) / Double(count) }

    /// A decoder over the rollups.
    /// - Throws: `RollupBlockError` if the header is unreadable (never for a block made by
    ///   `RollupBlockEncoder`).
    public func decoder() throws(RollupBlockError) -> RollupBlockDecoder {
        try RollupBlockDecoder(bytes: bytes, resolution: resolution)
    }

    /// Which of min and max equal last, bit for bit (format field 5).
    enum ValueShape: UInt64, Sendable {
        case general = 0
        case maxIsLast = 1
        case minIsLast = 2
        case allAreLast = 3

        init(min: UInt64, max: UInt64, last: UInt64) {
            switch (min == last, max == last) {
            case (true, true): self = .allAreLast
            case (false, true): self = .maxIsLast
            case (true, false): self = .minIsLast
            case (false, false): self = .general
            }
        }

        var storesMin: Bool { self == .general || self == .maxIsLast }
        var storesMax: Bool { self == .general || self == .minIsLast }
    }
}
