import Foundation
import HomeostatCore

/// Forecasts each resource's use from the metric memory: the seed's
/// `predictor.predict_resource_needs(time_horizon, confidence_level)`.
///
/// Per resource it reads the history on a ``PredictionGrid`` through ``MetricQueryEngine`` (window
/// averages), puts it on a regular grid, chooses a model by rolling-origin backtests
/// (``ForecastModelSelection``) and forecasts the horizon with intervals widened by the backtests'
/// calibration. Memory and filesystems (capacity 1, and a full one fails) also get their time to
/// exhaustion (``TimeToExhaustion``). CPU is bounded by 1 but not exhausted by reaching it: a busy CPU
/// is saturated (work queues, see the bottleneck report), so it gets no exhaustion time.
///
/// | resource | series | capacity |
/// |---|---|---|
/// | `cpu` | 1 − `system.cpu.utilization{cpu="total",state="idle"}` | 1 for the bounds; no exhaustion |
/// | `memory` | `system.memory.utilization{state="used"}` | 1 |
/// | `filesystem MOUNTPOINT` | `system.filesystem.utilization` | 1 |
/// | `disk DEVICE` | `system.disk.utilization` (busy share) | – |
/// | `network IFACE DIRECTION` | `system.network.io` (bytes/s; loopback left out) | – |
public struct ResourcePredictor: Sendable {
    public let memory: MetricMemory

    public init(memory: MetricMemory) {
        self.memory = memory
    }

    /// Predicts every resource with history over the next `horizon` ms after `now` (Unix ms).
    /// A resource with fewer than max(``PredictionGrid/minimumPoints``, the horizon in grid steps) points
    /// (history shorter than the horizon) gets a `problem` entry, not an error. Interval bounds are
    /// clipped to [0, capacity] (to [0, ∞) without one); the mean is not.
    /// - Throws: ``AnalyticsError`` (`horizon`, `confidence`) for a horizon ≤ 0 or above 366 days, a
    ///   confidence level outside (0, 1); `store` when the memory cannot be read.
    /// - Complexity: per resource, the query plus the selection: O(models · folds · n · evaluations) for
    ///   n ≤ 2,000 points; resources run in parallel across cores.
    public func predict(horizon: Int64, confidenceLevel: Double, now: Int64) async throws(AnalyticsError)
        -> ResourcePrediction
    {
        guard horizon > 0, horizon <= 366 * 86_400_000 else {
            throw AnalyticsError(
                .invalidParameter, parameter: "horizon",
                "expected more than 0 s and at most 366 days, got \(JSONText.seconds(horizon)) s")
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw AnalyticsError(
                .invalidParameter, parameter: "confidence",
                "expected a number in (0, 1) such as 0.95, got \(confidenceLevel)")
        }
        let grid = PredictionGrid(horizon: horizon)
        let engine = MetricQueryEngine(memory: memory)
        var histories: [(resource: ResourceSeries, points: [QueryPoint])] = []
        var warnings: [String] = []
        for kind in ResourceKind.allCases {
            let query = MetricQuery(
                selector: kind.selector, start: now - grid.history, end: now, step: grid.step, aggregation: .average)
            let result: QueryResult
            do {
                result = try await engine.run(query, now: now)
            } catch {
                throw AnalyticsError(error, parameter: "horizon")
            }
            warnings += result.warnings
            for series in result.series {
                guard let resource = kind.resource(series.key) else { continue }
                histories.append(
                    (
                        resource,
                        series.points.map { QueryPoint(timestamp: $0.timestamp, value: resource.transform($0.value)) }
                    ))
            }
        }
        let rows = await withTaskGroup(of: (Int, ResourcePrediction.Resource).self) { group in
            for (index, history) in histories.enumerated() {
                group.addTask {
                    (
                        index,
                        Self.predict(
                            history.resource, history.points, horizon: horizon, gridStep: grid.step,
                            confidenceLevel: confidenceLevel)
                    )
                }
            }
            var rows: [(Int, ResourcePrediction.Resource)] = []
            for await row in group { rows.append(row) }
            return rows.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return ResourcePrediction(
            generatedAt: Double(now) / 1000, horizonSeconds: Double(horizon) / 1000, confidenceLevel: confidenceLevel,
            resources: rows, warnings: warnings)
    }

    /// The forecast row of one resource from its points (oldest first, already transformed), read in
    /// windows of `gridStep` ms.
    /// - Complexity: that of ``ForecastModelSelection/select(_:options:)`` on the points.
    static func predict(
        _ resource: ResourceSeries, _ points: [QueryPoint], horizon: Int64, gridStep: Int64, confidenceLevel: Double
    ) -> ResourcePrediction.Resource {
        var row = ResourcePrediction.Resource(
            resource: resource.name, series: resource.key.description, unit: resource.unit,
            capacity: resource.exhausts ? resource.capacity : nil, points: points.count)
        // The horizon in query windows: the need when samples come at least once a window.
        let windowNeed = max(PredictionGrid.minimumPoints, Int((horizon + gridStep - 1) / gridStep))
        guard points.count >= PredictionGrid.minimumPoints else {
            row.problem = "insufficient history (\(points.count) points, need \(windowNeed))"
            return row
        }
        do {
            let series = try RegularSeries(timestamps: points.map(\.timestamp), values: points.map(\.value))
            row.points = series.values.count
            let step = max(series.step, 1)
            let steps = Int((horizon + step - 1) / step)
            // No extrapolation further ahead than the history reaches back: a minute of noisy 1 s CPU
            // samples says nothing about the next hour, and its random-walk interval would be ±1000 %.
            let needed = max(PredictionGrid.minimumPoints, steps)
            guard series.values.count >= needed else {
                row.problem = "insufficient history (\(series.values.count) points, need \(needed))"
                return row
            }
            var options = ForecastModelSelection.Options(horizon: steps)
            options.confidenceLevel = confidenceLevel
            let selection = try ForecastModelSelection.select(series.values, options: options)
            let (_, forecast) = try selection.forecast(series.values, horizon: steps, confidenceLevel: confidenceLevel)
            let current = series.values[series.values.count - 1]
            let stepSeconds = Double(step) / 1000
            row.stepSeconds = stepSeconds
            row.model = selection.best.specification.description
            row.backtestMASE = finite(selection.best.meanAbsoluteScaledError)
            row.current = current
            row.meanAtHorizon = forecast.mean.last
            row.peakMean = forecast.mean.max()
            // Shares and throughputs cannot go below 0 nor a share above its capacity: the bounds are
            // clipped to that range (the mean is the model's, unclipped, so a trend past 100 % shows).
            let upperLimit = resource.capacity ?? .infinity
            row.lowerAtHorizon = forecast.lower.last.map { min(max($0, 0), upperLimit) }
            row.upperAtHorizon = forecast.upper.last.map { min(max($0, 0), upperLimit) }
            row.peakUpper = forecast.upper.max().map { min(max($0, 0), upperLimit) }
            if let capacity = resource.capacity, resource.exhausts {
                row.exhaustionSeconds = TimeToExhaustion.seconds(
                    current: current, path: forecast.upper, step: stepSeconds, capacity: capacity)
                row.meanExhaustionSeconds = TimeToExhaustion.seconds(
                    current: current, path: forecast.mean, step: stepSeconds, capacity: capacity)
            }
        } catch {
            row.problem = error.description
        }
        return row
    }

    private static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
}

/// One resource's series and how its values become the predicted quantity.
struct ResourceSeries: Sendable {
    var name: String
    var key: SeriesKey
    var unit: String
    var capacity: Double?
    /// True for CPU: the series is the idle share and the resource is 1 − it.
    var complement: Bool
    /// Whether reaching the capacity exhausts the resource (memory, filesystems) rather than
    /// saturating it (CPU).
    var exhausts = true

