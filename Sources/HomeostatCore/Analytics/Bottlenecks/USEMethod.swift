/// Bottleneck detection by Brendan Gregg's USE method: for every resource, utilization (how busy),
/// saturation (how much work waits) and errors, each scored against ``USEThresholds``; the resource
/// with the highest score of at least 1 is the limiting one.
///
/// | resource | utilization | saturation | errors |
/// |---|---|---|---|
/// | cpu | busy share | PSI cpu some (run queue per CPU without PSI), steal, cgroup throttling | – |
/// | memory | 1 − available ÷ total, cgroup usage ÷ limit | PSI memory some/full, swap pages/s, major faults/s | OOM kills/s |
/// | disk (per device) | busy share | queue length, await; host PSI io and iowait go to the busiest device | – |
/// | network (per interface, not `lo`) | – (link speed unknown) | drops/s | errors/s |
/// | process (each watched) | CPU share of all cores | one thread at a full core | – |
/// | application (each timer) | – | p99 latency | – |
///
/// Pure: reads a ``WindowedMetrics`` and nothing else.
public struct USEMethod: Sendable {
    public var thresholds: USEThresholds

    public init(thresholds: USEThresholds = USEThresholds()) {
        self.thresholds = thresholds
    }

    /// Scores every resource with data in `window` and names the limiting one.
    /// - Complexity: O(s log s) in the series of the window.
    public func evaluate(_ window: WindowedMetrics) -> BottleneckReport {
        var missing: [String] = []
        var resources: [ResourceAssessment] = []
        let cpu = cpuEvidence(window, missing: &missing)
        if !cpu.isEmpty { resources.append(assessment(.cpu, "cpu", cpu)) }
        let memory = memoryEvidence(window, missing: &missing)
        if !memory.isEmpty { resources.append(assessment(.memory, "memory", memory)) }
        resources += diskAssessments(window, missing: &missing)
        resources += networkAssessments(window)
        resources += processAssessments(window)
        resources += applicationAssessments(window)
        resources.sort(by: Self.ranksBefore)
        let top = resources.first
        let limiting = top.flatMap { $0.status == .limiting ? $0 : nil }
        return BottleneckReport(
            windowSeconds: window.seconds, end: window.end, limiting: limiting?.name,
            summary: Self.summary(top: top, limiting: limiting != nil, seconds: window.seconds),
            resources: resources, missing: missing)
    }

    /// Highest score first; ties by saturation (queued work is the stronger sign), kind, then name.
    static func ranksBefore(_ lhs: ResourceAssessment, _ rhs: ResourceAssessment) -> Bool {
        if lhs.score != rhs.score { return lhs.score > rhs.score }
        let l = lhs.saturation ?? -1
        let r = rhs.saturation ?? -1
        if l != r { return l > r }
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        return lhs.name < rhs.name
    }

    static func summary(top: ResourceAssessment?, limiting: Bool, seconds: Double) -> String {
        let window = "over the last \(Self.format(seconds)) s"
        guard let top else { return "no resource could be assessed \(window) (no samples)" }
        guard let strongest = top.evidence.first else { return "no resource is limiting \(window)" }
        let reason =
            "\(strongest.dimension.rawValue) \(Self.format(strongest.score))× its level: \(strongest.metric) "
            + "\(Self.quantity(strongest.value, strongest.unit)) ≥ \(Self.quantity(strongest.threshold, strongest.unit))"
            + " — \(strongest.meaning)"
        if limiting { return "\(top.name) is the limiting resource \(window): \(reason)" }
        return "no resource is limiting \(window); the busiest is \(top.name) at \(Self.format(top.score)) of its level"
    }

    /// Ratios as percentages, anything else as the number and its unit.
    public static func quantity(_ value: Double, _ unit: String) -> String {
        unit == "1" ? "\(format(value * 100)) %" : "\(format(value)) \(unit)"
    }

