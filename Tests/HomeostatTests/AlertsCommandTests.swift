import Foundation
import Homeostat
import Testing

@testable import homeostat

@Suite("homeostat alerts output")
struct AlertsCommandTests {
    @Test func listText() {
        let report = AlertsReport(alerts: [
            AlertsReport.Alert(
                rule: "cpu_usage", series: #"system.cpu.utilization{cpu="total",state="idle"}"#, state: "firing",
                value: 0.05, comparison: "<", threshold: 0.2, severity: "warning", startedAt: 0, flapping: false,
                notified: true),
            AlertsReport.Alert(
                rule: "memory_usage", series: #"system.memory.utilization{state="used"}"#, state: "pending",
                value: nil, comparison: ">", threshold: 0.9, severity: "warning", startedAt: nil, flapping: true,
                notified: false),
        ])
        #expect(
            AlertsListCommand.text(report, origin: "agent at 127.0.0.1:7777") == """
                1 firing, 1 pending · from agent at 127.0.0.1:7777
                firing   warning cpu_usage: system.cpu.utilization{cpu="total",state="idle"} = 0.05 < 0.2 since 1970-01-01T00:00:00Z
                pending  warning memory_usage: system.memory.utilization{state="used"} = no data > 0.9 flapping (not notified)
                """)
    }
}
