import HomeostatCore

/// `system.cpu.load_average.1m`, `.5m` and `.15m` ({thread}) from `/proc/loadavg`.
/// - Complexity: O(1) per cycle; one file read.
public struct LoadAverageSensor: Sensor, Sendable {
    public let name = "load"
    private let path: String
    private var reader = FileReader(initialCapacity: 256)

    public init(root: SystemRoot = .host) {
        path = root.path("/proc/loadavg")
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        let load = try LoadAverage.parse(reader.read(path), path: path)
        batch.append("system.cpu.load_average.1m", [:], load.oneMinute, unit: "{thread}")
        batch.append("system.cpu.load_average.5m", [:], load.fiveMinutes, unit: "{thread}")
        batch.append("system.cpu.load_average.15m", [:], load.fifteenMinutes, unit: "{thread}")
    }
}
