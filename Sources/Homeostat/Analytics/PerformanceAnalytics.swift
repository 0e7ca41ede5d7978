import Foundation
import HomeostatCore
import HomeostatSensors

/// Trend analysis and correlation search over the metric memory: the seed's
/// `analyze_performance_trends(time_period, metrics)` and `find_metric_correlations()`.
///
/// Both read the selected series through ``MetricQueryEngine`` as window averages on an
/// ``AnalyticsGrid`` (at most 1,500 windows per series: 1 h at 5 s, 24 h at 1 min, 30 d at 30 min) and run
/// the pure algorithms of `HomeostatCore/Analytics` on them.
public struct PerformanceAnalytics: Sendable {
    public let memory: MetricMemory
    /// When a trend counts: p < 0.05 and at least 5 % change by default.
    public var criteria: TrendCriteria
    /// The most series a correlation search takes: 500 (124,750 pairs).
    public static let maximumCorrelatedSeries = 500

    public init(memory: MetricMemory, criteria: TrendCriteria = TrendCriteria()) {
        self.memory = memory
        self.criteria = criteria
    }

    /// Per selected series over the last `period` ms before `now`: Theil–Sen slope per hour with Sen's
    /// interval, Mann–Kendall p and τ, the relative change, the metric's polarity and the verdict.
    /// - Parameters:
    ///   - period: ms, > 0.
    ///   - step: window width in ms; nil picks one (see ``AnalyticsGrid``).
    ///   - now: Unix ms, the end of the range.
    /// - Throws: ``AnalyticsError`` for a bad period or step, or an unreadable store.
    /// - Complexity: O(s · n²) for s series of n ≤ 1,500 windows (Theil–Sen's slopes), plus the query.
    public func analyzeTrends(period: Int64, selector: SeriesSelector, now: Int64, step: Int64? = nil)
        async throws(AnalyticsError) -> TrendReport
    {
        let (grid, result) = try await read(selectors: [selector], period: period, step: step, now: now)
        // Theil–Sen is O(n²) per series (about 10 ms at 1,440 points): the series are split across cores.
        let criteria = criteria
        let entries = result.series
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, entries.count))
        var series = await withTaskGroup(of: [TrendReport.Series].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    stride(from: worker, to: entries.count, by: workers).map {
                        Self.trendRow(entries[$0], grid: grid, criteria: criteria)
                    }
                }
            }
            var rows: [TrendReport.Series] = []
            for await part in group { rows += part }
            return rows
        }
        series.sort { lhs, rhs in
            let l = lhs.verdict?.urgency ?? 4
            let r = rhs.verdict?.urgency ?? 4
            if l != r { return l < r }
            if (lhs.pValue ?? 2) != (rhs.pValue ?? 2) { return (lhs.pValue ?? 2) < (rhs.pValue ?? 2) }
            return lhs.selectorText < rhs.selectorText
        }
        return TrendReport(
            start: Double(now - period) / 1000, end: Double(now) / 1000, periodSeconds: Double(period) / 1000,
            stepSeconds: Double(grid.step) / 1000, tier: grid.tier.rawValue,
            significanceLevel: criteria.significanceLevel, minimumRelativeChange: criteria.minimumRelativeChange,
            series: series, warnings: result.warnings)
    }

    /// The trend row of one series on `grid`.
    private static func trendRow(_ entry: QueryResult.Series, grid: AnalyticsGrid, criteria: TrendCriteria)
        -> TrendReport.Series
    {
        let values = grid.values(entry.points)
        let x = (0..<values.count).map { Double(Int64($0) * grid.step) / 3_600_000 }
        let unit = Self.unit(of: entry.key.name)
        let polarity = MetricPolarity(entry.key, unit: unit)
        var row = TrendReport.Series(
            name: entry.key.name, labels: Self.labels(entry.key), unit: unit,
            points: values.lazy.filter { !$0.isNaN }.count, polarity: polarity,
            sparkline: TextGraphics.sparkline(Self.columns(Self.trimmed(values), width: 40)))
        do {
            let trend = try TrendEstimate(x: x, y: values)
            let fit = trend.theilSen
            let present = x.indices.filter { !values[$0].isNaN }
            row.slopePerHour = Self.finite(fit.slope)
            row.slopePerHourLow = Self.finite(fit.lowerSlope)
            row.slopePerHourHigh = Self.finite(fit.upperSlope)
            row.pValue = trend.mannKendall.pValue
            row.tau = trend.mannKendall.tau
            row.fittedStart = Self.finite(fit.fitted(at: x[present.first!]))
            row.fittedEnd = Self.finite(fit.fitted(at: x[present.last!]))
            row.relativeChange = trend.relativeChange.flatMap(Self.finite)
            row.verdict = criteria.verdict(
                slope: fit.slope, pValue: trend.mannKendall.pValue, relativeChange: trend.relativeChange,
                polarity: polarity)
        } catch {
            row.reason = error.message
        }
        return row
    }

    /// The `topK` most strongly correlated pairs among the series the `selectors` match (union), each pair
    /// searched over lags up to `maxLag`, with p-values corrected for the lags and the pairs.
    /// - Parameters:
    ///   - period: ms, > 0.
    ///   - step: ms; nil picks one (see ``AnalyticsGrid``).
    ///   - maxLag: ms, ≥ 0; rounded down to whole steps.
    ///   - topK: ≥ 1.
    ///   - correction: across pairs; Benjamini–Hochberg by default.
    /// - Throws: ``AnalyticsError`` for bad parameters, more than ``maximumCorrelatedSeries`` series, or an
    ///   unreadable store.
    /// - Complexity: O(m² · n · L) for m series of n windows and L = maxLag/step.
    public func findCorrelations(
        selectors: [SeriesSelector], period: Int64, step: Int64? = nil, maxLag: Int64, topK: Int,
        correction: MultipleTesting = .benjaminiHochberg, now: Int64
    ) async throws(AnalyticsError) -> CorrelationReport {
        guard maxLag >= 0 else {
            throw AnalyticsError(
                .invalidParameter, parameter: "max_lag", "must be ≥ 0, got \(JSONText.seconds(maxLag)) s")
        }
        guard topK >= 1 else { throw AnalyticsError(.invalidParameter, parameter: "top", "must be ≥ 1, got \(topK)") }
        let (grid, result) = try await read(selectors: selectors, period: period, step: step, now: now)
        guard result.series.count <= Self.maximumCorrelatedSeries else {
            throw AnalyticsError(
                .invalidParameter, parameter: "series",
                "the selectors match \(result.series.count) series with data; at most "
                    + "\(Self.maximumCorrelatedSeries) can be correlated at once (narrow the selectors)")
        }
        let lagSteps = Int(maxLag / grid.step)
        let names = result.series.map { CorrelationReport.SeriesName(name: $0.key.name, labels: Self.labels($0.key)) }
        let search: CorrelationSearch
        do {
            search = try CorrelationSearch(
                series: result.series.map { grid.values($0.points) }, maxLag: lagSteps, topK: topK,
                correction: correction)
        } catch {
            throw AnalyticsError(.invalidParameter, parameter: "series", error.message)
        }
        let stepSeconds = Double(grid.step) / 1000
        let pairs = search.pairs.map { pair in
            let lagged = pair.lagged
            return CorrelationReport.Pair(
                a: names[pair.first], b: names[pair.second], r: lagged.pearson.coefficient,
                rLow: lagged.pearson.lowerBound, rHigh: lagged.pearson.upperBound,
                rho: lagged.spearman.estimate?.coefficient, lagSeconds: Double(lagged.lag) * stepSeconds,
                n: lagged.pearson.count, pValue: lagged.pearson.pValue, lagAdjustedPValue: lagged.lagAdjustedPValue,
                adjustedPValue: pair.adjustedPValue)
        }
        var undefined = search.undefinedSeries.map {
            CorrelationReport.Undefined(series: names[$0.index], other: nil, reason: $0.reason.rawValue)
        }
        undefined += search.undefinedPairs.map {
            CorrelationReport.Undefined(series: names[$0.first], other: names[$0.second], reason: "\($0.reason)")
        }
        return CorrelationReport(
            start: Double(now - period) / 1000, end: Double(now) / 1000, periodSeconds: Double(period) / 1000,
            stepSeconds: stepSeconds, maxLagSeconds: Double(lagSteps) * stepSeconds, tier: grid.tier.rawValue,
            correction: correction.rawValue, seriesCount: result.series.count, testedPairs: search.testedPairs,
            pairs: pairs, undefined: undefined, warnings: result.warnings)
    }

    /// Window averages of every series the selectors match (union, canonical order) on the grid for
    /// `period` before `now`.
    private func read(selectors: [SeriesSelector], period: Int64, step: Int64?, now: Int64)
        async throws(AnalyticsError) -> (AnalyticsGrid, QueryResult)
    {
        guard period > 0 else {
            throw AnalyticsError(.invalidParameter, parameter: "period", "must be greater than zero")
        }
        if let step, step <= 0 {
            throw AnalyticsError(.invalidParameter, parameter: "step", "must be greater than zero")
        }
        let engine = MetricQueryEngine(memory: memory)
        let tier = engine.tier(covering: now - period, now: now)
        let grid = try AnalyticsGrid(period: period, end: now, step: step, tier: tier)
        var seen: Set<SeriesKey> = []
        var series: [QueryResult.Series] = []
        var warnings: [String] = []
        for selector in selectors {
            let query = MetricQuery(
                selector: selector, start: now - period, end: now, step: grid.step, aggregation: .average, tier: tier)
            let result: QueryResult
            do {
                result = try await engine.run(query, now: now)
            } catch {
                throw AnalyticsError(error, parameter: "period")
            }
            warnings += result.warnings
            for entry in result.series where seen.insert(entry.key).inserted { series.append(entry) }
        }
        series.sort { $0.key.description < $1.key.description }
        return (
            grid,
            QueryResult(
                tier: tier, step: grid.step, aggregation: .average, approximate: false, series: series,
                warnings: warnings)
        )
    }

    /// The catalog unit of a sensor metric; nil for application metrics.
    static func unit(of name: String) -> String? {
        unitsByName[name]
    }

    private static let unitsByName: [String: String] = Dictionary(
        MetricCatalog.metrics.map { ($0.name, $0.unit) }, uniquingKeysWith: { first, _ in first })

    static func labels(_ key: SeriesKey) -> [String: String] {
        Dictionary(key.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    /// `values` without the windows before the first and after the last one with data.
    static func trimmed(_ values: [Double]) -> [Double] {
        guard let first = values.firstIndex(where: { !$0.isNaN }), let last = values.lastIndex(where: { !$0.isNaN })
        else { return [] }
        return Array(values[first...last])
    }

    /// The values averaged into at most `width` columns (NaN where a column has none).
    static func columns(_ values: [Double], width: Int) -> [Double] {
        guard values.count > width else { return values }
        return (0..<width).map { column in
            let slice = values[values.count * column / width..<values.count * (column + 1) / width].filter { !$0.isNaN }
            return slice.isEmpty ? .nan : slice.reduce(0, +) / Double(slice.count)
        }
    }
}
