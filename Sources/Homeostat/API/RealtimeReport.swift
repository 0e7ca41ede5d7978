import Foundation
import HomeostatCore

/// The JSON document of `GET /api/v1/metrics/realtime` and `homeostat status --json`.
///
/// ```json
/// {"timestamp": 1795000000, "time": "2026-11-24T21:46:40Z", "interval_seconds": 1,
///  "collection_duration_seconds": 0.0009, "series_count": 187,
///  "metrics": [{"name": "system.cpu.utilization", "labels": {"cpu": "total", "state": "user"},
///               "value": 0.12, "unit": "1"}],
///  "processes": [{"pid": 4242, "name": "homeostat", "state": "running"}],
///  "sensors": [{"name": "pressure", "available": false, "reason": "/proc/pressure/cpu: missing"}]}
/// ```
public struct RealtimeReport: Codable, Sendable, Equatable {
    public struct Metric: Codable, Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
        public var unit: String
    }
    public struct Process: Codable, Sendable, Equatable {
        public var pid: Int32?
        public var name: String
        public var state: String
        public var goneSince: Double?

        enum CodingKeys: String, CodingKey {
            case pid, name, state
            case goneSince = "gone_since"
        }
    }
    /// Unix seconds of the tick.
    public var timestamp: Double
    /// The same instant in RFC 3339 (UTC).
    public var time: String
    public var intervalSeconds: Double
    public var collectionDurationSeconds: Double
    public var seriesCount: Int
    public var metrics: [Metric]
    public var processes: [Process]
    public var sensors: [SensorStatus]

    enum CodingKeys: String, CodingKey {
        case timestamp, time, metrics, processes, sensors
        case intervalSeconds = "interval_seconds"
        case collectionDurationSeconds = "collection_duration_seconds"
        case seriesCount = "series_count"
    }

    /// - Parameter namePrefix: keep only metrics whose name starts with it (`system.cpu`).
    public init(_ snapshot: Snapshot, interval: Double, namePrefix: String? = nil) {
        timestamp = snapshot.timestamp
        time = Date(timeIntervalSince1970: snapshot.timestamp).formatted(.iso8601)
        intervalSeconds = interval
        collectionDurationSeconds = snapshot.collectionDuration
        let selected =
            namePrefix.map { prefix in snapshot.samples.filter { $0.series.name.hasPrefix(prefix) } }
            ?? snapshot.samples
        seriesCount = selected.count
        metrics = selected.map { sample in
            Metric(
                name: sample.series.name,
                labels: Dictionary(sample.series.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                value: sample.value, unit: sample.unit)
        }
        processes = snapshot.processes.map {
            Process(pid: $0.pid, name: $0.name, state: $0.state.rawValue, goneSince: $0.goneSince)
        }
        sensors = snapshot.sensors
    }

    /// The value of the first metric named `name` carrying all of `labels`.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        metrics.first { metric in metric.name == name && labels.allSatisfy { metric.labels[$0.key] == $0.value } }?
            .value
    }

    /// Metrics named `name`.
    public func metrics(named name: String) -> [Metric] { metrics.filter { $0.name == name } }

    /// Encodes as JSON with sorted keys; `pretty` adds indentation.
    public func json(pretty: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
        // Every field is a plain value type; encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}
