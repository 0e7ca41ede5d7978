/// Ranks of values with ties sharing their average rank ("fractional ranking", as Spearman's ρ needs).
public enum Ranks {
    /// 1-based ranks; tied values get the mean of the ranks they span: `[10, 20, 20, 5]` → `[2, 3.5, 3.5, 1]`.
    /// Values must be finite (NaN has no order).
    /// - Complexity: O(n log n).
    public static func average(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            // Positions start...end (0-based) hold ranks start+1...end+1; their mean is (start+end)/2 + 1.
            let rank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// The sizes of the groups of equal values that have more than one member: `[1, 2, 2, 3, 3, 3]` → `[2, 3]`.
    /// - Complexity: O(n log n).
    public static func tieGroupSizes(_ values: [Double]) -> [Int] {
        let sorted = values.sorted()
        var sizes: [Int] = []
        var start = 0
        while start < sorted.count {
            var end = start
            while end + 1 < sorted.count, sorted[end + 1] == sorted[start] { end += 1 }
            if end > start { sizes.append(end - start + 1) }
            start = end + 1
        }
        return sizes
    }
}
