#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Kernel constants the process sensors convert with, read once.
enum SystemConstants {
    /// Clock ticks per second of `/proc/<pid>/stat` times (`USER_HZ`, almost always 100).
    static let ticksPerSecond: Double = {
        let value = sysconf(Int32(_SC_CLK_TCK))
        return value > 0 ? Double(value) : 100
    }()

    /// Bytes per page, for resident set sizes given in pages.
    static let pageSize: UInt64 = {
        let value = sysconf(Int32(_SC_PAGESIZE))
        return value > 0 ? UInt64(value) : 4096
    }()

    /// This process's id.
    static var currentPID: Int32 { getpid() }
}
