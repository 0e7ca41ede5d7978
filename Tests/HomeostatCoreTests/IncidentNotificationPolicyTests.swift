import HomeostatCore
import Testing

@Suite("IncidentNotificationPolicy")
struct IncidentNotificationPolicyTests {
    static let cpu = SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "user"])
    static let psi = SeriesKey("system.pressure.stall", ["resource": "cpu", "kind": "some"])
    static let load = SeriesKey("system.cpu.load_average.1m")
    static let disk = SeriesKey("system.disk.io", ["system.device": "vda"])

    /// An incident from `flags` (series, seconds, count of consecutive flagged seconds), grouped as the
    /// agent groups them.
    static func incident(start: Int64, _ flags: [(SeriesKey, Int)]) -> Incident {
        var grouper = IncidentGrouper()
        let longest = flags.map(\.1).max() ?? 0
        for second in 0..<Int64(longest) {
            for (series, count) in flags where second < count {
                grouper.observe(series: series, timestamp: start + second * 1000, score: 0.9, value: 1)
            }
        }
        return grouper.open!
    }

    /// 100 series at 1 s: 6,000 samples per minute, so 60 flags are a 1 % node anomaly rate.
    static let context = IncidentNotificationPolicy.Context(watchingSince: 0, samplesPerDensityWindow: 6000)

    @Test("densest minute counts flags within any 60 s span")
    func density() {
        var grouper = IncidentGrouper()
        for series in [Self.cpu, Self.psi, Self.load] {
            grouper.observe(series: series, timestamp: 0, score: 1, value: 1)
        }
        grouper.observe(series: Self.cpu, timestamp: 30_000, score: 1, value: 1)
        grouper.observe(series: Self.psi, timestamp: 30_000, score: 1, value: 1)
        grouper.observe(series: Self.cpu, timestamp: 60_000, score: 1, value: 1)  // the flags at 0 drop out
        #expect(grouper.open?.densestFlags == 5)
        grouper.observe(series: Self.psi, timestamp: 61_000, score: 1, value: 1)
        grouper.observe(series: Self.load, timestamp: 62_000, score: 1, value: 1)
        #expect(grouper.open?.densestFlags == 5)  // 30 s ×2, 60, 61, 62: also 5
        grouper.observe(series: Self.disk, timestamp: 63_000, score: 1, value: 1)
        #expect(grouper.open?.densestFlags == 6)
    }

    @Test("a dense, sustained, broad incident after learning notifies; the next of its kind is habituated")
    func notifiesOnce() {
        let policy = IncidentNotificationPolicy()
        let flags = [(Self.cpu, 30), (Self.psi, 30), (Self.load, 10)]  // 70 flags in a minute: 1.17 %
        let first = Self.incident(start: 3_600_000, flags)
        let second = Self.incident(start: 7_200_000, flags)
        let third = Self.incident(start: 3_600_000 + 86_400_000, flags)
        let verdicts = policy.verdicts([first, second, third], context: Self.context)
        #expect(verdicts.map(\.notifies) == [true, false, true])
        #expect(
            verdicts[0].signature == ["system.cpu.load_average.1m", "system.cpu.utilization", "system.pressure.stall"])
        #expect(verdicts[1].reason == "habituated: the same kind notified 3600 s before")
    }

    @Test("each rule names what the incident lacked")
    func reasons() {
        let policy = IncidentNotificationPolicy()
        let dense = [(Self.cpu, 30), (Self.psi, 30), (Self.load, 10)]
        #expect(
            policy.judge(Self.incident(start: 1_000_000, dense), context: Self.context, lastNotified: [:]).reason
                == "learning: 1000 s of 3600 s watched")
        #expect(
            policy.judge(
                Self.incident(start: 4_000_000, [(Self.cpu, 30), (Self.psi, 29)]), context: Self.context,
                lastNotified: [:]
            )
            .reason == "sparse: node anomaly rate 0.98 % at the densest minute (< 1.00 %)")
        let blips = (0..<70).map { (SeriesKey("app.latency", ["route": "r\($0)"]), 1) }
        #expect(
            policy.judge(Self.incident(start: 4_000_000, blips), context: Self.context, lastNotified: [:]).reason
                == "transient: at most 1 flagged samples per series (< 5)")
        let oneMetric = [(Self.cpu, 40), (SeriesKey("system.cpu.utilization", ["state": "system"]), 40)]
        #expect(
            policy.judge(Self.incident(start: 4_000_000, oneMetric), context: Self.context, lastNotified: [:]).reason
                == "narrow: 2 series of 1 metrics (needs 3 of 2)")
        #expect(
            policy.judge(Self.incident(start: 4_000_000, dense), context: Self.context, lastNotified: [:]).notifies)
    }
}
