import HomeostatCore

/// The parameters of the analytics routes and commands, parsed and checked once for the HTTP API and
/// the CLI alike:
///
/// | parameter | trends | correlations | default |
/// |---|---|---|---|
/// | `series` | one selector | repeatable; the union | every series |
/// | `period` | `1h`, `24h`, `7d`, `30_days`, … | same | 24h (trends), 1h (correlations) |
/// | `step` | a duration | same | chosen by ``AnalyticsGrid`` |
/// | `max_lag` | – | a duration | 5m |
/// | `top` | – | integer ≥ 1 | 10 |
/// | `correction` | – | `bh` or `bonferroni` | bh |
public struct AnalyticsRequest: Sendable {
    /// Every series: `{__name__=~".+"}`.
    public static let everySeries = try! SeriesSelector(parsing: "{__name__=~\".+\"}")

    public var selectors: [SeriesSelector]
    /// ms.
    public var period: Int64
    /// ms, nil to let the grid choose.
    public var step: Int64?
    /// ms.
    public var maxLag: Int64
    public var top: Int
    public var correction: MultipleTesting

    /// - Parameters:
    ///   - parameters: every value of a parameter by name, empty when absent.
    ///   - defaultPeriod: ms, when `period` is absent.
    /// - Throws: ``QueryRequestError`` naming the parameter, what it got and what it accepts.
    public init(parameters: (String) -> [String], defaultPeriod: Int64) throws(QueryRequestError) {
        selectors = []
        for text in parameters("series") where !text.isEmpty {
            do { selectors.append(try SeriesSelector(parsing: text)) } catch {
                throw QueryRequestError(parameter: "series", message: "\(text): \(error)")
            }
        }
        if selectors.isEmpty { selectors = [Self.everySeries] }
        period = defaultPeriod
        if let text = parameters("period").last {
            do { period = try AnalyticsPeriod.parse(text) } catch {
                throw QueryRequestError(parameter: "period", message: error.description)
            }
        }
        if let text = parameters("step").last {
            do { step = try QueryTime.step(text) } catch {
                throw QueryRequestError(parameter: "step", message: error.description)
            }
        }
        maxLag = 300_000
        if let text = parameters("max_lag").last {
            do { maxLag = try QueryTime.duration(text) } catch {
                throw QueryRequestError(parameter: "max_lag", message: error.description)
            }
        }
        top = 10
        if let text = parameters("top").last {
            guard let value = Int(text), value >= 1 else {
                throw QueryRequestError(parameter: "top", message: "expected a whole number ≥ 1, got \"\(text)\"")
            }
            top = value
        }
        correction = .benjaminiHochberg
        if let text = parameters("correction").last {
            guard let value = MultipleTesting(rawValue: text.lowercased()) else {
                throw QueryRequestError(parameter: "correction", message: "expected bh or bonferroni, got \"\(text)\"")
            }
            correction = value
        }
    }
}
