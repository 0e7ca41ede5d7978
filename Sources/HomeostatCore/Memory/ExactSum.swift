/// The exact sum of any number of `Double`s, rounded once at the end: the result does not depend on
/// the order of additions or on how partial sums were grouped and merged.
///
/// This is what makes rollups exact: the average over an hour computed from sixty 1-minute rollups
/// equals, bit for bit, the average computed from the raw samples. It keeps the running sum as
/// non-overlapping partials (Shewchuk's "grow-expansion", the algorithm of Python's `math.fsum`) and
/// rounds half-even to the nearest `Double` in ``value``.
///
/// Non-finite inputs are summed apart, as IEEE addition does them: any NaN, or both +inf and -inf,
/// give NaN; otherwise an infinity gives that infinity. A finite sum too large for a `Double` gives
/// ±infinity.
///
/// Up to four partials are stored inline, so building, copying and decoding a sum allocates nothing
/// for real data; a sum with more moves them all to an array.
/// - Complexity: ``add(_:)`` is O(p) for p partials; p stays tiny for real data (1–5) and is at most
///   about 40 (the exponent range divided by the mantissa width).
public struct ExactSum: Sendable, Equatable, Hashable {
    /// How many partials fit inline.
    private static let inlineCapacity = 4
    /// The first `inlineCount` elements are the partials while there are at most `inlineCapacity`.
    private var inline: (Double, Double, Double, Double) = (0, 0, 0, 0)
    /// The partials when there are more than `inlineCapacity`; empty otherwise (keeping its capacity
    /// once used, for the next time).
    private var overflow: [Double] = []
    /// The IEEE sum of the non-finite inputs, or 0 when there were none.
    private var special: Double = 0
    private var inlineCount: UInt8 = 0

    public init() {}

    /// Rebuilds a sum from stored partials (as persisted by the metric store).
    /// - Complexity: O(p²) for p partials, without allocating for p ≤ 4.
    public init(partials: [Double]) {
        for partial in partials { add(partial) }
    }

    /// The same sum as `ExactSum(partials: [partial])`, without an array.
    public init(partial: Double) {
        add(partial)
    }

    /// The same sum as `ExactSum(partials: [first, second])`, without an array.
    public init(_ first: Double, _ second: Double) {
        add(first)
        add(second)
    }

    /// Non-overlapping partial sums, increasing magnitude.
    /// - Complexity: O(p); allocates an array. ``partialCount`` and ``partial(at:)`` do not.
    public var partials: [Double] {
        withPartials { Array($0) }
    }

    /// How many partials ``partials`` holds.
    public var partialCount: Int {
        overflow.isEmpty ? Int(inlineCount) : overflow.count
    }

    /// The partial at `index` of ``partials``, without building the array.
    /// - Precondition: `0 <= index < partialCount`.
    public func partial(at index: Int) -> Double {
        precondition(index >= 0 && index < partialCount, "partial index \(index) out of range")
        guard overflow.isEmpty else { return overflow[index] }
        switch index {
        case 0: return inline.0
        case 1: return inline.1
        case 2: return inline.2
        default: return inline.3
        }
    }

    /// Adds one value.
    public mutating func add(_ value: Double) {
        guard value.isFinite else {
            special += value
            return
        }
        if overflow.isEmpty {
            addInline(value)
        } else {
            addToOverflow(value)
        }
    }

    private mutating func addInline(_ value: Double) {
        let count = Int(inlineCount)
        let outcome = withUnsafeMutableBytes(of: &inline) { bytes in
            Self.grow(bytes.baseAddress!.assumingMemoryBound(to: Double.self), count: count, adding: value)
        }
        switch outcome {
        case .overflowed(let infinity):
            special += infinity
            inlineCount = 0
        case .grown(let kept, let high) where kept < Self.inlineCapacity:
            storeInline(high, at: kept)
            inlineCount = UInt8(truncatingIfNeeded: kept &+ 1)
        case .grown(_, let high):
            // Every inline partial was kept, plus the new largest one: move them all to the array.
            overflow.reserveCapacity(2 &* Self.inlineCapacity)
            overflow.append(inline.0)
            overflow.append(inline.1)
            overflow.append(inline.2)
            overflow.append(inline.3)
            overflow.append(high)
        }
    }