    func transform(_ value: Double) -> Double { complement ? 1 - value : value }
}

/// The resources predicted, in report order.
enum ResourceKind: CaseIterable, Sendable {
    case cpu, memory, filesystem, disk, network

    /// The series read; the texts are constants, so parsing cannot fail.
    var selector: SeriesSelector {
        let text =
            switch self {
            case .cpu: #"system.cpu.utilization{cpu="total",state="idle"}"#
            case .memory: #"system.memory.utilization{state="used"}"#
            case .filesystem: "system.filesystem.utilization"
            case .disk: "system.disk.utilization"
            case .network: "system.network.io"
            }
        return try! SeriesSelector(parsing: text)
    }

    /// The resource of a selected series, nil to leave it out (loopback).
    func resource(_ key: SeriesKey) -> ResourceSeries? {
        switch self {
        case .cpu:
            ResourceSeries(name: "cpu", key: key, unit: "1", capacity: 1, complement: true, exhausts: false)
        case .memory:
            ResourceSeries(name: "memory", key: key, unit: "1", capacity: 1, complement: false)
        case .filesystem:
            ResourceSeries(
                name: "filesystem \(key[label: "system.filesystem.mountpoint"] ?? key.description)", key: key,
                unit: "1",
                capacity: 1, complement: false)
        case .disk:
            ResourceSeries(
                name: "disk \(key[label: "system.device"] ?? key.description)", key: key, unit: "1", capacity: nil,
                complement: false)
        case .network:
            key[label: "network.interface.name"] == "lo"
                ? nil
                : ResourceSeries(
                    name:
                        "network \(key[label: "network.interface.name"] ?? "?") \(key[label: "network.io.direction"] ?? "?")",
                    key: key, unit: "By/s", capacity: nil, complement: false)
        }
    }
}
