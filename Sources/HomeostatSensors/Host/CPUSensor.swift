import HomeostatCore

/// CPU time shares, the number of online CPUs, and scheduler activity, from `/proc/stat`.
///
/// Emits `system.cpu.utilization{cpu, state}` (ratio 0–1 of the interval, `cpu` is `total` or the
/// CPU number), `system.cpu.logical.count` ({cpu}), `system.cpu.context_switches` ({switch}/s),
/// `system.process.created` ({process}/s) and `system.process.count{status=running|blocked}`
/// ({process}). A CPU that goes offline drops out; when it comes back its shares start again on the
/// following cycle.
///
/// Shares are rounded to ``SampleResolution/cpuShare`` decimals and rates to
/// ``SampleResolution/counterRate`` (``SensorRounding``): finer than the jiffy and the count they
/// come from, so only the division's noise is dropped.
/// - Complexity: O(c) per cycle for c CPUs; one file read.
public struct CPUSensor: Sensor, Sendable {
    public let name = "cpu"
    private let path: String
    private var reader = FileReader()
    private var previous: [Int: CPUTimes] = [:]
    private var rates = CounterRates<String>()
    /// Series keys per CPU (−1 for total), built once: 8 keys per CPU every second otherwise.
    private var keys: [Int: [SeriesKey]] = [:]

    public init(root: SystemRoot = .host) {
        path = root.path("/proc/stat")
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        let stat = try KernelStat.parse(reader.read(path), path: path)
        var seen = Set<Int>(minimumCapacity: stat.cpus.count + 1)
        record(id: -1, label: "total", times: stat.total, into: &batch)
        seen.insert(-1)
        for cpu in stat.cpus {
            record(id: cpu.id, label: String(cpu.id), times: cpu.times, into: &batch)
            seen.insert(cpu.id)
        }
        if previous.count != seen.count {
            previous = previous.filter { seen.contains($0.key) }
            keys = keys.filter { seen.contains($0.key) }
        }
        batch.append("system.cpu.logical.count", [:], Double(stat.cpus.count), unit: "{cpu}")
        if let perSecond = rates.rate("ctxt", stat.contextSwitches, at: time) {
            batch.append(
                "system.cpu.context_switches", [:], rounded(perSecond, SampleResolution.counterRate),
                unit: "{switch}/s")
        }
        if let perSecond = rates.rate("processes", stat.processesCreated, at: time) {
            batch.append(
                "system.process.created", [:], rounded(perSecond, SampleResolution.counterRate),
                unit: "{process}/s")
        }
        rates.endCycle()
        batch.append("system.process.count", ["status": "running"], Double(stat.processesRunning), unit: "{process}")
        batch.append("system.process.count", ["status": "blocked"], Double(stat.processesBlocked), unit: "{process}")
    }

    private mutating func record(id: Int, label: String, times: CPUTimes, into batch: inout SampleBatch) {
        defer { previous[id] = times }
        guard let before = previous[id], let shares = times.utilization(since: before) else { return }
        let seriesKeys: [SeriesKey]
        if let cached = keys[id] {
            seriesKeys = cached
        } else {
            seriesKeys = CPUTimes.states.map {
                SeriesKey("system.cpu.utilization", [Label("cpu", label), Label("state", $0)])
            }
            keys[id] = seriesKeys
        }
        for index in shares.indices {
            batch.append(seriesKeys[index], rounded(shares[index], SampleResolution.cpuShare), unit: "1")
        }
    }
}
