import HomeostatCore

/// The time grid an analysis reads the metric memory on: a step that keeps each series at most
/// ``maximumPoints`` points over the period, on the resolution of the tier that answers.
public struct AnalyticsGrid: Sendable, Equatable {
    /// At most 1,500 points per series (24 h at 1 m; 30 d at 30 m), so Theil–Sen's exact O(n²) stays cheap.
    public static let maximumPoints = 1500
    /// Candidate steps in milliseconds, smallest first.
    public static let candidateSteps: [Int64] = [
        1000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
        7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
    ]

    /// Unix ms; the first window start (a multiple of `step`, at or before `end − period`).
    public var first: Int64
    /// Unix ms, the query's end (inclusive).
    public var end: Int64
    /// Window width in ms.
    public var step: Int64
    public var tier: MemoryTier

    /// Windows on the grid.
    public var count: Int { Int((end - first) / step) + 1 }

    /// The grid of `period` ms ending at `end`. Without `step`, the smallest candidate step that gives at
    /// most ``maximumPoints`` windows and is a whole number of the tier's buckets (1 min, 1 h).
    /// - Throws: ``AnalyticsError`` (`step`) when a given step is finer than the tier's buckets or makes more
    ///   than ``maximumPoints`` points.
    public init(period: Int64, end: Int64, step: Int64?, tier: MemoryTier) throws(AnalyticsError) {
        let resolution: Int64 =
            switch tier {
            case .raw: 1
            case .minute: 60_000
            case .hour: 3_600_000
            }
        let chosen: Int64
        if let step {
            guard step % resolution == 0 else {
                throw AnalyticsError(
                    .invalidParameter, parameter: "step",
                    "\(JSONText.seconds(step)) s is not a whole number of the \(tier.rawValue) tier's "
                        + "\(JSONText.seconds(resolution)) s buckets that answer this period")
            }
            chosen = step
        } else {
            chosen =
                Self.candidateSteps.first { $0 % resolution == 0 && period / $0 + 1 <= Int64(Self.maximumPoints) }
                ?? Self.candidateSteps.last!
        }
        let start = end - period
        first = start - ((start % chosen) + chosen) % chosen
        self.end = end
        self.step = chosen
        self.tier = tier
        guard count <= Self.maximumPoints + 1 else {
            throw AnalyticsError(
                .invalidParameter, parameter: "step",
                "\(JSONText.seconds(chosen)) s over \(JSONText.seconds(period)) s makes \(count) points per series; "
                    + "at most \(Self.maximumPoints) (use a larger step)")
        }
    }

    /// The points of one series laid on the grid: NaN where a window has no data.
    /// - Complexity: O(points + windows).
    public func values(_ points: [QueryPoint]) -> [Double] {
        var values = [Double](repeating: .nan, count: count)
        for point in points {
            let index = (point.timestamp - first) / step
            if index >= 0 && index < count { values[Int(index)] = point.value }
        }
        return values
    }
}
