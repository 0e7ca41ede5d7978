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
/// - Complexity: ``add(_:)`` is O(p) for p partials; p stays tiny for real data (1–3) and is at most
///   about 40 (the exponent range divided by the mantissa width).
public struct ExactSum: Sendable, Equatable, Hashable {
    /// Non-overlapping partial sums, increasing magnitude.
    public private(set) var partials: [Double] = []
    /// The IEEE sum of the non-finite inputs, or 0 when there were none.
    private var special: Double = 0

    public init() {}

    /// Rebuilds a sum from stored partials (as persisted by the metric store).
    public init(partials: [Double]) {
        for partial in partials { add(partial) }
    }

    /// Adds one value.
    public mutating func add(_ value: Double) {
        guard value.isFinite else {
            special += value
            return
        }
        var x = value
        var kept = 0
        for index in partials.indices {
            var y = partials[index]
            if abs(x) < abs(y) { swap(&x, &y) }
            let high = x + y
            guard high.isFinite else {
                // The exact sum left the Double range: it rounds to that infinity for good.
                special += high
                partials.removeAll()
                return
            }
            let low = y - (high - x)
            if low != 0 {
                partials[kept] = low
                kept += 1
            }
            x = high
        }
        partials.removeSubrange(kept...)
        partials.append(x)
    }

    /// Adds every partial of `other`: the result is the exact sum of both sets of inputs.
    public mutating func merge(_ other: ExactSum) {
        for partial in other.partials { add(partial) }
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
        for partial in rhs.partials { difference.add(-partial) }
        return difference.value == 0
    }

    /// Consistent with `==`: equal exact sums round to the same `Double`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    /// The exact sum rounded half-even to the nearest `Double`.
    public var value: Double {
        if special != 0 || special.isNaN { return special }
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
