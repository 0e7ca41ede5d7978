import HomeostatCore

/// Per-device disk throughput, operations, utilization, latency and queue depth from
/// `/proc/diskstats`, for whole devices only (the rule is documented on `WholeDiskRule`: loop and RAM
/// disks are skipped, partitions too when sysfs or the name shows they are partitions).
///
/// Emits, labelled `system.device`:
/// - `system.disk.io{disk.io.direction=read|write}` (By/s, sectors × 512),
/// - `system.disk.operations{disk.io.direction=read|write}` ({operation}/s),
/// - `system.disk.utilization` (ratio 0–1: share of the interval with I/O in flight, clamped),
/// - `system.disk.average_wait` (s per completed operation, as iostat's `await`: read plus write
///   milliseconds over reads plus writes in the interval; omitted when no operation completed),
/// - `system.disk.queue_length` ({request}: weighted in-flight time over the interval, iostat's
///   `aqu-sz`).
///
/// Rates are rounded to ``SampleResolution/counterRate`` decimals; utilization and queue length,
/// shares of millisecond counters, to ``SampleResolution/millisecondShare``; the average wait (s) to
/// ``SampleResolution/microsecondShare``.
/// - Complexity: O(d) per cycle for d devices; one file read.
public struct DiskSensor: Sensor, Sendable {
    public let name = "disk"
    private let path: String
    private var reader = FileReader()
    private var rule: WholeDiskRule
    private var rates = CounterRates<DiskCounter>()

    private struct DiskCounter: Hashable, Sendable {
        enum Field: UInt8, Sendable {
            case reads, writes, sectorsRead, sectorsWritten, readTime, writeTime, ioTime, weightedTime
        }
        var device: String
        var field: Field
    }

    public init(root: SystemRoot = .host) {
        path = root.path("/proc/diskstats")
        rule = WholeDiskRule(root: root)
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        let disks = try DiskStats.parse(reader.read(path), path: path)
        var listed = Set<String>(minimumCapacity: disks.count)
        for disk in disks {
            listed.insert(disk.device)
            guard rule.isReported(disk.device) else { continue }
            record(disk, into: &batch, at: time)
        }
        rule.prune(keeping: listed)
        rates.endCycle()
    }

    private mutating func record(_ disk: DiskStats, into batch: inout SampleBatch, at time: Double) {
        func rate(_ field: DiskCounter.Field, _ value: UInt64, _ width: CounterWidth = .bits64) -> Double? {
            rates.rate(DiskCounter(device: disk.device, field: field), value, at: time, width: width)
        }
        let device = disk.device
        let sectorsRead = rate(.sectorsRead, disk.sectorsRead)
        let sectorsWritten = rate(.sectorsWritten, disk.sectorsWritten)
        let reads = rate(.reads, disk.readsCompleted)
        let writes = rate(.writes, disk.writesCompleted)
        let readTime = rate(.readTime, disk.readMilliseconds, .bits32)
        let writeTime = rate(.writeTime, disk.writeMilliseconds, .bits32)
        let ioTime = rate(.ioTime, disk.ioMilliseconds, .bits32)
        let weightedTime = rate(.weightedTime, disk.weightedMilliseconds, .bits32)
        guard let sectorsRead, let sectorsWritten, let reads, let writes, let readTime, let writeTime, let ioTime,
            let weightedTime
        else { return }
        batch.append(
            "system.disk.io", ["system.device": device, "disk.io.direction": "read"],
            rounded(sectorsRead * 512, SampleResolution.counterRate),
            unit: "By/s")
        batch.append(
            "system.disk.io", ["system.device": device, "disk.io.direction": "write"],
            rounded(sectorsWritten * 512, SampleResolution.counterRate),
            unit: "By/s")
        batch.append(
            "system.disk.operations", ["system.device": device, "disk.io.direction": "read"],
            rounded(reads, SampleResolution.counterRate),
            unit: "{operation}/s")
        batch.append(
            "system.disk.operations", ["system.device": device, "disk.io.direction": "write"],
            rounded(writes, SampleResolution.counterRate),
            unit: "{operation}/s")
        batch.append(
            "system.disk.utilization", ["system.device": device],
            rounded(min(max(ioTime / 1000, 0), 1), SampleResolution.millisecondShare),
            unit: "1")
        let operations = reads + writes
        if operations > 0 {
            batch.append(
                "system.disk.average_wait", ["system.device": device],
                rounded((readTime + writeTime) / operations / 1000, SampleResolution.microsecondShare),
                unit: "s")
        }
        batch.append(
            "system.disk.queue_length", ["system.device": device],
            rounded(weightedTime / 1000, SampleResolution.millisecondShare),
            unit: "{request}")
    }
}
