import Foundation
import HomeostatCore
import Testing

@testable import homeostat

@Suite("homeostat forecast")
struct ForecastCommandTests {
    /// `timestamp,value` rows, one per value, timestamps 0, 60, 120, …
    static func csv(_ values: [Double], step: Int = 60) -> String {
        var text = "timestamp,value\n"
        for (i, value) in values.enumerated() { text += "\(i * step),\(value)\n" }
        return text
    }

    static func failure(_ text: String, horizon: Int = 3) -> String? {
        do {
            _ = try ForecastCommand.forecast(text, name: "in.csv", options: .init(horizon: horizon))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a seasonal series: the season found, a seasonal model chosen, timestamps continue the grid")
    func seasonal() throws {
        let values = (0..<240).map { 50 + 10 * sin(2 * Double.pi * Double($0) / 12) + Double($0 % 5) / 5 }
        let report = try ForecastCommand.forecast(Self.csv(values), name: "in.csv", options: .init(horizon: 12))
        #expect(report.selection.seasons.first == 12)
        #expect(report.selection.best.specification.period == 12)
        #expect(report.forecast.horizon == 12)
        #expect(report.timestamp(step: 1) == "14400")
        let table = ForecastReport.table(report, timing: false)
        #expect(table.hasPrefix("series: in.csv: 240 values, step 60, seasons: 12\n"))
        #expect(table.contains("  ← chosen\n"))
        let json = try JSONSerialization.jsonObject(with: Data(ForecastReport.json(report).utf8)) as? [String: Any]
        #expect((json?["forecast"] as? [Any])?.count == 12)
        #expect(json?["period"] as? Int == 12)
    }

    @Test("date-time inputs give date-time forecast timestamps")
    func dateTimes() throws {
        var text = "timestamp,value\n"
        for day in 1...20 { text += "2024-02-\(day < 10 ? "0" : "")\(day) 00:00:00,\(Double(day % 3))\n" }
        let report = try ForecastCommand.forecast(text, name: "in.csv", options: .init(horizon: 10))
        #expect(report.timestamp(step: 1) == "2024-02-21 00:00:00")
        #expect(report.timestamp(step: 10) == "2024-03-01 00:00:00")  // 2024 is a leap year
    }

    @Test("bad input: the file and line, a horizon too long, too few values")
    func badInput() {
        #expect(
            Self.failure("timestamp,value\n1,2\n2,x\n")
                == "in.csv: line 3: value: expected a number (or NaN, or empty for a missing sample), got \"x\"")
        #expect(
            Self.failure("time,value\n")
                == "in.csv: line 1: expected the header \"timestamp,value\", got \"time,value\"")
        #expect(
            Self.failure(Self.csv([1, 2, 3, 4, 5]), horizon: 200_000)
                == "in.csv: invalid horizon: expected a horizon from 1 to 100000 samples, got 200000")
        #expect(Self.failure(Self.csv([1, 2, 3])) == "in.csv: too few points: expected at least 4 values, got 3")
    }

    @Test("too few points for a season: falls back to non-seasonal models and says so")
    func shortSeason() throws {
        let values = (0..<20).map { 10 + 3 * sin(2 * Double.pi * Double($0) / 12) }
        var options = ForecastModelSelection.Options(horizon: 4)
        options.periods = [12]
        let report = try ForecastCommand.forecast(Self.csv(values), name: "in.csv", options: options)
        #expect(
            !report.selection.best.specification.kind.isSeasonal || report.selection.best.specification.period == 12)
        #expect(report.selection.exclusions.contains { $0.specification == .init(.holtWintersAdditive, period: 12) })
        #expect(
            report.notes.contains(
                "too few points for a season of 12 (Holt–Winters needs 24 plus 4 held out, got 20): "
                    + "fell back to non-seasonal models"))
    }

    @Test("gaps are filled and said so")
    func gaps() throws {
        let text = "timestamp,value\n0,1\n60,2\n120,3\n300,6\n360,7\n420,8\n480,9\n540,10\n"
        let report = try ForecastCommand.forecast(text, name: "in.csv", options: .init(horizon: 2))
        #expect(report.series.values == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(report.notes.first == "2 missing time steps in gaps filled by linear interpolation")
        #expect(report.selection.best.specification.kind == .linearTrend)
        #expect(abs(report.forecast.mean[0] - 11) < 1e-9)
    }

    @Test("--models and --periods lists parse; unknown names and periods below 2 are refused")
    func options() throws {
        #expect(try ForecastCommand.parseModels("theta, linear") == [.theta, .linearTrend])
        #expect(try ForecastCommand.parseModels(nil) == ForecasterKind.allCases)
        #expect(try ForecastCommand.parsePeriods("24,168") == [24, 168])
        #expect(try ForecastCommand.parsePeriods(nil) == nil)
        #expect(throws: (any Error).self) { try ForecastCommand.parseModels("arima") }
        #expect(throws: (any Error).self) { try ForecastCommand.parsePeriods("1") }
    }
}
