import HomeostatCore
import Testing

@testable import HomeostatStore

@Suite struct CanonicalLabelsTests {
    @Test(arguments: [
        SeriesKey("system.cpu.utilization"),
        SeriesKey("system.cpu.utilization", ["cpu": "0", "state": "user"]),
        SeriesKey("odd", ["a=b": "x\"y", "back\\slash": "line\nbreak", "comma,": "v,=\\\""]),
        SeriesKey("empty", ["k": ""]),
    ])
    func roundTrips(key: SeriesKey) {
        let text = CanonicalLabels.encode(key.labels)
        #expect(CanonicalLabels.decode(text) == key.labels)
    }

    @Test func readsLikePrometheus() {
        let key = SeriesKey("m", ["state": "user", "cpu": "0"])
        #expect(CanonicalLabels.encode(key.labels) == #"cpu="0",state="user""#)
    }

    @Test(arguments: [#"cpu="0"#, #"cpu=0"#, #"cpu="0"state="u""#, #"cpu"#, #"cpu="0","#])
    func rejectsMalformedText(text: String) {
        #expect(CanonicalLabels.decode(text) == nil)
    }
}
