import HomeostatCore

/// Pressure stall information for the whole host, from `/proc/pressure/{cpu,memory,io}`.
///
/// Emits `system.pressure.stall{resource, kind}`: the share of the interval (ratio 0–1) during
/// which some (`kind="some"`) or all (`kind="full"`) non-idle tasks were stalled on `resource`,
/// from the `total=` microsecond counter; and the kernel's own running averages
/// `system.pressure.avg10`, `.avg60`, `.avg300` as ratios 0–1 (they are parsed anyway, so they
/// cost nothing). The stall share is rounded to ``SampleResolution/microsecondShare`` decimals (1 µs per
/// second, the counter's own step), the averages to ``SampleResolution/pressureAverage`` (the
/// kernel's two decimals of a percentage, exactly).
///
/// A kernel without PSI (before 4.20, or booted with `psi=0`) has no `/proc/pressure`: the sensor
/// throws `.missing` naming the file, and the other sensors carry on.
/// - Complexity: O(1) per cycle; three file reads.
public struct PressureSensor: Sensor, Sendable {
    public let name = "pressure"
    private let sources: [(resource: String, path: String)]
    private let metricPrefix: String
    private var reader = FileReader(initialCapacity: 512)
    /// Keyed by source index × 2 (+1 for the `full` line).
    private var rates = CounterRates<Int>()

    /// - Parameter root: the filesystem root; reads `<root>/proc/pressure/{cpu,memory,io}`.
    public init(root: SystemRoot = .host) {
        self.init(
            files: ["cpu", "memory", "io"].map { ($0, root.path("/proc/pressure/\($0)")) },
            metricPrefix: "system.pressure")
    }

    /// Reads the given files (resource name, path) and names the metrics `<metricPrefix>.stall` etc.
    init(files: [(String, String)], metricPrefix: String) {
        sources = files.map { (resource: $0.0, path: $0.1) }
        self.metricPrefix = metricPrefix
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        var readings: [(String, PressureStall)] = []
        readings.reserveCapacity(sources.count)
        for source in sources {
            let stall = try PressureStall.parse(reader.read(source.path), path: source.path)
            readings.append((source.resource, stall))
        }
        for (index, (resource, stall)) in readings.enumerated() {
            append(resource: resource, kind: "some", line: stall.some, key: index * 2, into: &batch, at: time)
            if let full = stall.full {
                append(resource: resource, kind: "full", line: full, key: index * 2 + 1, into: &batch, at: time)
            }
        }
        rates.endCycle()
    }

    private mutating func append(
        resource: String, kind: String, line: PressureStall.Line, key: Int, into batch: inout SampleBatch,
        at time: Double
    ) {
        let labels: KeyValuePairs<String, String> = ["resource": resource, "kind": kind]
        if let microsecondsPerSecond = rates.rate(key, line.total, at: time) {
            batch.append(
                metricPrefix + ".stall", labels,
                rounded(min(microsecondsPerSecond / 1_000_000, 1), SampleResolution.microsecondShare), unit: "1")
        }
        batch.append(
            metricPrefix + ".avg10", labels, rounded(line.avg10 / 100, SampleResolution.pressureAverage), unit: "1")
        batch.append(
            metricPrefix + ".avg60", labels, rounded(line.avg60 / 100, SampleResolution.pressureAverage), unit: "1")
        batch.append(
            metricPrefix + ".avg300", labels, rounded(line.avg300 / 100, SampleResolution.pressureAverage), unit: "1")
    }
}
