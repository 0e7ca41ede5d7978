/// A series on a regular time grid, made from timestamped samples that may have gaps or missing values.
///
/// The step is the median difference between consecutive timestamps. A missing value (NaN or
/// infinite) and every missing grid point in a gap (a difference of more than 1.5 steps) is filled by
/// linear interpolation between its neighbours, so the seasonal phase stays aligned.
/// - Complexity: O(n log n) for the median, O(n + filled) otherwise.
public struct RegularSeries: Sendable, Equatable {
    /// The values on the grid, oldest first, all finite.
    public var values: [Double]
    /// The timestamp of the first value, in the input's unit.
    public var start: Int64
    /// The grid step, in the input's unit (0 when there is one value).
    public var step: Int64
    /// How many grid points were filled in gaps between timestamps.
    public var filledGaps: Int
    /// How many input values were missing (NaN, infinite or empty) and filled.
    public var filledMissing: Int

    /// Builds the grid from samples sorted by time (`timestamps` ascending; equal timestamps keep the last).
    /// - Throws: `tooFewPoints` when fewer than 2 finite values remain.
    public init(timestamps: [Int64], values input: [Double]) throws(ForecastError) {
        let finiteCount = input.count { $0.isFinite }
        guard finiteCount >= 2 else {
            throw ForecastError(.tooFewPoints, expected: "at least 2 numeric values", got: "\(finiteCount)")
        }
        var differences: [Int64] = []
        for i in 1..<timestamps.count where timestamps[i] > timestamps[i - 1] {
            differences.append(timestamps[i] - timestamps[i - 1])
        }
        differences.sort()
        let step = differences.isEmpty ? 1 : differences[differences.count / 2]
        self.step = step
        start = timestamps[0]
        var grid: [Double] = []
        var gaps = 0
        var missing = 0
        for i in input.indices {
            if i > 0 {
                let difference = timestamps[i] - timestamps[i - 1]
                if difference <= 0 {
                    // A repeated timestamp replaces the previous value.
                    if input[i].isFinite { grid[grid.count - 1] = input[i] }
                    continue
                }
                if difference * 2 > step * 3 {
                    let skipped = Int((Double(difference) / Double(step)).rounded()) - 1
                    gaps += skipped
                    grid += [Double](repeating: .nan, count: skipped)
                }
            }
            if !input[i].isFinite { missing += 1 }
            grid.append(input[i].isFinite ? input[i] : .nan)
        }
        filledGaps = gaps
        filledMissing = missing
        values = Self.interpolated(grid)
    }

    /// NaNs replaced by linear interpolation; leading and trailing NaNs take the nearest value.
    static func interpolated(_ grid: [Double]) -> [Double] {
        var result = grid
        var previous: Int?
        for i in result.indices where result[i].isFinite {
            if let p = previous, i - p > 1 {
                for j in (p + 1)..<i {
                    let w = Double(j - p) / Double(i - p)
                    result[j] = result[p] + w * (result[i] - result[p])
                }
            } else if previous == nil {
                for j in 0..<i { result[j] = result[i] }
            }
            previous = i
        }
        if let p = previous { for j in (p + 1)..<result.count { result[j] = result[p] } }
        return result
    }
}
