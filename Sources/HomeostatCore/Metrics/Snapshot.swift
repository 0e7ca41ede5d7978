/// Everything one collection cycle observed: metric samples, the watched processes' states and
/// which sensors worked.
public struct Snapshot: Sendable, Equatable {
    /// Unix time in seconds of the scheduled tick this snapshot belongs to.
    public var timestamp: Double
    public var samples: [Sample]
    public var processes: [WatchedProcessStatus]
    public var sensors: [SensorStatus]
    /// Wall time the cycle took, in seconds.
    public var collectionDuration: Double

    public init(
        timestamp: Double,
        samples: [Sample],
        processes: [WatchedProcessStatus] = [],
        sensors: [SensorStatus] = [],
        collectionDuration: Double = 0
    ) {
        self.timestamp = timestamp
        self.samples = samples
        self.processes = processes
        self.sensors = sensors
        self.collectionDuration = collectionDuration
    }

    /// The value of the first sample whose series matches `name` and every label in `labels`.
    /// - Complexity: O(n) in the number of samples.
    public func value(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Double? {
        samples.first { sample in
            sample.series.name == name && labels.allSatisfy { sample.series[label: $0.key] == $0.value }
        }?.value
    }

    /// All samples of metric `name`.
    public func samples(named name: String) -> [Sample] {
        samples.filter { $0.series.name == name }
    }
}

/// Whether a watched process is alive. A process that exits is reported `gone`, never as zeros.
public struct WatchedProcessStatus: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        case running
        /// It existed and has exited (or its pid was reused by another program).
        case gone
        /// Asked for by name, and no process of that name runs.
        case notFound = "not_found"
    }
    public var pid: Int32?
    public var name: String
    public var state: State
    /// Unix seconds when it was first seen gone.
    public var goneSince: Double?

    public init(pid: Int32?, name: String, state: State, goneSince: Double? = nil) {
        self.pid = pid
        self.name = name
        self.state = state
        self.goneSince = goneSince
    }
}

/// Whether a sensor produced data in the last cycle, and why not if it did not.
public struct SensorStatus: Sendable, Equatable, Codable {
    public var name: String
    public var available: Bool
    /// Why it is unavailable (missing file, parse error), naming the file.
    public var reason: String?

    public init(name: String, available: Bool, reason: String? = nil) {
        self.name = name
        self.available = available
        self.reason = reason
    }
}
