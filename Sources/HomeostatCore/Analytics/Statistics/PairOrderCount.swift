/// Counts ordered pairs of a sequence by merge sort instead of comparing all n(n−1)/2 pairs.
public enum PairOrderCount {
    /// The number of pairs i < j with `values[i] >= values[j]` (inversions, ties included).
    /// Values must not be NaN.
    /// - Complexity: O(n log n) time, O(n) extra space.
    public static func nonIncreasingPairs(_ values: [Double]) -> Int {
        var buffer = values
        var scratch = values
        return sortCounting(&buffer, &scratch, 0, values.count)
    }

    /// The number of pairs i < j with `values[i] > values[j]` (strict inversions).
    /// - Complexity: O(n log n).
    public static func decreasingPairs(_ values: [Double]) -> Int {
        nonIncreasingPairs(values) - tiedPairs(values)
    }

    /// The number of pairs i < j with `values[i] == values[j]`: Σ t(t−1)/2 over groups of equal values.
    /// - Complexity: O(n log n).
    public static func tiedPairs(_ values: [Double]) -> Int {
        Ranks.tieGroupSizes(values).reduce(0) { $0 + $1 * ($1 - 1) / 2 }
    }

    /// Sorts `values[low..<high]` ascending and returns the count of pairs with the earlier one ≥ the later one.
    private static func sortCounting(_ values: inout [Double], _ scratch: inout [Double], _ low: Int, _ high: Int)
        -> Int
    {
        let count = high - low
        if count < 2 { return 0 }
        if count <= 16 {
            // Insertion sort: each shift past an element ≥ the one inserted is one counted pair.
            var pairs = 0
            for index in (low + 1)..<high {
                let value = values[index]
                var position = index
                while position > low, values[position - 1] >= value {
                    values[position] = values[position - 1]
                    position -= 1
                    pairs += 1
                }
                values[position] = value
            }
            return pairs
        }
        let middle = low + count / 2
        var pairs = sortCounting(&values, &scratch, low, middle) + sortCounting(&values, &scratch, middle, high)
        var left = low
        var right = middle
        var out = low
        while left < middle, right < high {
            if values[left] < values[right] {
                scratch[out] = values[left]
                left += 1
            } else {
                // Every left element still waiting is ≥ values[right].
                pairs += middle - left
                scratch[out] = values[right]
                right += 1
            }
            out += 1
        }
        while left < middle {
            scratch[out] = values[left]
            left += 1
            out += 1
        }
        while right < high {
            scratch[out] = values[right]
            right += 1
            out += 1
        }
        for index in low..<high { values[index] = scratch[index] }
        return pairs
    }
}
