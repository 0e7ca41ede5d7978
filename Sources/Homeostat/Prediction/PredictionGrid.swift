import HomeostatCore

/// The history a resource prediction reads for a horizon: a step fine enough to see the horizon in
/// several dozen to several hundred steps, and ``historySteps`` of it before now.
///
/// | horizon | step | tier that usually answers | history |
/// |---|---|---|---|
/// | ≤ 10 min | 1 s (averages of the samples; the collection interval if coarser) | raw | ≤ 2,000 s |
/// | ≤ 2 days | 1 min | minute rollups (avg) | ≤ 33 h |
/// | longer | 1 h | hour rollups (avg) | ≤ 83 days |
///
/// The series is then put on a regular grid at its median spacing (``RegularSeries``), so a 5 s
/// collection interval gives a 5 s grid even though the windows are 1 s.
public struct PredictionGrid: Sendable, Equatable {
    /// Windows read before now: 2,000, so a selection's backtests stay under a second per series.
    public static let historySteps: Int64 = 2000
    /// Points a series needs before it is forecast: 30, and never fewer than the horizon's steps.
    public static let minimumPoints = 30

    /// The query window width, in ms.
    public var step: Int64
    /// How far back the history reaches, in ms.
    public var history: Int64

    /// The grid for a horizon of `horizon` ms (> 0).
    public init(horizon: Int64) {
        step =
            if horizon <= 600_000 {
                1000
            } else if horizon <= 2 * 86_400_000 {
                60_000
            } else {
                3_600_000
            }
        history = step * Self.historySteps
    }
}
