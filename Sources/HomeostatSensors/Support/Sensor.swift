import HomeostatCore

/// A source of samples read once per collection cycle.
///
/// Sensors are stateful value types (they remember the previous counter readings to turn them into
/// rates) owned by one collector task. The first cycle of a rate-producing sensor emits only its
/// gauges; rates start with the second cycle.
public protocol Sensor: Sendable {
    /// Short stable name for status reports: `cpu`, `memory`, `pressure`, `disk`, …
    var name: String { get }

    /// Reads the sensor's sources and appends samples to `batch`.
    /// - Parameter time: Unix seconds of this cycle's tick, used as the time base for rates.
    /// - Throws: ``SensorError`` when the source is missing or unreadable; the collector reports the
    ///   sensor unavailable for that cycle and carries on with the others.
    mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError)
}

/// Why a sensor could not read: names the file and what was wrong with it.
public struct SensorError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file does not exist (older kernel, feature disabled, container without it).
        case missing
        /// The file exists but could not be read (permissions, I/O error).
        case unreadable
        /// The file was read but its content did not have the expected shape.
        case malformed
    }
    public var kind: Kind
    /// Full path of the file concerned.
    public var path: String
    /// What went wrong, for a person: "line 3: expected 10 numbers after 'cpu0', got 4".
    public var reason: String

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
