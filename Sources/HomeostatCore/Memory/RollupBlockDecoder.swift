/// Decompresses a block written by `RollupBlockEncoder`, oldest rollup first.
///
/// A truncated or damaged block never traps: decoding stops with a `RollupBlockError` naming the
/// bit offset and the rollup. Bytes that decode without error may still not be the encoder's (only
/// a checksum such as `Checksum.crc32c` can tell), but their starts are strictly increasing.
///
/// Decoding allocates nothing per rollup: a sum of up to four partials (as real data has) keeps them
/// inline, only a sum of more allocates an array, and a sum equal, bit for bit, to the previous one
/// shares its storage.
public struct RollupBlockDecoder: Sendable {
    /// The bucket width, milliseconds, as given to the encoder.
    public let resolution: Int64
    /// How many rollups the block's header announces.
    public let count: Int
    private let reader: LookaheadBitReader

    /// Reads the header of the block in `bytes`, whose rollups are `resolution` milliseconds wide.
    /// - Precondition: `resolution` > 0.
    /// - Throws: `RollupBlockError.truncated` if the header is cut short, `.corrupt` if it is not a
    ///   count.
    /// - Complexity: O(1): the bytes are shared, not copied, and read where they are.
    public init(bytes: [UInt8], resolution: Int64) throws(RollupBlockError) {
        precondition(resolution > 0, "a rollup resolution must be positive")
        var count: UInt64 = 0
        var index = 0
        while true {
            guard index < bytes.count else {
                throw .truncated(bitOffset: bytes.count &* 8, rollupIndex: 0)
            }
            let byte = bytes[index]
            guard index < 9 || (index == 9 && byte <= 1) else {
                throw .corrupt(bitOffset: index &* 8, reason: "the rollup count overflows 64 bits")
            }
            count |= UInt64(byte & 0x7F) &<< UInt64(7 &* index)
            index &+= 1
            if byte & 0x80 == 0 { break }
        }
        guard count <= UInt64(Int.max) else {
            throw .corrupt(bitOffset: 0, reason: "the rollup count \(count) exceeds Int.max")
        }
        self.resolution = resolution
        self.count = Int(count)
        self.reader = LookaheadBitReader(bytes: bytes, offset: index)
    }

    /// Decodes every rollup of the block.
    /// - Throws: `RollupBlockError.truncated` or `.corrupt`.
    /// - Complexity: O(n + p) for n rollups with p partials in all.
    public func decodeAll() throws(RollupBlockError) -> [Rollup] {
        var rollups: [Rollup] = []
        try decode(appendingTo: &rollups)
        return rollups
    }

    /// Appends every rollup of the block to `rollups`, reserving room for them first; on error,
    /// `rollups` is left as it was. Lets a reader decode several blocks into one array.
    /// - Throws: `RollupBlockError.truncated` or `.corrupt`.
    /// - Complexity: O(n + p) for n rollups with p partials in all, amortized.
    public func decode(appendingTo rollups: inout [Rollup]) throws(RollupBlockError) {
        let initialCount = rollups.count
        // A damaged header may claim any count: every rollup after the first takes at least 6 bits.
        rollups.reserveCapacity(initialCount &+ min(count, reader.remainingBits / 6 &+ 1))
        var state = State(reader: reader, resolution: resolution)
        var index = 0
        do throws(BitStreamFailure) {
            while index < count {
                rollups.append(try state.next(first: index == 0))
                index &+= 1
            }
        } catch {
            rollups.removeSubrange(initialCount...)
            switch error {
            case .truncated(let bitOffset): throw .truncated(bitOffset: bitOffset, rollupIndex: index)
            case .corrupt(let bitOffset, let reason): throw .corrupt(bitOffset: bitOffset, reason: reason)
            }
        }
    }

    /// The previous rollup's fields, the references of the next one, and the XOR windows.
    private struct State {
        var reader: LookaheadBitReader
        let step: UInt64
        var start: Int64 = 0
        var count = 0
        var offset: UInt64 = 0
        /// The previous sum's partials as decoded (the references of the next sum), largest first, in
        /// the first `partialCount` elements; `scratch` receives the next sum's. Both only grow.
        var partials: [UInt64] = []
        var partialCount = 0
        var scratch: [UInt64] = []
        /// The previous sum, built from `partials`.
        var sum = ExactSum()
        var special: UInt64 = 0
        var hasSpecial = false
        var shape = RollupBlock.ValueShape.general
        var last: UInt64 = 0
        var min: UInt64 = 0
        var max: UInt64 = 0
        var largestPartialWindow = XORValueDecoder()
        var secondPartialWindow = XORValueDecoder()
        var smallerPartialWindow = XORValueDecoder()
        var specialWindow = XORValueDecoder()
        var lastWindow = XORValueDecoder()
        var minWindow = XORValueDecoder()
        var maxWindow = XORValueDecoder()

        init(reader: LookaheadBitReader, resolution: Int64) {
            self.reader = reader
            self.step = UInt64(resolution)
        }

