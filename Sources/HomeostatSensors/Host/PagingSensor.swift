import HomeostatCore

/// Page fault and swap traffic rates from `/proc/vmstat`.
///
/// Emits `system.paging.faults{type=major|minor}` ({fault}/s) and
/// `system.paging.operations{direction=in|out}` ({page}/s, pages swapped in and out) and
/// `system.linux.memory.oom_kills` ({kill}/s, processes the OOM killer ended). Rates start
/// with the second cycle; a counter the kernel lacks is left out. Rates are rounded to
/// ``SampleResolution/counterRate`` decimals.
/// - Complexity: O(n) per cycle in the size of `/proc/vmstat`; one file read.
public struct PagingSensor: Sensor, Sendable {
    public let name = "paging"
    private let path: String
    private var reader = FileReader(initialCapacity: 8 * 1024)
    private var rates = CounterRates<String>()

    public init(root: SystemRoot = .host) {
        path = root.path("/proc/vmstat")
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        let stat = try VirtualMemoryStat.parse(reader.read(path), path: path)
        if let major = stat.majorFaults, let perSecond = rates.rate("major", major, at: time) {
            batch.append(
                "system.paging.faults", ["type": "major"], rounded(perSecond, SampleResolution.counterRate),
                unit: "{fault}/s")
        }
        if let minor = stat.minorFaults, let perSecond = rates.rate("minor", minor, at: time) {
            batch.append(
                "system.paging.faults", ["type": "minor"], rounded(perSecond, SampleResolution.counterRate),
                unit: "{fault}/s")
        }
        if let swapIns = stat.swapIns, let perSecond = rates.rate("in", swapIns, at: time) {
            batch.append(
                "system.paging.operations", ["direction": "in"], rounded(perSecond, SampleResolution.counterRate),
                unit: "{page}/s")
        }
        if let swapOuts = stat.swapOuts, let perSecond = rates.rate("out", swapOuts, at: time) {
            batch.append(
                "system.paging.operations", ["direction": "out"], rounded(perSecond, SampleResolution.counterRate),
                unit: "{page}/s")
        }
        if let kills = stat.oomKills, let perSecond = rates.rate("oom", kills, at: time) {
            batch.append(
                "system.linux.memory.oom_kills", [:], rounded(perSecond, SampleResolution.counterRate),
                unit: "{kill}/s")
        }
        rates.endCycle()
    }
}
