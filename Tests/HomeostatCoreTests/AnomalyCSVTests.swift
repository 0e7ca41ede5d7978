import HomeostatCore
import Testing

@Suite("Anomaly CSV input")
struct AnomalyCSVTests {
    @Test(
        "headers accepted",
        arguments: [
            "timestamp,value", "Timestamp, Value", "\"timestamp\",\"value\"", "\u{FEFF}timestamp,value",
            "timestamp,value,is_anomaly",
        ])
    func goodHeaders(header: String) throws {
        try TimestampValueCSV.checkHeader(header[...])
    }

    @Test("a missing header names line 1, the expected header and what was there")
    func missingHeader() {
        #expect(throws: DetectInputError(line: 1, expected: "the header \"timestamp,value\"", got: "\"1,2.5\"")) {
            try TimestampValueCSV.checkHeader("1,2.5")
        }
        let error = DetectInputError(line: 1, expected: "the header \"timestamp,value\"", got: "\"time,val\"")
        #expect(error.description == "line 1: expected the header \"timestamp,value\", got \"time,val\"")
    }

    @Test("rows: numbers, date-times, NaN and missing values")
    func rows() throws {
        let row = try TimestampValueCSV.parseRow("1396310400, 12.5\r", lineNumber: 2)
        #expect(row.timestampText == "1396310400" && row.valueText == "12.5")
        #expect(row.timestamp == 1_396_310_400_000 && row.value == 12.5)
        #expect(try TimestampValueCSV.parseRow("2014-04-01 00:00:00,1", lineNumber: 2).timestamp == 1_396_310_400_000)
        #expect(
            try TimestampValueCSV.parseRow("2014-04-01T00:05:00.250Z,1", lineNumber: 2).timestamp == 1_396_310_700_250)
        #expect(
            try TimestampValueCSV.parseRow("2014-04-01T02:00+02:00,1", lineNumber: 2).timestamp == 1_396_310_400_000)
        #expect(try TimestampValueCSV.parseRow("2000-02-29 00:00,1", lineNumber: 2).timestamp == 951_782_400_000)
        #expect(try TimestampValueCSV.parseRow("3,NaN", lineNumber: 2).value.isNaN)
        #expect(try TimestampValueCSV.parseRow("3,", lineNumber: 2).value.isNaN)
        #expect(try TimestampValueCSV.parseRow("3,1e308,0", lineNumber: 2).value == 1e308)
    }

    @Test("a non-numeric value names the line, the field, what was expected and what was there")
    func badValue() {
        let expected = DetectInputError(
            line: 7, field: "value", expected: "a number (or NaN, or empty for a missing sample)", got: "\"abc\"")
        #expect(throws: expected) { try TimestampValueCSV.parseRow("5,abc", lineNumber: 7) }
        #expect(
            expected.description
                == "line 7: value: expected a number (or NaN, or empty for a missing sample), got \"abc\"")
    }

    @Test("bad timestamps and short rows")
    func badTimestampAndShortRow() {
        #expect(throws: DetectInputError.self) { try TimestampValueCSV.parseRow("yesterday,1", lineNumber: 3) }
        #expect(throws: DetectInputError.self) {
            try TimestampValueCSV.parseRow("2014-13-01 00:00:00,1", lineNumber: 3)
        }
        #expect(throws: DetectInputError.self) { try TimestampValueCSV.parseRow(",1", lineNumber: 3) }
        #expect(
            throws: DetectInputError(line: 4, expected: "2 fields \"timestamp,value\"", got: "1 field \"12\"")
        ) { try TimestampValueCSV.parseRow("12", lineNumber: 4) }
    }

    @Test("a whole document as a series: blank lines skipped, line numbers counted, time must not go back")
    func series() throws {
        let parsed = try TimestampValueCSV.series("timestamp,value\r\n10,1.5\n\n20,\n30,3\n")
        #expect(parsed.timestamps == [10_000, 20_000, 30_000])
        #expect(parsed.values[0] == 1.5 && parsed.values[1].isNaN && parsed.values[2] == 3)
        #expect(
            throws: DetectInputError(
                line: 4, field: "timestamp", expected: "a time at or after the previous row's 20", got: "\"15\"")
        ) { try TimestampValueCSV.series("timestamp,value\n10,1\n20,2\n15,3\n") }
        #expect(throws: DetectInputError(line: 1, expected: "the header \"timestamp,value\"", got: "\"\"")) {
            try TimestampValueCSV.series("")
        }
    }
}
