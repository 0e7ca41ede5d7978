/// Medians and interpolated order statistics of finite values.
public enum OrderStatistics {
    /// The median: the middle value, or the mean of the two middle values for an even count; nil when empty.
    /// - Complexity: O(n log n) (sorts a copy).
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return medianOfSorted(values.sorted())
    }

    /// The median of values already in ascending order; nil when empty.
    /// - Complexity: O(1).
    public static func medianOfSorted(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The value at 1-based fractional `position` of ascending `sorted`, interpolated linearly between its
    /// neighbours and clamped to [1, count] (R's `approx(1:n, sorted, xout = position, rule = 2)`).
    /// - Complexity: O(1).
    public static func interpolated(_ sorted: [Double], position: Double) -> Double? {
        guard !sorted.isEmpty, !position.isNaN else { return nil }
        let clamped = min(max(position, 1), Double(sorted.count))
        let lower = Int(clamped.rounded(.down))
        let fraction = clamped - Double(lower)
        if fraction == 0 || lower >= sorted.count { return sorted[lower - 1] }
        return sorted[lower - 1] + fraction * (sorted[lower] - sorted[lower - 1])
    }
}

extension OrderStatistics {
    /// The values of ascending 0-based `ranks` of `values`, found by quickselect instead of a full sort:
    /// `values` is partially reordered in place. Ranks outside `0..<count` are ignored.
    ///
    /// Each rank is selected inside the part left of the previous one's right, so k ranks cost about
    /// k·O(n). Pivots are the median of three; a range that fails to shrink by a quarter in 2·log₂(n)
    /// rounds is sorted instead, bounding the worst case at O(n log n).
    /// - Complexity: O(k·n) expected, O(k·n log n) worst.
    public static func select(ranks: [Int], in values: inout [Double]) -> [Int: Double] {
        var found: [Int: Double] = [:]
        var low = 0
        for rank in Set(ranks).sorted() where rank >= 0 && rank < values.count {
            selectInPlace(&values, rank: rank, low: low, high: values.count)
            found[rank] = values[rank]
            low = rank
        }
        return found
    }

    /// Places the element of `rank` at its sorted position within `values[low..<high]`, smaller-or-equal
    /// ones before it and greater-or-equal ones after.
    private static func selectInPlace(_ values: inout [Double], rank: Int, low: Int, high: Int) {
        var low = low
        var high = high - 1
        var budget = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
        while high > low {
            if budget == 0 {
                values[low...high].sort()
                return
            }
            budget -= 1
            let middle = low + (high - low) / 2
            // Median of three to values[middle].
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            // Hoare partition.
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return
            }
        }
    }
}
