import HomeostatCore

/// Space used on each real mounted filesystem, from `/proc/mounts` and `statvfs(2)`.
///
/// Emits, labelled `system.device`, `system.filesystem.mountpoint` and `system.filesystem.type`:
/// - `system.filesystem.usage{system.filesystem.state=used|free|reserved}` (By; `free` is what
///   unprivileged users may still write, `reserved` the part only root may use),
/// - `system.filesystem.utilization` (ratio 0–1, `used / (used + free)` as `df` computes Use%,
///   rounded to ``SampleResolution/byteShare`` decimals).
///
/// Which mounts count:
/// - kernel and virtual filesystems are skipped (``FilesystemSensor/virtualTypes``: proc, sysfs,
///   devtmpfs, devpts, cgroup, cgroup2, …), and so are read-only images (squashfs, iso9660,
///   erofs), always full by construction; `tmpfs` and `overlay` are kept (they hold real data);
/// - network filesystems (``FilesystemSensor/networkTypes``) are skipped unless asked for, because
///   `statvfs` on an unreachable server blocks the whole collection cycle;
/// - a filesystem of size 0 is skipped;
/// - the same block device mounted several times (bind mounts, a container's `/etc/hosts`) is
///   reported once, under its shortest mount point. Sources that are not paths (`tmpfs`,
///   `overlay`) are distinct filesystems per mount point, except the same source mounted twice
///   on one mount point, which is reported once.
/// - Complexity: O(m) per cycle for m mounts; one file read and one `statvfs` per kept mount.
public struct FilesystemSensor: Sensor, Sendable {
    public let name = "filesystem"
    private let path: String
    private let includeNetwork: Bool
    private let space: @Sendable (String) -> FilesystemSpace?
    private var reader = FileReader()

    /// Filesystem types that never hold user data, or are read-only images.
    public static let virtualTypes: Set<String> = [
        "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs",
        "efivarfs", "erofs", "fusectl", "fuse.gvfsd-fuse", "fuse.lxcfs", "fuse.portal", "hugetlbfs", "iso9660",
        "mqueue", "nsfs", "proc", "pstore", "ramfs", "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs",
        "tracefs",
    ]

    /// Filesystem types served over the network.
    public static let networkTypes: Set<String> = [
        "9p", "afs", "ceph", "cifs", "fuse.sshfs", "glusterfs", "lustre", "ncpfs", "nfs", "nfs4", "smb3", "smbfs",
    ]

    /// - Parameters:
    ///   - root: the filesystem root; reads `<root>/proc/mounts`.
    ///   - includeNetwork: report network filesystems too (default false).
    ///   - space: measures a mount point as the host sees it; default `statvfs` of the mount point
    ///     under `root`. Tests inject fixed numbers so they do not depend on the host.
    public init(
        root: SystemRoot = .host, includeNetwork: Bool = false,
        space: (@Sendable (_ mountPoint: String) -> FilesystemSpace?)? = nil
    ) {
        path = root.path("/proc/mounts")
        self.includeNetwork = includeNetwork
        self.space = space ?? { FilesystemSpace.measure(path: root.path($0)) }
    }

    /// The mounts to report, in `/proc/mounts` order, after the rules above except the size-0 rule.
    /// - Complexity: O(m) for m mounts.
    public static func reportable(_ mounts: [MountEntry], includeNetwork: Bool = false) -> [MountEntry] {
        var chosen: [String: Int] = [:]
        var kept: [MountEntry] = []
        for mount in mounts {
            if virtualTypes.contains(mount.type) { continue }
            if !includeNetwork && networkTypes.contains(mount.type) { continue }
            let identity = mount.device.hasPrefix("/") ? mount.device : mount.device + "\u{0}" + mount.mountPoint
            if let index = chosen[identity] {
                if mount.mountPoint.utf8.count < kept[index].mountPoint.utf8.count { kept[index] = mount }
                continue
            }
            chosen[identity] = kept.count
            kept.append(mount)
        }
        return kept
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        let mounts = try MountEntry.parse(reader.read(path), path: path)
        for mount in Self.reportable(mounts, includeNetwork: includeNetwork) {
            guard let size = space(mount.mountPoint), size.total > 0 else { continue }
            let labels = [
                Label("system.device", mount.device), Label("system.filesystem.mountpoint", mount.mountPoint),
                Label("system.filesystem.type", mount.type),
            ]
            for (state, bytes) in [("used", size.used), ("free", size.available), ("reserved", size.reserved)] {
                batch.append(
                    SeriesKey("system.filesystem.usage", labels + [Label("system.filesystem.state", state)]),
                    Double(bytes), unit: "By")
            }
            if let utilization = size.utilization {
                batch.append(
                    SeriesKey("system.filesystem.utilization", labels),
                    rounded(utilization, SampleResolution.byteShare), unit: "1")
            }
        }
    }
}
