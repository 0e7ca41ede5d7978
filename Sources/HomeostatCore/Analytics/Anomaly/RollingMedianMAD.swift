/// The median and the median absolute deviation (MAD) of the last `capacity` samples, kept online.
///
/// The window is held twice: a ring in arrival order (to know which value leaves) and a sorted array
/// (for order statistics). The median is read from the sorted array in O(1); the MAD, the median of
/// `|x - median|`, is the k-th smallest element of two sorted sequences — the deviations below the
/// median read leftwards and those above it read rightwards — found by a binary search in O(log w).
///
/// - Complexity: `append` is O(log w) to locate the leaving and the arriving value plus one
///   `memmove` of at most `w` doubles (512 bytes at the default `w` of 64); `median` is O(1); `mad` is
///   O(log w). Memory is 16·w bytes.
public struct RollingMedianMAD: Sendable {
    /// The window length in samples; at least 1.
    public let capacity: Int
    private var ring: [Double]
    private var sorted: [Double]
    private var next = 0

    /// - Parameter capacity: window length in samples (default 64), clamped to at least 1.
    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        ring = []
        sorted = []
        ring.reserveCapacity(self.capacity)
        sorted.reserveCapacity(self.capacity)
    }

    /// How many samples the window holds now (at most `capacity`).
    public var count: Int { sorted.count }

    /// Adds a finite value, evicting the oldest one once the window is full.
    public mutating func append(_ value: Double) {
        if ring.count < capacity {
            ring.append(value)
        } else {
            let leaving = ring[next]
            ring[next] = value
            next = (next + 1) % capacity
            sorted.remove(at: Self.lowerBound(of: leaving, in: sorted))
        }
        sorted.insert(value, at: Self.lowerBound(of: value, in: sorted))
    }

    /// Forgets every sample.
    public mutating func removeAll() {
        ring.removeAll(keepingCapacity: true)
        sorted.removeAll(keepingCapacity: true)
        next = 0
    }

    /// The median of the window (the mean of the two middle values for an even count); 0 when empty.
    public var median: Double {
        let n = sorted.count
        if n == 0 { return 0 }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The median absolute deviation from the median, unscaled (multiply by 1.4826 for a normal σ);
    /// 0 when empty.
    public var mad: Double {
        let n = sorted.count
        if n == 0 { return 0 }
        let center = median
        // Deviations below the median, increasing: center - sorted[split-1], center - sorted[split-2], …
        // Deviations at or above it, increasing: sorted[split] - center, sorted[split+1] - center, …
        let split = Self.lowerBound(of: center, in: sorted)
        if n % 2 == 1 { return kthDeviation(n / 2, split: split, center: center) }
        return
            (kthDeviation(n / 2 - 1, split: split, center: center)
            + kthDeviation(n / 2, split: split, center: center)) / 2
    }

    /// The k-th smallest (0-based) of the merged deviation sequences, by bisection on how many elements
    /// the lower sequence contributes.
    private func kthDeviation(_ k: Int, split: Int, center: Double) -> Double {
        let lowerCount = split
        let upperCount = sorted.count - split
        @inline(__always) func lower(_ i: Int) -> Double { center - sorted[split - 1 - i] }
        @inline(__always) func upper(_ j: Int) -> Double { sorted[split + j] - center }
        // Take i elements from `lower` and k + 1 - i from `upper`; find the i where both prefixes fit.
        var low = max(0, k + 1 - upperCount)
        var high = min(k + 1, lowerCount)
        while low <= high {
            let i = (low + high) / 2
            let j = k + 1 - i
            if i < lowerCount, j > 0, upper(j - 1) > lower(i) {
                low = i + 1
            } else if i > 0, j < upperCount, lower(i - 1) > upper(j) {
                high = i - 1
            } else {
                let fromLower = i > 0 ? lower(i - 1) : -Double.infinity
                let fromUpper = j > 0 ? upper(j - 1) : -Double.infinity
                return max(fromLower, fromUpper)
            }
        }
        return 0  // unreachable for 0 ≤ k < count
    }

    /// The first index whose element is not less than `value`.
    @inline(__always)
    private static func lowerBound(of value: Double, in array: [Double]) -> Int {
        var low = 0
        var high = array.count
        while low < high {
            let mid = (low + high) >> 1
            if array[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
