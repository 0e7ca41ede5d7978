import Homeostat
import HomeostatCore
import Testing

@Suite("Recent history")
struct RecentHistoryTests {
    func snapshot(_ time: Double, _ values: [(String, Double)]) -> Snapshot {
        Snapshot(timestamp: time, samples: values.map { Sample(SeriesKey($0.0), $0.1, unit: "1") })
    }

    @Test("keeps the last capacity points per series, oldest first")
    func capacity() {
        var history = RecentHistory(capacity: 3)
        for t in 1...5 { history.append(snapshot(Double(t), [("a", Double(t) * 10)])) }
        let points = history.points(named: "a")
        #expect(points.count == 1)
        #expect(points[0].points.map(\.value) == [30, 40, 50])
        #expect(points[0].points.map(\.time) == [3, 4, 5])
    }

    @Test("window: mean and latest of each series' points after `since`; series without any are left out")
    func window() {
        var history = RecentHistory(capacity: 10)
        for t in 1...6 { history.append(snapshot(Double(t), [("a", Double(t))])) }
        history.append(snapshot(7, [("b", 3)]))
        let window = history.window(since: 3, seconds: 4, end: 7)
        #expect(window.seconds == 4 && window.end == 7)
        #expect(window.count == 2)
        // a's points after t = 3: 4, 5, 6.
        #expect(window.entry("a")?.value == WindowedMetrics.Value(average: 5, latest: 6, samples: 3))
        #expect(window.entry("b")?.value == WindowedMetrics.Value(average: 3, latest: 3, samples: 1))
        #expect(history.window(since: 6, seconds: 1, end: 7).entry("a") == nil)
    }

    @Test("drops series not seen for capacity cycles; filters by time, prefix and label")
    func pruningAndFilters() {
        var history = RecentHistory(capacity: 2)
        history.append(snapshot(1, [("a", 1), ("a.b", 2)]))
        history.append(snapshot(2, [("a", 1)]))
        #expect(history.seriesCount == 2)
        history.append(snapshot(3, [("a", 1)]))
        history.append(snapshot(4, [("a", 1)]))
        #expect(history.seriesCount == 1)
        #expect(history.points(named: "a", since: 3).first?.points.map(\.time) == [4])

        var labelled = RecentHistory(capacity: 4)
        labelled.append(
            Snapshot(
                timestamp: 1,
                samples: [
                    Sample(SeriesKey("cpu", ["cpu": "0"]), 0.5, unit: "1"),
                    Sample(SeriesKey("cpu", ["cpu": "1"]), 0.25, unit: "1"),
                    Sample(SeriesKey("cpu.count"), 2, unit: "1"),
                ]))
        #expect(labelled.points(named: "cpu", labels: [Label("cpu", "1")]).map(\.points.first?.value) == [0.25])
        #expect(labelled.points(named: "cpu", prefix: true).count == 3)
        #expect(labelled.points(named: "cpu").count == 2)
    }
}