    private mutating func addToOverflow(_ value: Double) {
        let count = overflow.count
        let outcome = overflow.withUnsafeMutableBufferPointer { buffer in
            Self.grow(buffer.baseAddress!, count: count, adding: value)
        }
        switch outcome {
        case .overflowed(let infinity):
            special += infinity
            overflow.removeAll(keepingCapacity: true)
            inlineCount = 0
        case .grown(let kept, let high) where kept < Self.inlineCapacity:
            for index in 0..<kept { storeInline(overflow[index], at: index) }
            storeInline(high, at: kept)
            inlineCount = UInt8(truncatingIfNeeded: kept &+ 1)
            overflow.removeAll(keepingCapacity: true)
        case .grown(let kept, let high):
            overflow.removeSubrange(kept...)
            overflow.append(high)
        }
    }

    private mutating func storeInline(_ partial: Double, at index: Int) {
        switch index {
        case 0: inline.0 = partial
        case 1: inline.1 = partial
        case 2: inline.2 = partial
        default: inline.3 = partial
        }
    }

    private enum GrowOutcome {
        /// The first `kept` partials are the nonzero low parts, `high` is the new largest partial.
        case grown(kept: Int, high: Double)
        /// The exact sum left the Double range: it rounds to that infinity for good.
        case overflowed(Double)
    }

    /// Shewchuk's grow-expansion of the `count` partials at `partials` by `value`, in place.
    private static func grow(_ partials: UnsafeMutablePointer<Double>, count: Int, adding value: Double)
        -> GrowOutcome
    {
        var x = value
        var kept = 0
        for index in 0..<count {
            var y = partials[index]
            if abs(x) < abs(y) { swap(&x, &y) }
            let high = x + y
            guard high.isFinite else { return .overflowed(high) }
            let low = y - (high - x)
            if low != 0 {
                partials[kept] = low
                kept &+= 1
            }
            x = high
        }
        return .grown(kept: kept, high: x)
    }

    /// Calls `body` with the partials, increasing magnitude, wherever they are stored.
    private func withPartials<Result>(_ body: (UnsafeBufferPointer<Double>) -> Result) -> Result {
        guard overflow.isEmpty else { return overflow.withUnsafeBufferPointer(body) }
        let count = Int(inlineCount)
        return withUnsafeBytes(of: inline) { bytes in
            body(UnsafeBufferPointer(start: bytes.baseAddress!.assumingMemoryBound(to: Double.self), count: count))
        }
    }

    /// Adds every partial of `other`: the result is the exact sum of both sets of inputs.
    public mutating func merge(_ other: ExactSum) {
        for index in 0..<other.partialCount { add(other.partial(at: index)) }
        if other.special != 0 || other.special.isNaN { special += other.special }
    }

    /// Equal when the exact sums are equal, however they are split into partials (a sum rebuilt from
    /// stored partials may hold them differently).
    public static func == (lhs: ExactSum, rhs: ExactSum) -> Bool {
        let lhsSpecial = lhs.special != 0 || lhs.special.isNaN
        let rhsSpecial = rhs.special != 0 || rhs.special.isNaN
        guard !lhsSpecial && !rhsSpecial else {
            return lhsSpecial && rhsSpecial && (lhs.special == rhs.special || (lhs.special.isNaN && rhs.special.isNaN))
        }
        var difference = lhs
        for index in 0..<rhs.partialCount { difference.add(-rhs.partial(at: index)) }
        return difference.value == 0
    }

    /// Consistent with `==`: equal exact sums round to the same `Double`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    /// The exact sum rounded half-even to the nearest `Double`.
    public var value: Double {
        if special != 0 || special.isNaN { return special }
        return withPartials(Self.rounded)
    }

    private static func rounded(_ partials: UnsafeBufferPointer<Double>) -> Double {
        guard var index = partials.indices.last else { return 0 }
        var high = partials[index]
        var low = 0.0
        while index > 0 {
            let x = high
            index -= 1
            let y = partials[index]
            high = x + y
            low = y - (high - x)
            if low != 0 { break }
        }
        // Round half-even across more than two partials: when the rest of the partials push the
        // discarded `low` beyond an exact half, `high` must move one step (as math.fsum does).
        if index > 0 && ((low < 0 && partials[index - 1] < 0) || (low > 0 && partials[index - 1] > 0)) {
            let y = low * 2
            let x = high + y
            if y == x - high { high = x }
        }
        return high
    }
}
