import HomeostatCore
import Testing

@Suite("IncidentGrouper")
struct IncidentGrouperTests {
    let cpu = SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "user"])
    let disk = SeriesKey("system.disk.utilization", ["system.device": "sda"])
    let net = SeriesKey("system.network.io", ["network.interface.name": "eth0", "network.io.direction": "receive"])

    @Test("two series flagged 10 s apart form one incident, ranked by peak score")
    func twoSeriesOneIncident() {
        var grouper = IncidentGrouper()
        grouper.observe(series: disk, timestamp: 100_000, score: 0.7, value: 0.98)
        grouper.observe(series: cpu, timestamp: 100_000, score: 0.2, value: 0.5)  // below threshold: ignored
        grouper.observe(series: disk, timestamp: 101_000, score: 0.6, value: 0.97)
        grouper.observe(series: cpu, timestamp: 110_000, score: 0.9, value: 0.95)
        #expect(grouper.open?.id == 1)
        grouper.advance(to: 140_000)  // exactly 30 s after the last flag: still open
        #expect(grouper.open != nil)
        grouper.advance(to: 140_001)
        #expect(grouper.open == nil)

        let closed = grouper.closed
        #expect(closed.count == 1)
        let incident = closed[0]
        #expect(incident.id == 1)
        #expect(incident.start == 100_000)
        #expect(incident.end == 110_000)
        #expect(incident.closedAt == 140_001)
        #expect(incident.isOpen == false)
        #expect(
            incident.contributors == [
                Incident.Contributor(
                    series: cpu, peakScore: 0.9, peakValue: 0.95, peakTime: 110_000, flaggedSamples: 1,
                    firstFlagged: 110_000, lastFlagged: 110_000),
                Incident.Contributor(
                    series: disk, peakScore: 0.7, peakValue: 0.98, peakTime: 100_000, flaggedSamples: 2,
                    firstFlagged: 100_000, lastFlagged: 101_000),
            ])
    }

    @Test("a gap longer than the window makes two incidents")
    func gapMakesTwoIncidents() {
        var grouper = IncidentGrouper()
        grouper.observe(series: cpu, timestamp: 0, score: 0.8, value: 1)
        grouper.observe(series: disk, timestamp: 30_000, score: 0.6, value: 2)  // exactly the window: joins
        grouper.observe(series: net, timestamp: 60_001, score: 0.9, value: 3)  // 30.001 s later: a new one
        #expect(grouper.closed.map(\.id) == [1])
        #expect(grouper.closed[0].start == 0)
        #expect(grouper.closed[0].end == 30_000)
        #expect(grouper.closed[0].closedAt == 60_001)
        #expect(grouper.closed[0].contributors.map(\.series) == [cpu, disk])
        #expect(grouper.open?.id == 2)
        #expect(grouper.open?.start == 60_001)
        #expect(grouper.open?.contributors.map(\.series) == [net])
        #expect(grouper.recent(limit: 10).map(\.id) == [2, 1])
        #expect(grouper.recent(limit: 1).map(\.id) == [2])
    }

    @Test("ties in peak score rank by flagged samples, then earliest first flag, then series")
    func tieBreaks() {
        var grouper = IncidentGrouper()
        grouper.observe(series: net, timestamp: 1_000, score: 0.8, value: 1)
        grouper.observe(series: disk, timestamp: 2_000, score: 0.8, value: 1)
        grouper.observe(series: cpu, timestamp: 2_000, score: 0.8, value: 1)
        grouper.observe(series: disk, timestamp: 3_000, score: 0.6, value: 1)
        grouper.advance(to: 100_000)
        // disk: 2 flags; net: earlier first flag than cpu; cpu last.
        #expect(grouper.closed[0].contributors.map(\.series) == [disk, net, cpu])
    }

    @Test("the peak keeps the value and contributions of the highest-scoring sample")
    func peakValue() {
        var grouper = IncidentGrouper()
        var contributions = AnomalyScore.Contributions()
        contributions.cusum = 0.95
        grouper.observe(series: cpu, timestamp: 0, score: 0.6, value: 10)
        grouper.observe(series: cpu, timestamp: 1_000, score: 0.95, value: 42, contributions: contributions)
        grouper.observe(series: cpu, timestamp: 2_000, score: 0.95, value: 43)  // equal, not higher: kept
        grouper.advance(to: 40_000)
        let contributor = grouper.closed[0].contributors[0]
        #expect(contributor.peakValue == 42)
        #expect(contributor.peakTime == 1_000)
        #expect(contributor.peakContributions.strongest == .cusum)
        #expect(contributor.flaggedSamples == 3)
        #expect(contributor.lastFlagged == 2_000)
    }

    @Test("only the newest closed incidents are kept")
    func retention() {
        var configuration = IncidentGrouper.Configuration()
        configuration.retainedIncidents = 3
        configuration.window = 10
        var grouper = IncidentGrouper(configuration: configuration)
        for i in 0..<5 {
            grouper.observe(series: cpu, timestamp: Int64(i) * 100, score: 1, value: 1)
        }
        grouper.advance(to: 10_000)
        #expect(grouper.openedCount == 5)
        #expect(grouper.closed.map(\.id) == [3, 4, 5])
        #expect(grouper.recent(limit: 2).map(\.id) == [5, 4])
    }

    @Test("NaN scores and scores below the threshold open nothing")
    func belowThreshold() {
        var grouper = IncidentGrouper()
        grouper.observe(series: cpu, timestamp: 0, score: .nan, value: 1)
        grouper.observe(series: cpu, timestamp: 1, score: 0.4999, value: 1)
        #expect(grouper.open == nil)
        #expect(grouper.recent(limit: 5).isEmpty)
    }
}
