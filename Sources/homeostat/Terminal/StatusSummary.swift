import Foundation
import Homeostat
import HomeostatCore

/// The human summary of a realtime report: one line per resource, as `homeostat status` prints it.
struct StatusSummary {
    let report: RealtimeReport
    let origin: String

    typealias G = TextGraphics

    var text: String {
        var lines: [String] = []
        lines.append("homeostat status — \(origin), \(report.time), \(report.seriesCount) series")
        lines.append(row("CPU", cpuLine))
        if let load = loadLine { lines.append(row("Load", load)) }
        if let pressure = pressureLine { lines.append(row("Pressure", pressure)) }
        if let memory = memoryLine { lines.append(row("Memory", memory)) }
        lines.append(row("Swap", swapLine))
        for disk in diskLines { lines.append(row("Disk", disk)) }
        for filesystem in filesystemLines { lines.append(row("Filesystem", filesystem)) }
        for interface in networkLines { lines.append(row("Network", interface)) }
        if let tcp = tcpLine { lines.append(row("TCP", tcp)) }
        if let cgroup = cgroupLine { lines.append(row("cgroup", cgroup)) }
        for process in processLines { lines.append(row("Process", process)) }
        for sensor in report.sensors where !sensor.available {
            lines.append(row("Unavailable", "\(sensor.name): \(sensor.reason ?? "no data")"))
        }
        return lines.joined(separator: "\n")
    }

    private func row(_ title: String, _ body: String) -> String {
        title.padding(toLength: 12, withPad: " ", startingAt: 0) + body
    }

    private func cpu(_ state: String, _ cpu: String = "total") -> Double {
        report.value("system.cpu.utilization", ["cpu": cpu, "state": state]) ?? 0
    }

    var cpuLine: String {
        let idle = report.value("system.cpu.utilization", ["cpu": "total", "state": "idle"])
        guard let idle else { return "no data yet" }
        let cores = report.value("system.cpu.logical.count").map { ", \(Int($0)) cores" } ?? ""
        return "\(G.percent(1 - idle - cpu("iowait"))) busy (user \(G.percent(cpu("user") + cpu("nice"))), "
            + "system \(G.percent(cpu("system") + cpu("irq") + cpu("softirq"))), iowait \(G.percent(cpu("iowait"))), "
            + "steal \(G.percent(cpu("steal"))))\(cores)"
    }

    var loadLine: String? {
        guard let one = report.value("system.cpu.load_average.1m") else { return nil }
        let five = report.value("system.cpu.load_average.5m") ?? 0
        let fifteen = report.value("system.cpu.load_average.15m") ?? 0
        var text = "\(G.fixed(one, decimals: 2)) \(G.fixed(five, decimals: 2)) \(G.fixed(fifteen, decimals: 2))"
        if let running = report.value("system.process.count", ["status": "running"]) {
            text += ", run queue \(Int(running))"
        }
        if let blocked = report.value("system.process.count", ["status": "blocked"]) {
            text += ", blocked \(Int(blocked))"
        }
        return text
    }

    var pressureLine: String? {
        let stalls = report.metrics(named: "system.pressure.stall")
        guard !stalls.isEmpty else { return nil }
        var parts: [String] = []
        for resource in ["cpu", "memory", "io"] {
            var kinds: [String] = []
            for kind in ["some", "full"] {
                if let stall = stalls.first(where: { $0.labels["resource"] == resource && $0.labels["kind"] == kind }) {
                    kinds.append(kind + " " + G.percent(stall.value))
                }
            }
            if !kinds.isEmpty { parts.append(resource + " " + kinds.joined(separator: " ")) }
        }
        return parts.joined(separator: ", ")
    }

    var memoryLine: String? {
        guard let total = report.value("system.memory.limit") else { return nil }
        let used = report.value("system.memory.usage", ["state": "used"]) ?? 0
        let available = report.value("system.linux.memory.available") ?? 0
        let cached = report.value("system.memory.usage", ["state": "cached"]) ?? 0
        let ratio = report.value("system.memory.utilization", ["state": "used"]) ?? (total > 0 ? used / total : 0)
        return "\(G.bytes(used)) used of \(G.bytes(total)) (\(G.percent(ratio))), \(G.bytes(available)) available, "
            + "\(G.bytes(cached)) cached"
    }

    var swapLine: String {
        let used = report.value("system.paging.usage", ["state": "used"]) ?? 0
        let free = report.value("system.paging.usage", ["state": "free"]) ?? 0
        guard used + free > 0 else { return "none" }
        let faults =
            report.value("system.paging.faults", ["type": "major"]).map {
                ", \(G.fixed($0, decimals: 0)) major faults/s"
            } ?? ""
        return "\(G.bytes(used)) used of \(G.bytes(used + free))\(faults)"
    }

