import HomeostatCore
import Testing

@testable import HomeostatSensors

@Suite("Disks: /proc/diskstats")
struct DiskTests {
    @Test func parsesEveryLine() throws {
        let file = try Fixture.file("host", "/proc/diskstats")
        let disks = try DiskStats.parse(file.text, path: file.path)
        #expect(
            disks.map(\.device) == [
                "loop0", "loop1", "loop2", "loop3", "loop4", "loop5", "loop6", "loop7", "vda", "zram0",
            ])
        #expect(
            disks[8]
                == DiskStats(
                    major: 254, minor: 0, device: "vda", readsCompleted: 36086, sectorsRead: 5_935_306,
                    readMilliseconds: 43668, writesCompleted: 25911, sectorsWritten: 2_228_560, writeMilliseconds: 6533,
                    inFlight: 0, ioMilliseconds: 6684, weightedMilliseconds: 50914))
    }

    @Test func ratesOfAWholeDevice() throws {
        let scratch = try ScratchRoot("host")
        var sensor = DiskSensor(root: scratch.root)
        _ = try collect(&sensor, at: 0)
        try scratch.overlay("host-later")
        let snapshot = try collect(&sensor, at: 2)
        // +5000 sectors read, +1000 written, +200 reads, +100 writes, +200/+100 ms, io +500 ms, weighted +600 ms.
        #expect(snapshot.value("system.disk.io", ["system.device": "vda", "disk.io.direction": "read"]) == 1_280_000)
        #expect(snapshot.value("system.disk.io", ["system.device": "vda", "disk.io.direction": "write"]) == 256_000)
        #expect(snapshot.value("system.disk.operations", ["system.device": "vda", "disk.io.direction": "read"]) == 100)
        #expect(snapshot.value("system.disk.operations", ["system.device": "vda", "disk.io.direction": "write"]) == 50)
        #expect(snapshot.value("system.disk.utilization", ["system.device": "vda"]) == 0.25)
        #expect(snapshot.value("system.disk.queue_length", ["system.device": "vda"]) == 0.3)
        #expect(snapshot.value("system.disk.average_wait", ["system.device": "vda"]) == 0.001)
        // zram0 is idle: zero rates, and no average wait without operations.
        #expect(snapshot.value("system.disk.utilization", ["system.device": "zram0"]) == 0)
        #expect(snapshot.value("system.disk.average_wait", ["system.device": "zram0"]) == nil)
        #expect(!snapshot.samples.contains { $0.series[label: "system.device"]?.hasPrefix("loop") == true })
    }

    @Test func partitionsLoopAndRamDisksAreSkippedBySysfs() throws {
        var sensor = DiskSensor(root: Fixture.root("disks"))
        _ = try collect(&sensor, at: 0)
        let snapshot = try collect(&sensor, at: 1)
        let devices = Set(snapshot.samples.compactMap { $0.series[label: "system.device"] })
        #expect(devices == ["sda", "nvme0n1", "dm-0"])
    }

    @Test(arguments: [
        ("sda1", true), ("sda", false), ("vdb12", true), ("xvda1", true), ("hda3", true), ("nvme0n1p2", true),
        ("nvme0n1", false), ("mmcblk0p1", true), ("mmcblk0", false), ("dm-0", false), ("md0", false),
        ("zram0", false),
    ])
    func nameRuleWithoutSysfs(device: String, isPartition: Bool) {
        #expect(WholeDiskRule.isPartitionName(device) == isPartition)
    }

    @Test func malformedCounterNamesLineAndField() throws {
        let file = try Fixture.file("malformed", "/proc/diskstats")
        let error = sensorError { _ = try DiskStats.parse(file.text, path: file.path) }
        #expect(
            error
                == SensorError(
                    .malformed, path: file.path, reason: "line 2: expected a number in counter 3 of 'sda1', got 'x'"))
    }
}
