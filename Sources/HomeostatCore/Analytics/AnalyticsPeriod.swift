/// Parses the length of an analysis window: `1h`, `24h`, `7d`, `1h30m`, `3600` (seconds; every
/// ``QueryTime/duration(_:)`` form), and the seed's spelled-out forms `30_days`, `12_hours`, `90_minutes`,
/// `2_weeks`, `45_seconds` (singular too: `1_day`).
public enum AnalyticsPeriod {
    /// Milliseconds per spelled-out unit.
    private static let spelledUnits: [String: Int64] = [
        "second": 1000, "seconds": 1000, "minute": 60_000, "minutes": 60_000, "hour": 3_600_000,
        "hours": 3_600_000, "day": 86_400_000, "days": 86_400_000, "week": 604_800_000, "weeks": 604_800_000,
    ]

    /// The period in milliseconds, > 0.
    /// - Throws: ``QueryTimeError`` of kind `.duration` naming the input, with the reason
    ///   "must be greater than zero" for `0h`, and listing both accepted forms otherwise.
    /// - Complexity: O(n) for n characters.
    public static func parse(_ text: String) throws(QueryTimeError) -> Int64 {
        let trimmed = String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        let parts = trimmed.split(separator: "_", maxSplits: 1)
        if parts.count == 2, let unit = spelledUnits[parts[1].lowercased()] {
            guard let amount = Int64(parts[0]), amount >= 0 else {
                throw QueryTimeError(.duration, input: text, reason: "expected a whole number before _\(parts[1])")
            }
            let (milliseconds, overflow) = amount.multipliedReportingOverflow(by: unit)
            if overflow { throw QueryTimeError(.duration, input: text, reason: "out of range") }
            if milliseconds == 0 { throw QueryTimeError(.duration, input: text, reason: "must be greater than zero") }
            return milliseconds
        }
        let milliseconds: Int64
        do {
            milliseconds = try QueryTime.duration(trimmed)
        } catch {
            throw QueryTimeError(
                .duration, input: text,
                reason: "not a duration nor N_unit (30_days, 12_hours, 2_weeks)")
        }
        if milliseconds == 0 { throw QueryTimeError(.duration, input: text, reason: "must be greater than zero") }
        return milliseconds
    }
}
