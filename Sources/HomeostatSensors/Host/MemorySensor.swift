import HomeostatCore

/// Memory and swap occupancy from `/proc/meminfo`.
///
/// Emits `system.memory.usage{state=used|free|cached|buffers}` (By, where used = total −
/// available), `system.memory.limit` (By, the total), `system.linux.memory.available` (By),
/// `system.memory.utilization{state="used"}` (ratio 0–1), `system.paging.usage{state=used|free}`
/// (By) and, only when there is swap, `system.paging.utilization{state="used"}` (ratio 0–1). The
/// ratios are rounded to ``SampleResolution/byteShare`` decimals.
/// - Complexity: O(1) per cycle; one file read.
public struct MemorySensor: Sensor, Sendable {
    public let name = "memory"
    private let path: String
    private var reader = FileReader(initialCapacity: 8 * 1024)

    public init(root: SystemRoot = .host) {
        path = root.path("/proc/meminfo")
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        let info = try MemoryInfo.parse(reader.read(path), path: path)
        batch.append("system.memory.usage", ["state": "used"], Double(info.used), unit: "By")
        batch.append("system.memory.usage", ["state": "free"], Double(info.free), unit: "By")
        batch.append("system.memory.usage", ["state": "cached"], Double(info.cached), unit: "By")
        batch.append("system.memory.usage", ["state": "buffers"], Double(info.buffers), unit: "By")
        batch.append("system.memory.limit", [:], Double(info.total), unit: "By")
        batch.append("system.linux.memory.available", [:], Double(info.available), unit: "By")
        if info.total > 0 {
            batch.append(
                "system.memory.utilization", ["state": "used"],
                rounded(Double(info.used) / Double(info.total), SampleResolution.byteShare),
                unit: "1")
        }
        let swapUsed = info.swapTotal > info.swapFree ? info.swapTotal - info.swapFree : 0
        batch.append("system.paging.usage", ["state": "used"], Double(swapUsed), unit: "By")
        batch.append("system.paging.usage", ["state": "free"], Double(info.swapFree), unit: "By")
        if info.swapTotal > 0 {
            batch.append(
                "system.paging.utilization", ["state": "used"],
                rounded(Double(swapUsed) / Double(info.swapTotal), SampleResolution.byteShare),
                unit: "1")
        }
    }
}
