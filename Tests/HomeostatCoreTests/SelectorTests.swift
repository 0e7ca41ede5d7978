import HomeostatCore
import Testing

@Suite("Series selectors")
struct SelectorTests {
    @Test(
        "valid selectors print their canonical form",
        arguments: [
            (
                #"system.cpu.utilization{cpu="total",state!="idle"}"#,
                #"system.cpu.utilization{cpu="total",state!="idle"}"#
            ),
            (
                #"system.cpu.utilization{state!="idle", cpu="total"}"#,
                #"system.cpu.utilization{cpu="total",state!="idle"}"#
            ),
            (#"{__name__=~"system\\.disk\\..*"}"#, #"{__name__=~"system\\.disk\\..*"}"#),
            (
                #"process.cpu.utilization{process.executable.name=~"ngin.*"}"#,
                #"process.cpu.utilization{process.executable.name=~"ngin.*"}"#
            ),
            ("system.memory.usage", "system.memory.usage"),
            ("  system.memory.usage  ", "system.memory.usage"),
            ("system.memory.usage{}", "system.memory.usage"),
            (#"{__name__="system.memory.usage"}"#, "system.memory.usage"),
            (#"{__name__="system.memory.usage",state="used"}"#, #"system.memory.usage{state="used"}"#),
            (#"{__name__="weird-name"}"#, #"{__name__="weird-name"}"#),
            (#"up{job='api'}"#, #"up{job="api"}"#),
            (#"up{job="api",}"#, #"up{job="api"}"#),
            (#"up { job = "api" , env != "dev" }"#, #"up{env!="dev",job="api"}"#),
            (#"up{job!~"a", job=~"b", job!="c", job="d"}"#, #"up{job="d",job!="c",job=~"b",job!~"a"}"#),
            (#"up{msg="a\"b\\c\nd\te\rf"}"#, #"up{msg="a\"b\\c\nd\te\rf"}"#),
            (#"up{q='it\'s "x"'}"#, #"up{q="it's \"x\""}"#),
            (#"{job=~".+"}"#, #"{job=~".+"}"#),
            (#"{job!=""}"#, #"{job!=""}"#),
            (#"{job="api",env=~".*"}"#, #"{env=~".*",job="api"}"#),
            (#"_x.y_{_a.b="ü ✓"}"#, #"_x.y_{_a.b="ü ✓"}"#),
            (#"{__name__=~"a.*", __name__="a"}"#, #"{__name__="a",__name__=~"a.*"}"#),
            (#"{__name__="a",__name__="b"}"#, #"{__name__="a",__name__="b"}"#),
        ])
    func canonical(_ text: String, _ expected: String) throws {
        let selector = try SeriesSelector(parsing: text)
        #expect(selector.description == expected)
        // The canonical form parses back to the same selector.
        #expect(try SeriesSelector(parsing: selector.description) == selector)
    }

    static let matchCases: [(String, SeriesKey, Bool)] = [
        (
            #"system.cpu.utilization{cpu="total",state!="idle"}"#,
            key("system.cpu.utilization", ["cpu": "total", "state": "user"]), true
        ),
        (
            #"system.cpu.utilization{cpu="total",state!="idle"}"#,
            key("system.cpu.utilization", ["cpu": "total", "state": "idle"]), false
        ),
        (
            #"system.cpu.utilization{cpu="total",state!="idle"}"#,
            key("system.cpu.utilization", ["cpu": "0", "state": "user"]), false
        ),
        (
            #"system.cpu.utilization{cpu="total",state!="idle"}"#,
            key("system.cpu.time", ["cpu": "total", "state": "user"]), false
        ),
        // A missing label is the empty string: not "idle", so `!=` accepts it.
        (#"system.cpu.utilization{cpu="total",state!="idle"}"#, key("system.cpu.utilization", ["cpu": "total"]), true),
        (#"{__name__=~"system\\.disk\\..*"}"#, key("system.disk.io", ["device": "sda"]), true),
        (#"{__name__=~"system\\.disk\\..*"}"#, key("system.disk."), true),
        (#"{__name__=~"system\\.disk\\..*"}"#, key("system.diskio"), false),
        (#"{__name__=~"system\\.disk\\..*"}"#, key("system.cpu.time"), false),
        (#"{__name__="a",__name__="b"}"#, key("a"), false),
        (#"{__name__="a",__name__=~"a|b"}"#, key("a"), true),
        (#"{__name__!="a",job="x"}"#, key("a", ["job": "x"]), false),
        (#"{__name__!="a",job="x"}"#, key("b", ["job": "x"]), true),
        (
            #"process.cpu.utilization{process.executable.name=~"ngin.*"}"#,
            key("process.cpu.utilization", ["process.executable.name": "nginx"]), true
        ),
        // Regexes are anchored at both ends.
        (
            #"process.cpu.utilization{process.executable.name=~"ngin.*"}"#,
            key("process.cpu.utilization", ["process.executable.name": "xnginx"]), false
        ),
        (#"process.cpu.utilization{process.executable.name=~"ngin.*"}"#, key("process.cpu.utilization"), false),
        (#"p{e=~"ngin"}"#, key("p", ["e": "nginx"]), false),
        (#"p{e=~"ngin"}"#, key("p", ["e": "ngin"]), true),
        (#"p{e=~"gin"}"#, key("p", ["e": "ngin"]), false),
        (#"p{e!~"ngin.*"}"#, key("p", ["e": "nginx"]), false),
        (#"p{e!~"ngin.*"}"#, key("p", ["e": "apache"]), true),
        (#"p{e!~"ngin.*"}"#, key("p"), true),
        (#"p{state=""}"#, key("p"), true),
        (#"p{state=""}"#, key("p", ["state": "user"]), false),
        (#"p{state=~"user|system"}"#, key("p", ["state": "system"]), true),
        (#"p{state=~"user|system"}"#, key("p", ["state": "usersystem"]), false),
        (#"p{state=~"user|system"}"#, key("p", ["state": "idle"]), false),
        (#"p{state=~"idle|"}"#, key("p"), true),
        (#"p{state=~".+"}"#, key("p"), false),
        (#"p{msg=~"a.b"}"#, key("p", ["msg": "a\nb"]), true),
        (#"p{msg="a\"b\\c"}"#, key("p", ["msg": #"a"b\c"#]), true),
        (#"p{msg="a\nb"}"#, key("p", ["msg": "a\nb"]), true),
        (#"p{msg="a\nb"}"#, key("p", ["msg": #"a\nb"#]), false),
        (#"p{msg=~"a\\d"}"#, key("p", ["msg": "a7"]), true),
    ]

    @Test("matching series keys", arguments: matchCases)
    func matching(_ text: String, _ key: SeriesKey, _ expected: Bool) throws {
        #expect(try SeriesSelector(parsing: text).matches(key) == expected)
    }

    @Test(
        "syntax errors name the column, what was expected and what was found",
        arguments: [
            ("", "column 1: expected a metric name or '{', got end of input"),
            (".up", "column 1: expected a metric name or '{', got '.'"),
            (#"system.cpu.utilization{cpu=x}"#, #"column 28: expected '"' to start a label value, got 'x'"#),
            (
                #"system.cpu.utilization{cpu="total""#,
                "column 35: expected ',' or '}' after a label matcher, got end of input"
            ),
            (
                #"up{job="api"#,
                #"column 12: expected '"' to close the label value opened at column 8, got end of input"#
            ),
            (#"up{job~"x"}"#, "column 7: expected a matcher operator ('=', '!=', '=~' or '!~'), got '~'"),
            (#"up{job!"x"}"#, #"column 8: expected '=' or '~' after '!', got '"'"#),
            (#"up{1job="x"}"#, "column 4: expected a label name or '}', got '1'"),
            (#"up{job="x",,}"#, "column 12: expected a label name, got ','"),
            ("up job", "column 4: expected '{' or end of input, got 'j'"),
            (#"up{job="x"} extra"#, "column 13: expected end of input, got 'e'"),
            (#"up{job="x"}}"#, "column 12: expected end of input, got '}'"),
            (#"up{job="a\qb"}"#, #"column 11: expected an escape sequence (\", \', \\, \n, \r or \t), got 'q'"#),
            (
                #"{job=~".*"}"#,
                "column 1: expected a metric name or a matcher that does not match the empty string, "
                    + "got only matchers that match the empty string"
            ),
            (
                #"{job=""}"#,
                "column 1: expected a metric name or a matcher that does not match the empty string, "
                    + "got only matchers that match the empty string"
            ),
            (
                "{}",
                "column 1: expected a metric name or a matcher that does not match the empty string, got no matchers"
            ),
            (
                #"up{__name__="x"}"#,
                "column 4: expected no '__name__' matcher, since the metric name 'up' is given, got '__name__'"
            ),
        ])
    func errors(_ text: String, _ message: String) {
        #expect {
            try SeriesSelector(parsing: text)
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test("an invalid regular expression is a parse error at its value")
    func invalidRegex() {
        do {
            _ = try SeriesSelector(parsing: #"up{job=~"ngin("}"#)
            Issue.record("expected a SelectorError")
        } catch {
            #expect(error.kind == .invalidRegex)
            #expect(error.column == 9)
            #expect(error.expected == "a valid regular expression")
            #expect(error.got == #""ngin(""#)
            #expect("\(error)".hasPrefix(#"column 9: expected a valid regular expression, got "ngin(" ("#))
        }
    }

    @Test("selectors built in code")
    func programmatic() throws {
        let selector = SeriesSelector(
            name: "system.cpu.utilization", matchers: [try LabelMatcher("state", .notEqual, "idle")])
        #expect(selector == (try SeriesSelector(parsing: #"system.cpu.utilization{state!="idle"}"#)))
        #expect(selector.matches(key("system.cpu.utilization", ["state": "user"])))
        #expect(throws: (any Error).self) { try LabelMatcher("job", .matchesRegex, "(") }
    }

    @Test("a selector with regexes can be shared across tasks")
    func concurrentMatching() async throws {
        let selector = try SeriesSelector(parsing: #"{__name__=~"system\\.disk\\..*",device!~"loop[0-9]+"}"#)
        let hits = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<200).filter { index in
                        selector.matches(key("system.disk.io", ["device": index % 2 == 0 ? "sda" : "loop\(task)"]))
                    }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(hits == 8 * 100)
    }
}

private func key(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> SeriesKey {
    SeriesKey(name, labels)
}
