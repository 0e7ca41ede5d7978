import HomeostatCore

/// One saved alert state: rule name, series and the state machine.
public struct AlertStateRecord: Sendable {
    public var rule: String
    public var series: SeriesKey
    public var state: AlertSeriesState

    init(_ item: (rule: String, series: SeriesKey, state: AlertSeriesState)) {
        rule = item.rule
        series = item.series
        state = item.state
    }
}
