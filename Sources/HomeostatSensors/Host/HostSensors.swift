/// The default set of host sensors.
public enum HostSensors {
    /// One sensor per source, in collection order: cpu, load, pressure, memory, paging, disk,
    /// filesystem, network, tcp, cgroup. Sensors whose source a host lacks (PSI, cgroup v2) throw
    /// `.missing` from `collect` and are reported unavailable; the others are unaffected.
    ///
    /// The watched-process sensor is not included: it needs the `--watch-*` configuration, and
    /// its ``WatchedProcessesSensor/statuses`` are read by the collector directly.
    /// - Parameter root: the filesystem root to read `/proc` and `/sys` under (default `/`).
    public static func all(root: SystemRoot = .host) -> [any Sensor] {
        [
            CPUSensor(root: root),
            LoadAverageSensor(root: root),
            PressureSensor(root: root),
            MemorySensor(root: root),
            PagingSensor(root: root),
            DiskSensor(root: root),
            FilesystemSensor(root: root),
            NetworkSensor(root: root),
            TCPConnectionSensor(root: root),
            CgroupSensor(root: root),
        ]
    }
}
