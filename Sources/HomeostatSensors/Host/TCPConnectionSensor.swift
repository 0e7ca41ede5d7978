import HomeostatCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// TCP sockets per state, from the kernel's sock_diag netlink interface on the live host, or from
/// `/proc/net/tcp` and `/proc/net/tcp6` (under a fixture root, or when netlink is refused), in the
/// collecting process's network namespace.
///
/// Emits `system.network.connections{network.transport="tcp", network.connection.state}`
/// ({connection}) for every state in ``TCPConnectionStates/stateNames``, zeros included, so a
/// state that empties shows as 0 rather than vanishing. A host without IPv6 has no `tcp6`: only
/// `tcp` is counted then. A missing `tcp` throws `.missing`.
///
/// Netlink (``SocketDiagnostics``) is read every cycle: it costs about 0.3 ms. Reading the files is
/// expensive in the kernel, not in the parser: it walks the whole established-socket hash table
/// (sized by RAM) even when there are few sockets, and formats about 150 bytes per socket. On the
/// 24 GB development VM one read of a one-socket `/proc/net/tcp` costs about 2.5 ms of kernel time per
/// file. When the files are the source they are therefore re-read at most every `refreshInterval`
/// seconds (default 10); cycles in between report the last counts again.
/// - Complexity: O(s) per refresh for s sockets; O(1) otherwise.
public struct TCPConnectionSensor: Sensor, Sendable {
    public let name = "tcp"
    private let paths: (ipv4: String, ipv6: String)
    private var reader = FileReader(initialCapacity: 64 * 1024)
    private let keys: [SeriesKey] = TCPConnectionStates.stateNames.map {
        SeriesKey(
            "system.network.connections", [Label("network.transport", "tcp"), Label("network.connection.state", $0)])
    }

    private let refreshInterval: Double
    private var last: (time: Double, states: TCPConnectionStates)?
    /// Nil under a fixture root, or after netlink failed once (then the files are used for good).
    private var netlink: SocketDiagnostics?

    /// - Parameters:
    ///   - root: the filesystem root; reads `<root>/proc/net/tcp` and `tcp6`.
    ///   - refreshInterval: seconds between reads of the files (default 10; 0 reads every cycle).
    public init(root: SystemRoot = .host, refreshInterval: Double = 10) {
        paths = (root.path("/proc/net/tcp"), root.path("/proc/net/tcp6"))
        self.refreshInterval = refreshInterval
        netlink = root == .host ? SocketDiagnostics() : nil
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        if let netlink {
            var states = TCPConnectionStates()
            do {
                try netlink.countTCP(family: AF_INET, into: &states)
                // A kernel without IPv6 refuses the AF_INET6 dump: its IPv4 sockets are all there is.
                var withIPv6 = states
                if (try? netlink.countTCP(family: AF_INET6, into: &withIPv6)) != nil { states = withIPv6 }
                append(states, into: &batch)
                return
            } catch {
                self.netlink = nil  // Refused here (seccomp, old kernel): count from the files from now on.
            }
        }
        if let last, time >= last.time, time - last.time < refreshInterval {
            append(last.states, into: &batch)
            return
        }
        var states = TCPConnectionStates()
        try states.add(reader.read(paths.ipv4), path: paths.ipv4)
        do {
            try states.add(reader.read(paths.ipv6), path: paths.ipv6)
        } catch  where error.kind == .missing {
            // No IPv6 in this kernel or namespace: IPv4 sockets are all there is.
        }
        last = (time, states)
        append(states, into: &batch)
    }

    private func append(_ states: TCPConnectionStates, into batch: inout SampleBatch) {
        for (key, count) in zip(keys, states.counts) {
            batch.append(key, Double(count), unit: "{connection}")
        }
    }
}
