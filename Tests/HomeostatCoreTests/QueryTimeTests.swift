import HomeostatCore
import Testing

@Suite("Query times")
struct QueryTimeTests {
    /// 2026-11-24T21:54:05Z.
    static let now: Int64 = 1_795_557_245_000

    @Test(
        "absolute times",
        arguments: [
            ("1795557245", Int64(1_795_557_245_000)),
            ("1795557245.5", 1_795_557_245_500),
            ("1795557245.123456", 1_795_557_245_123),
            ("0", 0),
            (" 1795557245 ", 1_795_557_245_000),
            ("1970-01-01T00:00:00Z", 0),
            ("2000-01-01T00:00:00Z", 946_684_800_000),
            ("2026-11-24T21:54:05Z", 1_795_557_245_000),
            ("2026-11-24T21:54:05.250Z", 1_795_557_245_250),
            ("2026-11-24T21:54:05.1Z", 1_795_557_245_100),
            ("2026-11-24T21:54:05.999999999Z", 1_795_557_245_999),
            ("2026-11-24t21:54:05z", 1_795_557_245_000),
            ("2026-11-24 21:54:05Z", 1_795_557_245_000),
            ("2026-11-24T22:54:05+01:00", 1_795_557_245_000),
            ("2026-11-24T16:24:05-05:30", 1_795_557_245_000),
            ("2026-11-25T00:54:05+03:00", 1_795_557_245_000),
            ("1969-12-31T23:59:59Z", -1000),
            ("1969-12-31T23:59:59.5Z", -500),
            ("1900-01-01T00:00:00Z", -2_208_988_800_000),
            ("1600-02-29T00:00:00Z", -11_670_998_400_000),
            ("0000-03-01T00:00:00Z", -62_162_035_200_000),
            ("9999-12-31T23:59:59Z", 253_402_300_799_000),
            ("2024-02-29T12:00:00Z", 1_709_208_000_000),
        ])
    func absolute(_ text: String, _ expected: Int64) throws {
        #expect(try QueryTime.parse(text, now: Self.now) == expected)
    }

    @Test(
        "times relative to now",
        arguments: [
            ("now", Int64(0)),
            ("now-1h", -3_600_000),
            ("now+15s", 15_000),
            ("now-1h30m", -5_400_000),
            ("-30m", -1_800_000),
            ("-250ms", -250),
            ("-30", -30_000),
            ("now-1w", -604_800_000),
            ("now-2d", -172_800_000),
            ("now-0s", 0),
        ])
    func relative(_ text: String, _ offset: Int64) throws {
        #expect(try QueryTime.parse(text, now: Self.now) == Self.now + offset)
    }

    @Test(
        "durations and steps",
        arguments: [
            ("15s", Int64(15_000)), ("1m", 60_000), ("1h30m", 5_400_000), ("15", 15_000), ("0.5", 500),
            ("250ms", 250), ("1m30s", 90_000), ("1d", 86_400_000), ("1w", 604_800_000),
            ("2h45m10s500ms", 9_910_500), ("1m5ms", 60_005),
        ])
    func durations(_ text: String, _ expected: Int64) throws {
        #expect(try QueryTime.duration(text) == expected)
        #expect(try QueryTime.step(text) == expected)
    }

    @Test("days from civil matches known epoch days")
    func civil() {
        #expect(QueryTime.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(QueryTime.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(QueryTime.daysFromCivil(year: 1969, month: 12, day: 31) == -1)
        #expect(QueryTime.daysInMonth(year: 2024, month: 2) == 29)
        #expect(QueryTime.daysInMonth(year: 1900, month: 2) == 28)
        #expect(QueryTime.daysInMonth(year: 2000, month: 2) == 29)
    }

