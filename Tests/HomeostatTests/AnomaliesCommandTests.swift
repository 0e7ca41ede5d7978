import Foundation
import Homeostat
import Testing

@testable import homeostat

@Suite("homeostat anomalies (text output)")
struct AnomaliesCommandTests {
    @Test("incidents: one header line per incident, then its series strongest first")
    func incidentsText() throws {
        let json = """
            {"threshold":0.5,"window_seconds":30,"incidents":[{"id":2,"state":"closed","start":1800000000,
            "end":1800000012,"closed_at":1800000043,"duration_seconds":12,"densest_flags":3,"notified":false,
            "verdict":"learning: 600 s of 3600 s watched","series":[
            {"series":"system.cpu.load_average.1m","peak_score":0.998,"peak_value":1.98,"peak_time":1800000010,
            "flagged_samples":2,"first_flagged":1800000010,"last_flagged":1800000012,"strongest":"median",
            "contributions":{"median":0.998}},
            {"series":"system.disk.utilization{system.device=\\"sda\\"}","peak_score":0.71,"peak_value":0.5,
            "peak_time":1800000000,"flagged_samples":1,"first_flagged":1800000000,"last_flagged":1800000000,
            "contributions":{}}]}]}
            """
        let report = try JSONDecoder().decode(IncidentsReport.self, from: Data(json.utf8))
        #expect(
            AnomaliesListCommand.text(report, origin: "test").split(separator: "\n") == [
                "1 incidents (window 30 s) · from test",
                "#2  closed  2027-01-15T08:00:00Z – 2027-01-15T08:00:12Z  12 s  2 series  "
                    + "learning: 600 s of 3600 s watched",
                "    0.998  median     1.98 at 2027-01-15T08:00:10Z        2×    system.cpu.load_average.1m",
                "    0.710  -          0.5 at 2027-01-15T08:00:00Z         1×    system.disk.utilization{system.device=\"sda\"}",
            ])
    }

    @Test("anomalies: a summary line, then one row per flagged series")
    func anomaliesText() throws {
        let json = """
            {"timestamp":1800000000,"threshold":0.5,"columns":150,"shards":2,"cycle_cpu_seconds":0.000154,
            "cycle_wall_seconds":0.0002,"open_incident":3,"series":[{"series":"system.memory.limit","name":
            "system.memory.limit","labels":{},"score":0.93,"value":1024,"sensitivity":0.85,"strongest":"cusum",
            "contributions":{"cusum":0.93}}]}
            """
        let report = try JSONDecoder().decode(AnomaliesReport.self, from: Data(json.utf8))
        #expect(
            AnomaliesListCommand.text(report, origin: "test").split(separator: "\n") == [
                "1 series flagged (score ≥ 0.5) of 150 watched · last cycle 154 µs CPU on 2 shards · incident #3 open"
                    + " · from test",
                "SCORE  STRONGEST  VALUE                   SENS  SERIES",
                "0.930  cusum      1024                    0.85  system.memory.limit",
            ])
    }
}