    /// Two decimals at most: 0.46, 2.3, 12; beyond 10¹⁵ as Swift prints a Double (1e+20).
    public static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        guard rounded.isFinite, abs(rounded) < 1e15 else { return String(value) }
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }

    private func assessment(_ kind: ResourceAssessment.Kind, _ name: String, _ evidence: [Evidence])
        -> ResourceAssessment
    {
        ResourceAssessment(kind: kind, name: name, evidence: evidence, elevated: thresholds.elevated)
    }

    // MARK: CPU

    private func cpuEvidence(_ window: WindowedMetrics, missing: inout [String]) -> [Evidence] {
        let t = thresholds
        var evidence: [Evidence] = []
        let name = "system.cpu.utilization"
        if let idle = window.entry(name, ["cpu": "total", "state": "idle"]) {
            let iowait = window.entry(name, ["cpu": "total", "state": "iowait"])?.value
            let busy = 1 - idle.value.average - (iowait?.average ?? 0)
            let latest = 1 - idle.value.latest - (iowait?.latest ?? 0)
            evidence.append(
                Evidence(
                    .utilization, metric: "1 - \(name){cpu=\"total\",state=~\"idle|iowait\"}", value: busy,
                    latest: latest, threshold: t.cpuBusy, unit: "1", meaning: "share of CPU time spent busy"))
            if let steal = window.entry(name, ["cpu": "total", "state": "steal"]) {
                evidence.append(
                    evidenceOf(
                        steal, .saturation, threshold: t.cpuSteal,
                        meaning: "share of time the hypervisor ran another guest while this one wanted a CPU"))
            }
        } else {
            missing.append("\(name){cpu=\"total\"}: no samples (CPU utilization needs two readings)")
        }
        // PSI measures waiting for a CPU directly. The run queue is only a stand-in without PSI: it is
        // one instantaneous count per collection, and in a VM it reads high (4 on an idle 2-CPU guest).
        if let some = pressure(window, "cpu", "some", missing: &missing) {
            evidence.append(
                evidenceOf(
                    some, .saturation, threshold: t.cpuPressure,
                    meaning: "share of time at least one runnable task waited for a CPU"))
        } else if let running = window.entry("system.process.count", ["status": "running"]),
            let cores = window.entry("system.cpu.logical.count"), cores.value.latest > 0
        {
            let perCPU = max(running.value.average - 1, 0) / cores.value.latest
            evidence.append(
                Evidence(
                    .saturation, metric: "(system.process.count{status=\"running\"} - 1) / system.cpu.logical.count",
                    value: perCPU, latest: max(running.value.latest - 1, 0) / cores.value.latest,
                    threshold: t.runQueuePerCPU, unit: "{thread}/{cpu}",
                    meaning: "runnable threads per CPU, running or waiting to run"))
        }
        if let throttled = window.entry("system.cgroup.cpu.throttled") {
            evidence.append(
                evidenceOf(
                    throttled, .saturation, threshold: t.cgroupThrottled,
                    meaning: "share of time the agent's cgroup was held back by its CPU quota"))
        }
        return evidence
    }

    // MARK: Memory

    private func memoryEvidence(_ window: WindowedMetrics, missing: inout [String]) -> [Evidence] {
        let t = thresholds
        var evidence: [Evidence] = []
        if let available = window.entry("system.linux.memory.available"),
            let total = window.entry("system.memory.limit"), total.value.latest > 0
        {
            evidence.append(
                Evidence(
                    .utilization, metric: "1 - system.linux.memory.available / system.memory.limit",
                    value: 1 - available.value.average / total.value.latest,
                    latest: 1 - available.value.latest / total.value.latest, threshold: t.memoryUsed, unit: "1",
                    meaning: "share of memory in use that the kernel cannot reclaim cheaply"))
        } else {
            missing.append("system.linux.memory.available, system.memory.limit: no samples")
        }
        if let cgroup = window.entry("system.cgroup.memory.utilization") {
            evidence.append(
                evidenceOf(
                    cgroup, .utilization, threshold: t.cgroupMemoryUsed,
                    meaning: "the agent's cgroup memory against its limit"))
        }
        if let some = pressure(window, "memory", "some", missing: &missing) {
            evidence.append(
                evidenceOf(
                    some, .saturation, threshold: t.memoryPressure,
                    meaning: "share of time at least one task stalled on memory (reclaim, swap-in, refaults)"))
        }
        if let full = pressure(window, "memory", "full", missing: &missing) {
            evidence.append(
                evidenceOf(
                    full, .saturation, threshold: t.memoryPressureFull,
                    meaning: "share of time every non-idle task stalled on memory"))
        }
        let swaps = ["in", "out"].compactMap { window.entry("system.paging.operations", ["direction": $0]) }
        if !swaps.isEmpty {
            evidence.append(
                Evidence(
                    .saturation, metric: "sum(system.paging.operations{direction=~\"in|out\"})",
                    value: swaps.map(\.value.average).reduce(0, +), latest: swaps.map(\.value.latest).reduce(0, +),
                    threshold: t.swapPagesPerSecond, unit: "{page}/s",
                    meaning: "pages swapped in and out per second: the working set does not fit"))
        }
        if let major = window.entry("system.paging.faults", ["type": "major"]) {
            evidence.append(
                evidenceOf(
                    major, .saturation, threshold: t.majorFaultsPerSecond,
                    meaning: "memory accesses per second that had to wait for a disk read"))
        }
        if let kills = window.entry("system.linux.memory.oom_kills") {
            evidence.append(
                evidenceOf(
                    kills, .errors, threshold: t.oomKillsPerSecond,
                    meaning: "processes killed per second because memory (or a cgroup's limit) ran out"))
        }
        return evidence
    }

    // MARK: Disk

    private func diskAssessments(_ window: WindowedMetrics, missing: inout [String]) -> [ResourceAssessment] {
        let t = thresholds
        let busy = window.entries(named: "system.disk.utilization")
        var byDevice: [String: [Evidence]] = [:]
        for entry in busy {
            guard let device = entry.key[label: "system.device"] else { continue }
            byDevice[device, default: []].append(
                evidenceOf(entry, .utilization, threshold: t.diskBusy, meaning: "share of time the device was busy"))
        }
        for entry in window.entries(named: "system.disk.queue_length") {
            guard let device = entry.key[label: "system.device"] else { continue }
            byDevice[device, default: []].append(
                evidenceOf(
                    entry, .saturation, threshold: t.diskQueueLength,
                    meaning: "requests in flight on average, queued or being served"))
        }
        for entry in window.entries(named: "system.disk.average_wait") {
            guard let device = entry.key[label: "system.device"] else { continue }
            byDevice[device, default: []].append(
                evidenceOf(
                    entry, .saturation, threshold: t.diskAwait, meaning: "time per request, queueing included"))
        }
        // Host-wide I/O stall has no device: it goes to the busiest device, the likeliest cause.
        var host: [Evidence] = []
        if let some = pressure(window, "io", "some", missing: &missing) {
            host.append(
                evidenceOf(
                    some, .saturation, threshold: t.ioPressure,
                    meaning: "share of time at least one task waited for I/O"))
        }
        if let full = pressure(window, "io", "full", missing: &missing) {
            host.append(
                evidenceOf(
                    full, .saturation, threshold: t.ioPressureFull,
                    meaning: "share of time every non-idle task waited for I/O"))
        }
        if let iowait = window.entry("system.cpu.utilization", ["cpu": "total", "state": "iowait"]) {
            host.append(
                evidenceOf(
                    iowait, .saturation, threshold: t.ioWait, meaning: "CPU time idle while I/O was outstanding"))
        }
        let busiest = busy.max { lhs, rhs in
            lhs.value.average != rhs.value.average
                ? lhs.value.average < rhs.value.average
                : (lhs.key[label: "system.device"] ?? "") > (rhs.key[label: "system.device"] ?? "")
        }
        if let device = busiest?.key[label: "system.device"] {
            byDevice[device, default: []] += host
        } else if !host.isEmpty {
            byDevice["(all devices)"] = host
        }
        return byDevice.map { device, evidence in assessment(.disk, "disk \(device)", evidence) }
    }

    // MARK: Network

    private func networkAssessments(_ window: WindowedMetrics) -> [ResourceAssessment] {
        let t = thresholds
        var errors: [String: [WindowedMetrics.Entry]] = [:]
        var drops: [String: [WindowedMetrics.Entry]] = [:]
        for entry in window.entries(named: "system.network.errors") {
            guard let interface = entry.key[label: "network.interface.name"], interface != "lo" else { continue }
            errors[interface, default: []].append(entry)
        }
        for entry in window.entries(named: "system.network.dropped") {
            guard let interface = entry.key[label: "network.interface.name"], interface != "lo" else { continue }
            drops[interface, default: []].append(entry)
        }
        let interfaces = Set(errors.keys).union(drops.keys)
        return interfaces.map { interface in
            var evidence: [Evidence] = []
            if let entries = drops[interface] {
                evidence.append(
                    Evidence(
                        .saturation, metric: "sum(system.network.dropped{network.interface.name=\"\(interface)\"})",
                        value: entries.map(\.value.average).reduce(0, +),
                        latest: entries.map(\.value.latest).reduce(0, +), threshold: t.networkDropsPerSecond,
                        unit: "{packet}/s", meaning: "packets dropped per second, received and sent (queues full)"))
            }
            if let entries = errors[interface] {
                evidence.append(
                    Evidence(
                        .errors, metric: "sum(system.network.errors{network.interface.name=\"\(interface)\"})",
                        value: entries.map(\.value.average).reduce(0, +),
                        latest: entries.map(\.value.latest).reduce(0, +), threshold: t.networkErrorsPerSecond,
                        unit: "{error}/s", meaning: "receive and transmit errors per second"))
            }
            return assessment(.network, "network \(interface)", evidence)
        }
    }

    // MARK: Watched processes

    private func processAssessments(_ window: WindowedMetrics) -> [ResourceAssessment] {
        let t = thresholds
        let cores = window.entry("system.cpu.logical.count")?.value.latest ?? 0
        return window.entries(named: "process.cpu.utilization").compactMap { cpu in
            guard let pid = cpu.key[label: "process.pid"] else { return nil }
            let executable = cpu.key[label: "process.executable.name"] ?? ""
            var evidence: [Evidence] = []
            if cores > 0 {
                evidence.append(
                    Evidence(
                        .utilization, metric: "\(cpu.key) / system.cpu.logical.count", value: cpu.value.average / cores,
                        latest: cpu.value.latest / cores, threshold: t.processCPU, unit: "1",
                        meaning: "the process's share of all CPUs"))
            }
            let threads = window.entry(
                "process.thread.count", ["process.executable.name": executable, "process.pid": pid])
            if threads?.value.latest == 1 {
                evidence.append(
                    evidenceOf(
                        cpu, .saturation, threshold: t.singleThreadCPU,
                        meaning: "cores used by a single-threaded process, which cannot use more than one"))
            }
            return assessment(.process, "process \(pid) \(executable)", evidence)
        }
    }

    // MARK: Application latency

    private func applicationAssessments(_ window: WindowedMetrics) -> [ResourceAssessment] {
        window.entries(label: "quantile", value: "0.99").filter { $0.unit == "s" }.map { timer in
            let labels = timer.key.labels.filter { $0.name != "quantile" }
            let name = SeriesKey(timer.key.name, labels).description
            return assessment(
                .application, "application \(name)",
                [
                    evidenceOf(
                        timer, .saturation, threshold: thresholds.latencyP99,
                        meaning: "99th-percentile latency: requests wait on some resource")
                ])
        }
    }

    // MARK: Shared

    /// PSI stall share of the interval (`system.pressure.stall`), else the kernel's 10 s average.
    private func pressure(_ window: WindowedMetrics, _ resource: String, _ kind: String, missing: inout [String])
        -> WindowedMetrics.Entry?
    {
        if let stall = window.entry("system.pressure.stall", ["kind": kind, "resource": resource]) { return stall }
        if let average = window.entry("system.pressure.avg10", ["kind": kind, "resource": resource]) { return average }
        missing.append(
            "system.pressure.stall{kind=\"\(kind)\",resource=\"\(resource)\"}: no samples (kernel without PSI?)")
        return nil
    }

    private func evidenceOf(
        _ entry: WindowedMetrics.Entry, _ dimension: Evidence.Dimension, threshold: Double, meaning: String
    ) -> Evidence {
        Evidence(
            dimension, metric: entry.key.description, value: entry.value.average, latest: entry.value.latest,
            threshold: threshold, unit: entry.unit, meaning: meaning)
    }
}