    static let timeForms =
        "expected Unix seconds (1795557245, 1795557245.5), RFC 3339 (2026-11-24T21:54:05Z, "
        + "2026-11-24T22:54:05.250+01:00) or a time relative to now (now, now-1h, -30m; units ms, s, m, h, d, w)"
    static let durationForms =
        "expected seconds (15, 0.5) or numbers with units from largest to smallest (15s, 1m, 1h30m; "
        + "units ms, s, m, h, d, w)"
    static let shape = "expected YYYY-MM-DDTHH:MM:SS[.fraction] followed by Z or ±HH:MM"

    @Test(
        "bad times name the input, the problem and the accepted forms",
        arguments: [
            ("yesterday", #"invalid time "yesterday"; "# + timeForms),
            ("", #"invalid time ""; "# + timeForms),
            ("now-", #"invalid time "now-"; "# + timeForms),
            ("now-1x", #"invalid time "now-1x"; "# + timeForms),
            ("now*2", #"invalid time "now*2"; "# + timeForms),
            ("1795557245.", #"invalid time "1795557245."; "# + timeForms),
            ("1e9", #"invalid time "1e9"; "# + timeForms),
            ("99999999999999999999", #"invalid time "99999999999999999999": out of range; "# + timeForms),
            (
                "2026-13-01T00:00:00Z",
                #"invalid time "2026-13-01T00:00:00Z": month 13 is out of range 01–12; "# + timeForms
            ),
            (
                "2026-02-29T00:00:00Z",
                #"invalid time "2026-02-29T00:00:00Z": day 29 is out of range for 2026-02; "# + timeForms
            ),
            (
                "2026-11-24T24:00:00Z",
                #"invalid time "2026-11-24T24:00:00Z": hour 24 is out of range 00–23; "# + timeForms
            ),
            (
                "2026-11-24T21:60:00Z",
                #"invalid time "2026-11-24T21:60:00Z": minute 60 is out of range 00–59; "# + timeForms
            ),
            (
                "2016-12-31T23:59:60Z",
                #"invalid time "2016-12-31T23:59:60Z": second 60 is out of range 00–59 (no leap seconds in Unix time); "#
                    + timeForms
            ),
            (
                "2026-11-24T21:54:05+24:00",
                #"invalid time "2026-11-24T21:54:05+24:00": offset +24:00 is out of range; "# + timeForms
            ),
            ("2026-11-24T21:54:05", #"invalid time "2026-11-24T21:54:05": "# + shape + "; " + timeForms),
            ("2026-11-24", #"invalid time "2026-11-24": "# + shape + "; " + timeForms),
            ("2026-11-24T21:54:05.Z", #"invalid time "2026-11-24T21:54:05.Z": "# + shape + "; " + timeForms),
            ("2026-11-24T21:54:05+0100", #"invalid time "2026-11-24T21:54:05+0100": "# + shape + "; " + timeForms),
        ])
    func badTimes(_ text: String, _ message: String) {
        #expect {
            try QueryTime.parse(text, now: Self.now)
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test("bad durations", arguments: ["1m1h", "1h1h", "1.5h", "", "m", "-5s", "5x", "1h 30m", "99999999999w"])
    func badDurations(_ text: String) {
        #expect(throws: QueryTimeError(.duration, input: text)) { try QueryTime.duration(text) }
        #expect(throws: QueryTimeError(.step, input: text)) { try QueryTime.step(text) }
    }

    @Test("bad duration message")
    func badDurationMessage() {
        #expect {
            try QueryTime.duration("1m1h")
        } throws: { error in
            "\(error)" == #"invalid duration "1m1h"; "# + Self.durationForms
        }
    }

    @Test("a zero step is rejected", arguments: ["0", "0s", "0.0", "0h0m"])
    func zeroStep(_ text: String) {
        #expect(throws: QueryTimeError(.step, input: text, reason: "must be greater than zero")) {
            try QueryTime.step(text)
        }
        #expect(
            "\(QueryTimeError(.step, input: text, reason: "must be greater than zero"))"
                == "invalid step \"\(text)\": must be greater than zero; " + Self.durationForms)
    }
}
