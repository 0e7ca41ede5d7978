/// How many TCP sockets are in each state, counted from `/proc/net/tcp` and `/proc/net/tcp6` or
/// from the kernel's sock_diag netlink interface (``SocketDiagnostics``).
public struct TCPConnectionStates: Sendable, Equatable {
    /// The kernel's states (`include/net/tcp_states.h`), by their number 1–12, as the
    /// `network.connection.state` label values. `NEW_SYN_RECV` (12, a request socket) counts as
    /// `syn_recv`.
    public static let stateNames = [
        "established", "syn_sent", "syn_recv", "fin_wait_1", "fin_wait_2", "time_wait", "close", "close_wait",
        "last_ack", "listen", "closing",
    ]

    /// Count per state, in the order of ``stateNames``.
    public private(set) var counts: [Int]

    public init() {
        counts = [Int](repeating: 0, count: Self.stateNames.count)
    }

    /// The count for a state name (`"listen"`), 0 for an unknown name.
    public subscript(state: String) -> Int {
        guard let index = Self.stateNames.firstIndex(of: state) else { return 0 }
        return counts[index]
    }

    /// Adds the sockets of one `/proc/net/tcp`-format file. Only the 4th column (`st`, hex) is
    /// read; the rest of each line is skipped byte by byte without parsing.
    /// - Throws: ``SensorError`` `.malformed` naming the line when the `st` column is missing or
    ///   not a known hexadecimal state.
    /// - Complexity: O(n) in the file's size; no allocation.
    public mutating func add(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) {
        var lines = Lines(bytes)
        _ = lines.next()  // header
        while let line = lines.next() {
            var fields = Fields(line)
            guard let slot = fields.next() else { continue }
            guard fields.skip(2), let state = fields.next() else {
                throw malformed(
                    path, line: lines.number, expected: "4 columns (sl, local, remote, st)",
                    got: "\(quoted(slot)) and fewer than 3 more")
            }
            guard let number = state.hexadecimal, number >= 1 && number <= 12 else {
                throw malformed(
                    path, line: lines.number, expected: "a TCP state 01–0C in column 'st'", got: quoted(state))
            }
            count(state: Int(number))
        }
    }

    /// Counts one socket in kernel state `number` (1–12; others are ignored).
    public mutating func count(state number: Int) {
        guard (1...12).contains(number) else { return }
        counts[number == 12 ? 2 : number - 1] += 1
    }

    public mutating func add(_ text: String, path: String) throws(SensorError) {
        try add(bytes(text), path: path)
    }
}
