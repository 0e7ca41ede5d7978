import Foundation
import Homeostat
import HomeostatCore
import HomeostatSensors

/// Lays out one frame of `homeostat top` and keeps the 60-frame history its sparklines draw.
struct TopView {
    let origin: String
    private var cpuBusy: [Double] = []
    private var memoryUsed: [Double] = []
    private var networkBytes: [Double] = []
    private var diskBytes: [Double] = []
    private static let historyLength = 60

    typealias G = TextGraphics

    init(origin: String) {
        self.origin = origin
    }

    mutating func record(_ report: RealtimeReport) {
        func push(_ value: Double?, _ series: inout [Double]) {
            guard let value else { return }
            series.append(value)
            if series.count > Self.historyLength { series.removeFirst(series.count - Self.historyLength) }
        }
        push(report.value("system.cpu.utilization", ["cpu": "total", "state": "idle"]).map { 1 - $0 }, &cpuBusy)
        push(report.value("system.memory.utilization", ["state": "used"]), &memoryUsed)
        push(
            report.metrics(named: "system.network.io").filter { $0.labels["network.interface.name"] != "lo" }
                .reduce(0) { $0 + $1.value }, &networkBytes)
        push(report.metrics(named: "system.disk.io").reduce(0) { $0 + $1.value }, &diskBytes)
    }

    func render(_ report: RealtimeReport, processes: [ProcessTable.Entry], columns: Int, rows: Int) -> String {
        let width = max(columns, 60)
        let sparkWidth = min(Self.historyLength, max(10, width - 70))
        var lines: [String] = []
        let load = ["1m", "5m", "15m"].compactMap { report.value("system.cpu.load_average.\($0)") }
            .map { G.fixed($0, decimals: 2) }.joined(separator: " ")
        lines.append("homeostat top — \(origin)   load \(load)   \(report.time)")

        let idle = report.value("system.cpu.utilization", ["cpu": "total", "state": "idle"]) ?? 1
        let user = (report.value("system.cpu.utilization", ["cpu": "total", "state": "user"]) ?? 0)
        let system = (report.value("system.cpu.utilization", ["cpu": "total", "state": "system"]) ?? 0)
        let iowait = (report.value("system.cpu.utilization", ["cpu": "total", "state": "iowait"]) ?? 0)
        lines.append(
            "CPU  \(G.bar(1 - idle, width: 30)) \(G.percent(1 - idle).leftPadded(6))  usr \(G.percent(user)) "
                + "sys \(G.percent(system)) iow \(G.percent(iowait))  \(G.sparkline(suffix(cpuBusy, sparkWidth), lower: 0, upper: 1))"
        )

        let cores = report.metrics(named: "system.cpu.utilization")
            .filter { $0.labels["state"] == "idle" && $0.labels["cpu"] != "total" }
            .sorted { (Int($0.labels["cpu"] ?? "") ?? 0) < (Int($1.labels["cpu"] ?? "") ?? 0) }
        let perRow = max(1, min(4, width / 34))
        for start in stride(from: 0, to: cores.count, by: perRow) {
            let cells = cores[start..<min(start + perRow, cores.count)].map { core in
                let busy = 1 - core.value
                return
                    "\((core.labels["cpu"] ?? "?").leftPadded(3)) \(G.bar(busy, width: 20)) \(G.percent(busy).leftPadded(6))"
            }
            lines.append(cells.joined(separator: "  "))
        }

        if let total = report.value("system.memory.limit") {
            let used = report.value("system.memory.usage", ["state": "used"]) ?? 0
            let ratio = total > 0 ? used / total : 0
            lines.append(
                "Mem  \(G.bar(ratio, width: 30)) \(G.percent(ratio).leftPadded(6))  \(G.bytes(used)) / \(G.bytes(total))  "
                    + "\(G.sparkline(suffix(memoryUsed, sparkWidth), lower: 0, upper: 1))")
        }
        let swapUsed = report.value("system.paging.usage", ["state": "used"]) ?? 0
        let swapFree = report.value("system.paging.usage", ["state": "free"]) ?? 0
        if swapUsed + swapFree > 0 {
            let ratio = swapUsed / (swapUsed + swapFree)
            lines.append(
                "Swap \(G.bar(ratio, width: 30)) \(G.percent(ratio).leftPadded(6))  \(G.bytes(swapUsed)) / \(G.bytes(swapUsed + swapFree))"
            )
        }
        let pressure = report.metrics(named: "system.pressure.stall").filter { $0.labels["kind"] == "some" }
            .sorted { ($0.labels["resource"] ?? "") < ($1.labels["resource"] ?? "") }
            .map { "\($0.labels["resource"] ?? "?") \(G.percent($0.value))" }
        if !pressure.isEmpty { lines.append("PSI  some: " + pressure.joined(separator: "  ")) }

        let summary = StatusSummary(report: report, origin: origin)
        lines.append(
            "Disk \(G.sparkline(suffix(diskBytes, sparkWidth), lower: 0))  total \(G.byteRate(diskBytes.last ?? 0))")
        for disk in summary.diskLines.prefix(4) { lines.append("  " + disk) }
        for filesystem in summary.filesystemLines.prefix(3) { lines.append("  " + filesystem) }
        lines.append(
            "Net  \(G.sparkline(suffix(networkBytes, sparkWidth), lower: 0))  total \(G.byteRate(networkBytes.last ?? 0))"
        )
        for interface in summary.networkLines.prefix(4) { lines.append("  " + interface) }
        if let tcp = summary.tcpLine { lines.append("TCP  " + tcp) }

        lines.append("")
        lines.append("  PID  NAME             STATE    CPU%      RSS")
        let room = max(rows - lines.count - 1, 3)
        // Kernel threads (no resident memory) only clutter the list unless they use CPU.
        let visible = processes.filter { $0.residentBytes > 0 || ($0.cpu ?? 0) > 0 }
        for entry in ProcessTable.top(visible, count: room) {
            lines.append(
                String(entry.pid).leftPadded(5) + "  " + entry.name.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + " " + String(entry.state).padding(toLength: 8, withPad: " ", startingAt: 0)
                    + G.percent(entry.cpu ?? 0).leftPadded(6) + G.bytes(Double(entry.residentBytes)).leftPadded(10))
        }
        return lines.map { String($0.prefix(width)) }.joined(separator: "\n")
    }

    private func suffix(_ values: [Double], _ count: Int) -> [Double] { Array(values.suffix(count)) }
}

extension String {
    /// Right-aligns in `width` columns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
