/// A series' trend: Theil–Sen slope with Sen's interval, Mann–Kendall significance, and the change over
/// the fitted span relative to where it started.
public struct TrendEstimate: Sendable, Equatable {
    public var theilSen: TheilSen
    public var mannKendall: MannKendall
    /// fitted(last x) − fitted(first x), in units of y.
    public var change: Double
    /// `change` / |fitted(first x)|, or / |median y| when the fitted start is 0; nil when both are 0
    /// (a relative change from zero is undefined).
    public var relativeChange: Double?

    /// Estimates the trend of `y` against `x` (time, ascending, in the unit the slope should be per).
    /// - Throws: ``StatisticsError`` from ``TheilSen`` or ``MannKendall`` (mismatched lengths, fewer than
    ///   3 usable points, ±∞).
    /// - Complexity: that of ``TheilSen`` (O(n²) up to its exact limit).
    public init(x: [Double], y: [Double], confidenceLevel: Double = 0.95) throws(StatisticsError) {
        guard x.count == y.count else { throw .mismatched("x", x.count, "y", y.count) }
        // Mann–Kendall reads values in time order.
        let order = x.indices.filter { !x[$0].isNaN && !y[$0].isNaN }.sorted { x[$0] < x[$1] }
        let xs = order.map { x[$0] }
        let ys = order.map { y[$0] }
        mannKendall = try MannKendall(ys)
        theilSen = try TheilSen(x: xs, y: ys, confidenceLevel: confidenceLevel)
        let first = theilSen.fitted(at: xs.min()!)
        change = theilSen.fitted(at: xs.max()!) - first
        let baseline = first != 0 ? abs(first) : abs(OrderStatistics.median(ys)!)
        relativeChange = baseline > 0 ? change / baseline : (change == 0 ? 0 : nil)
    }
}
