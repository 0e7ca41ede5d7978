import HomeostatCore
import Testing

/// `ExactSum` keeps up to four partials inline and more in an array. These tests hold it to the
/// array-only version it replaced (`ArrayExactSum` below, the same algorithm): the same partials bit
/// for bit, the same value, across the moves between the two storages.
@Suite("Exact sum storage")
struct ExactSumStorageTests {
    @Test("random additions give the partials and value of the array-only algorithm", arguments: 0..<6)
    func matchesArrayAlgorithm(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 1_000)
        var sum = ExactSum()
        var reference = ArrayExactSum()
        var counts = Set<Int>()
        var added: [Double] = []
        for step in 0..<4_000 {
            // One addition in four takes back an earlier one, so partials also cancel and shrink.
            let value = !added.isEmpty && random.next() % 4 == 0 ? -added.removeLast() : random.nextSummand(step: step)
            if value.isFinite { added.append(value) }
            sum.add(value)
            reference.add(value)
            counts.insert(sum.partialCount)
            #expect(Self.bits(sum) == reference.partials.map(\.bitPattern), "step \(step), seed \(seed)")
            #expect(sum.value.bitPattern == reference.value.bitPattern, "step \(step), seed \(seed)")
            if step % 500 == 499 {
                sum = ExactSum()
                reference = ArrayExactSum()
                added.removeAll()
            }
        }
        // The walk crossed the inline capacity in both directions.
        #expect(counts.contains(1) && counts.contains(4) && counts.contains(5) && counts.contains { $0 > 6 })
    }

    @Test("init(partial:), init(_:_:) and init(partials:) agree with adding one by one")
    func initializers() {
        var random = SplitMix64(seed: 77)
        for step in 0..<2_000 {
            let a = random.nextSummand(step: step)
            let b = random.nextSummand(step: step &+ 1)
            var reference = ArrayExactSum()
            reference.add(a)
            #expect(Self.bits(ExactSum(partial: a)) == reference.partials.map(\.bitPattern))
            #expect(ExactSum(partial: a).value.bitPattern == reference.value.bitPattern)
            reference.add(b)
            #expect(Self.bits(ExactSum(a, b)) == reference.partials.map(\.bitPattern))
            #expect(ExactSum(a, b).value.bitPattern == reference.value.bitPattern)
            #expect(Self.bits(ExactSum(partials: [a, b])) == Self.bits(ExactSum(a, b)))
        }
        #expect(ExactSum(partial: .infinity).value == .infinity)
        #expect(ExactSum(partial: .nan).value.isNaN)
        #expect(ExactSum(.infinity, -.infinity).value.isNaN)
        #expect(ExactSum(.greatestFiniteMagnitude, .greatestFiniteMagnitude).value == .infinity)
        #expect(ExactSum(.greatestFiniteMagnitude, .greatestFiniteMagnitude).partialCount == 0)
        #expect(ExactSum(partial: -0.0).partials.map(\.bitPattern) == [(-0.0).bitPattern])
    }

    @Test("merging sums of every size gives the partials of the array-only algorithm")
    func merges() {
        var random = SplitMix64(seed: 5)
        for round in 0..<300 {
            var lhs = ExactSum()
            var rhs = ExactSum()
            var reference = ArrayExactSum()
            var rhsReference = ArrayExactSum()
            for step in 0..<(round % 12) {
                let value = random.nextSummand(step: step)
                lhs.add(value)
                reference.add(value)
            }
            for step in 0..<(round % 9) {
                let value = random.nextSummand(step: step)
                rhs.add(value)
                rhsReference.add(value)
            }
            lhs.merge(rhs)
            reference.merge(rhsReference)
            #expect(Self.bits(lhs) == reference.partials.map(\.bitPattern), "round \(round)")
            #expect(lhs.value.bitPattern == reference.value.bitPattern, "round \(round)")
            #expect(lhs.partials.count == lhs.partialCount)
        }
    }

    @Test("a copy is independent of the original, inline or spilled")
    func valueSemantics() {
        var sum = ExactSum()
        for exponent in stride(from: 0, to: 400, by: 60) {
            sum.add(Double(sign: .plus, exponent: exponent, significand: 1.5))
        }
        #expect(sum.partialCount > 4)
        let copy = sum
        sum.add(0x1p-200)
        #expect(copy.partialCount == sum.partialCount - 1)
        #expect(sum != copy)
        var inline = ExactSum(1, 0x1p-60)
        let inlineCopy = inline
        inline.add(0x1p-120)
        #expect(inlineCopy.partialCount == 2 && inline.partialCount == 3)
        #expect(Set([copy, sum, inline, inlineCopy]).count == 4)
    }

    static func bits(_ sum: ExactSum) -> [UInt64] {
        let read = (0..<sum.partialCount).map { sum.partial(at: $0).bitPattern }
        #expect(read == sum.partials.map(\.bitPattern))
        return read
    }
}

extension SplitMix64 {
    /// Summands that build many partials: mantissas of every length over a wide exponent range, an
    /// occasional value near the largest finite one (the sum may overflow to infinity), and rarely a
    /// non-finite one.
    fileprivate mutating func nextSummand(step: Int) -> Double {
        let choice = next() % 1_000
        let sign: FloatingPointSign = next() % 2 == 0 ? .plus : .minus
        switch choice {
        case 0: return [Double.infinity, -.infinity, .nan][Int(next() % 3)]
        case 1...5: return Double(sign: sign, exponent: 1_023, significand: 1 + Double(next() % 1_000) / 1_000)
        case 6...200:
            // Few significant bits: these merge into neighbouring partials.
            return Double(sign: sign, exponent: Int(next() % 200) - 100, significand: 1 + Double(next() % 8) / 8)
        default:
            let significand = 1 + Double(next() >> 12) * 0x1p-52
            return Double(sign: sign, exponent: Int(next() % 400) - 200 + step % 3, significand: significand)
        }
    }
}

/// The array-only `ExactSum` that the inline storage replaced, kept as the reference.
private struct ArrayExactSum {
    var partials: [Double] = []
    var special: Double = 0

    mutating func add(_ value: Double) {
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

    mutating func merge(_ other: ArrayExactSum) {
        for partial in other.partials { add(partial) }
        if other.special != 0 || other.special.isNaN { special += other.special }
    }

    var value: Double {
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
        if index > 0 && ((low < 0 && partials[index - 1] < 0) || (low > 0 && partials[index - 1] > 0)) {
            let y = low * 2
            let x = high + y
            if y == x - high { high = x }
        }
        return high
    }
}
