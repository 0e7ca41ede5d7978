#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The size of one mounted filesystem as `statvfs(3)` reports it, in bytes.
public struct FilesystemSpace: Sendable, Equatable {
    /// Size of the filesystem (`f_blocks × f_frsize`).
    public var total: UInt64
    /// Free blocks, including those reserved for root (`f_bfree × f_frsize`).
    public var free: UInt64
    /// Free blocks an unprivileged user may use (`f_bavail × f_frsize`).
    public var available: UInt64

    public init(total: UInt64, free: UInt64, available: UInt64) {
        self.total = total
        self.free = free
        self.available = available
    }

    /// `total − free`.
    public var used: UInt64 { total > free ? total - free : 0 }
    /// Free space only root may use: `free − available`.
    public var reserved: UInt64 { free > available ? free - available : 0 }
    /// `used / (used + available)`, as `df` computes its Use%; nil for an empty filesystem.
    public var utilization: Double? {
        let denominator = used + available
        return denominator > 0 ? Double(used) / Double(denominator) : nil
    }

    /// Asks the kernel with `statvfs(2)`. Nil when it fails (permission, stale network mount).
    ///
    /// `statvfs` on an unreachable network filesystem can block; mounts of network types are
    /// therefore not reported by default (see ``FilesystemSensor``).
    /// - Complexity: one system call.
    public static func measure(path: String) -> FilesystemSpace? {
        querySpace(path)
    }
}

private func querySpace(_ path: String) -> FilesystemSpace? {
    var info = statvfs()
    guard statvfs(path, &info) == 0 else { return nil }
    let blockSize = UInt64(info.f_frsize != 0 ? info.f_frsize : info.f_bsize)
    return FilesystemSpace(
        total: UInt64(info.f_blocks) &* blockSize, free: UInt64(info.f_bfree) &* blockSize,
        available: UInt64(info.f_bavail) &* blockSize)
}