    var diskLines: [String] {
        let devices = Set(report.metrics(named: "system.disk.utilization").compactMap { $0.labels["system.device"] })
        return devices.sorted().map { device in
            func io(_ name: String, _ direction: String) -> Double {
                report.value(name, ["system.device": device, "disk.io.direction": direction]) ?? 0
            }
            let utilization = report.value("system.disk.utilization", ["system.device": device]) ?? 0
            let iops = io("system.disk.operations", "read") + io("system.disk.operations", "write")
            var text =
                "\(device) read \(G.byteRate(io("system.disk.io", "read"))), write \(G.byteRate(io("system.disk.io", "write"))), "
                + "\(G.fixed(iops, decimals: 0)) IOPS, util \(G.percent(utilization))"
            if let wait = report.value("system.disk.average_wait", ["system.device": device]) {
                text += ", await \(G.fixed(wait * 1000, decimals: 1)) ms"
            }
            return text
        }
    }

    var filesystemLines: [String] {
        report.metrics(named: "system.filesystem.utilization").sorted {
            ($0.labels["system.filesystem.mountpoint"] ?? "") < ($1.labels["system.filesystem.mountpoint"] ?? "")
        }.map { metric in
            let mount = metric.labels["system.filesystem.mountpoint"] ?? "?"
            let device = metric.labels["system.device"] ?? "?"
            let labels = ["system.filesystem.mountpoint": mount, "system.device": device]
            func usage(_ state: String) -> Double {
                report.value("system.filesystem.usage", labels.merging(["system.filesystem.state": state]) { $1 }) ?? 0
            }
            let size = usage("used") + usage("free") + usage("reserved")
            return
                "\(mount) \(G.bytes(usage("used"))) used of \(G.bytes(size)) (\(G.percent(metric.value, decimals: 0))) on \(device)"
        }
    }

    var networkLines: [String] {
        let interfaces = Set(
            report.metrics(named: "system.network.io").compactMap { $0.labels["network.interface.name"] })
        return interfaces.sorted().map { interface in
            func value(_ name: String, _ direction: String) -> Double {
                report.value(name, ["network.interface.name": interface, "network.io.direction": direction]) ?? 0
            }
            let errors = value("system.network.errors", "receive") + value("system.network.errors", "transmit")
            let drops = value("system.network.dropped", "receive") + value("system.network.dropped", "transmit")
            return "\(interface) rx \(G.byteRate(value("system.network.io", "receive"))), "
                + "tx \(G.byteRate(value("system.network.io", "transmit"))), "
                + "errors \(G.fixed(errors, decimals: 0))/s, drops \(G.fixed(drops, decimals: 0))/s"
        }
    }

    var tcpLine: String? {
        let states = report.metrics(named: "system.network.connections").filter { $0.value > 0 }
        guard !states.isEmpty || !report.metrics(named: "system.network.connections").isEmpty else { return nil }
        return states.sorted { $0.value > $1.value }.map {
            "\(Int($0.value)) \($0.labels["network.connection.state"] ?? "?")"
        }.joined(separator: ", ")
    }

    var cgroupLine: String? {
        var parts: [String] = []
        if let usage = report.value("system.cgroup.cpu.usage") {
            let limit =
                report.value("system.cgroup.cpu.limit").map { " of \(G.fixed($0, decimals: 2)) limit" } ?? " (no limit)"
            parts.append("cpu \(G.fixed(usage, decimals: 2)) cores\(limit)")
        }
        if let memory = report.value("system.cgroup.memory.usage") {
            let limit = report.value("system.cgroup.memory.limit").map { " of \(G.bytes($0))" } ?? " (no limit)"
            parts.append("memory \(G.bytes(memory))\(limit)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    var processLines: [String] {
        report.processes.map { process in
            let pid = process.pid.map { " (pid \($0))" } ?? ""
            guard process.state == "running", let pidValue = process.pid else {
                return "\(process.name)\(pid): \(process.state.replacingOccurrences(of: "_", with: " "))"
            }
            let labels = ["process.pid": String(pidValue)]
            let cpu = report.value("process.cpu.utilization", labels) ?? 0
            let rss = report.value("process.memory.usage", labels) ?? 0
            let threads = report.value("process.thread.count", labels).map { ", \(Int($0)) threads" } ?? ""
            let fds = report.value("process.open_file_descriptor.count", labels).map { ", \(Int($0)) fds" } ?? ""
            return "\(process.name)\(pid): cpu \(G.percent(cpu)), rss \(G.bytes(rss))\(threads)\(fds)"
        }
    }
}
