import HomeostatCore
import Testing

@testable import HomeostatSensors

@Suite("Filesystems: /proc/mounts and statvfs")
struct FilesystemTests {
    @Test func realFilesystemsOnlyOnePerDevice() throws {
        let file = try Fixture.file("mounts", "/proc/mounts")
        let mounts = try MountEntry.parse(file.text, path: file.path)
        #expect(mounts.count == 14)
        #expect(mounts[11] == MountEntry(device: "/dev/sdb1", mountPoint: "/mnt/my disk", type: "xfs"))
        let kept = FilesystemSensor.reportable(mounts)
        #expect(
            kept.map(\.mountPoint) == [
                "/", "/boot/efi", "/run", "/dev/shm", "/mnt/my disk", "/var/lib/docker/overlay2/abc/merged",
            ])
        #expect(FilesystemSensor.reportable(mounts, includeNetwork: true).map(\.type).last == "nfs4")
    }

    @Test func shortestMountPointWinsForBindMounts() {
        let mounts = [
            MountEntry(device: "/dev/vda", mountPoint: "/etc/hosts", type: "ext4"),
            MountEntry(device: "/dev/vda", mountPoint: "/", type: "ext4"),
        ]
        #expect(FilesystemSensor.reportable(mounts).map(\.mountPoint) == ["/"])
    }

    @Test func usageFromInjectedStatistics() throws {
        let sizes: [String: FilesystemSpace] = [
            "/": FilesystemSpace(total: 1000, free: 400, available: 300),
            "/run": FilesystemSpace(total: 0, free: 0, available: 0),
            "/dev/shm": FilesystemSpace(total: 2048, free: 2048, available: 2048),
        ]
        var sensor = FilesystemSensor(root: Fixture.root("mounts")) { sizes[$0] }
        let snapshot = try collect(&sensor, at: 0)
        let root: KeyValuePairs<String, String> = [
            "system.device": "/dev/nvme0n1p2", "system.filesystem.mountpoint": "/", "system.filesystem.type": "ext4",
        ]
        #expect(
            snapshot.value(
                "system.filesystem.usage", ["system.filesystem.mountpoint": "/", "system.filesystem.state": "used"])
                == 600)
        #expect(
            snapshot.value(
                "system.filesystem.usage", ["system.filesystem.mountpoint": "/", "system.filesystem.state": "free"])
                == 300)
        #expect(
            snapshot.value(
                "system.filesystem.usage", ["system.filesystem.mountpoint": "/", "system.filesystem.state": "reserved"])
                == 100)
        #expect(snapshot.value("system.filesystem.utilization", root) == 0.666_666_667)  // 600 / 900 to 9 decimals
        #expect(snapshot.value("system.filesystem.utilization", ["system.filesystem.mountpoint": "/dev/shm"]) == 0)
        // /run has size 0 and the others have no statistics: not reported.
        #expect(
            Set(snapshot.samples.compactMap { $0.series[label: "system.filesystem.mountpoint"] }) == ["/", "/dev/shm"])
        #expect(snapshot.samples.count == 8)
    }

    @Test func liveStatvfsOfRoot() throws {
        let space = try #require(FilesystemSpace.measure(path: "/"))
        #expect(space.total > 0)
        #expect(space.free <= space.total)
        #expect(space.available <= space.free)
    }
}