        mutating func next(first: Bool) throws(BitStreamFailure) -> Rollup {
            try readStart(first: first)
            if try reader.readBit() {
                count = Int(truncatingIfNeeded: try readWidthPrefixed())
            }
            try readLastTimestamp()
            try readSum()
            // The values go from registers into the rollup; reloading them from `self` right after
            // storing them there would stall on store-to-load forwarding.
            let (lastBits, minBits, maxBits) = try readValues()
            var rollup = Rollup(start: start)
            rollup.count = count
            rollup.sum = sum
            rollup.min = Double(bitPattern: minBits)
            rollup.max = Double(bitPattern: maxBits)
            rollup.last = Double(bitPattern: lastBits)
            rollup.lastTimestamp = Int64(bitPattern: UInt64(bitPattern: start) &+ offset)
            return rollup
        }

        private mutating func readStart(first: Bool) throws(BitStreamFailure) {
            if first {
                start = Int64(bitPattern: try reader.read(bits: 64))
                return
            }
            let offset = reader.bitOffset
            let gap: UInt64
            switch try reader.readOnes(upTo: 2) {
            case 0:
                gap = step
            case 1:
                let (product, overflow) = try readWidthPrefixed().multipliedReportingOverflow(by: step)
                guard !overflow else { throw .corrupt(bitOffset: offset, reason: "a start gap overflows 64 bits") }
                gap = product
            default:
                gap = try reader.read(bits: 64)
            }
            let next = Int64(bitPattern: UInt64(bitPattern: start) &+ gap)
            guard next > start else {
                throw .corrupt(bitOffset: offset, reason: "start \(next) ms is not after the previous, \(start) ms")
            }
            start = next
        }

        private mutating func readLastTimestamp() throws(BitStreamFailure) {
            let width: Int
            switch try reader.readOnes(upTo: 4) {
            case 0: return
            case 1: width = 7
            case 2: width = 16
            case 3: width = 32
            default:
                offset &+= try reader.read(bits: 64)
                return
            }
            // Two's complement in `width` bits, the range shifted up by one: -63...64 in 7 bits.
            let raw = try reader.read(bits: width)
            let delta = raw > 1 &<< UInt64(width &- 1) ? raw &- 1 &<< UInt64(width) : raw
            offset &+= delta
        }

        private mutating func readSum() throws(BitStreamFailure) {
            let previousN = partialCount
            var n = previousN
            var nowSpecial = hasSpecial
            if try reader.readBit() {
                let offset = reader.bitOffset
                let claimed = try readWidthPrefixed()
                // Every partial takes at least one bit: a larger count cannot be read before the end.
                guard claimed <= UInt64(reader.remainingBits) else { throw .truncated(bitOffset: offset) }
                n = Int(claimed)
                nowSpecial = try reader.readBit()
            }
            var changed = n != previousN || nowSpecial != hasSpecial
            if scratch.count < n { scratch += repeatElement(0, count: n &- scratch.count) }
            for rank in 0..<n {
                let xor: UInt64
                switch rank {
                case 0: xor = try largestPartialWindow.read(from: &reader)
                case 1: xor = try secondPartialWindow.read(from: &reader)
                default: xor = try smallerPartialWindow.read(from: &reader)
                }
                scratch[rank] = (rank < previousN ? partials[rank] : 0) ^ xor
                if xor != 0 { changed = true }
            }
            var nowSpecialBits: UInt64 = 0
            if nowSpecial {
                let xor = try specialWindow.read(from: &reader)
                nowSpecialBits = special ^ xor
                if xor != 0 { changed = true }
            }
            // An unchanged sum keeps the previous one, sharing its partials' storage.
            guard changed else { return }
            // As `ExactSum(partials:)` rebuilds a sum, without an intermediate array (nor any
            // allocation, for up to four partials).
            var rebuilt = ExactSum()
            for rank in stride(from: n &- 1, through: 0, by: -1) {
                rebuilt.add(Double(bitPattern: scratch[rank]))
            }
            if nowSpecial { rebuilt.add(Double(bitPattern: nowSpecialBits)) }
            sum = rebuilt
            swap(&partials, &scratch)
            partialCount = n
            special = nowSpecialBits
            hasSpecial = nowSpecial
        }

        /// Reads last, min and max, returns their bits and keeps them as the next references.
        private mutating func readValues() throws(BitStreamFailure) -> (last: UInt64, min: UInt64, max: UInt64) {
            if try reader.readBit() {
                // Two bits always name a shape.
                shape = RollupBlock.ValueShape(rawValue: try reader.read(bits: 2)) ?? .general
            }
            let newLast = last ^ (try lastWindow.read(from: &reader))
            let newMin = shape.storesMin ? min ^ (try minWindow.read(from: &reader)) : newLast
            let newMax = shape.storesMax ? max ^ (try maxWindow.read(from: &reader)) : newLast
            last = newLast
            min = newMin
            max = newMax
            return (newLast, newMin, newMax)
        }

        /// 6 bits of width - 1, then a value in that width.
        private mutating func readWidthPrefixed() throws(BitStreamFailure) -> UInt64 {
            let width = Int(try reader.read(bits: 6)) &+ 1
            return try reader.read(bits: width)
        }
    }
}
