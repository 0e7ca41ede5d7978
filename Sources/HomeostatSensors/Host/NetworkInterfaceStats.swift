/// One interface's cumulative counters from `/proc/net/dev`.
public struct NetworkInterfaceStats: Sendable, Equatable {
    /// Interface name: `eth0`, `lo`, `wlp2s0`.
    public var interface: String
    public var receiveBytes: UInt64
    public var receivePackets: UInt64
    public var receiveErrors: UInt64
    public var receiveDropped: UInt64
    public var transmitBytes: UInt64
    public var transmitPackets: UInt64
    public var transmitErrors: UInt64
    public var transmitDropped: UInt64

    public init(
        interface: String, receiveBytes: UInt64, receivePackets: UInt64, receiveErrors: UInt64,
        receiveDropped: UInt64, transmitBytes: UInt64, transmitPackets: UInt64, transmitErrors: UInt64,
        transmitDropped: UInt64
    ) {
        self.interface = interface
        self.receiveBytes = receiveBytes
        self.receivePackets = receivePackets
        self.receiveErrors = receiveErrors
        self.receiveDropped = receiveDropped
        self.transmitBytes = transmitBytes
        self.transmitPackets = transmitPackets
        self.transmitErrors = transmitErrors
        self.transmitDropped = transmitDropped
    }

    /// Parses `/proc/net/dev`: two header lines, then `name: 8 receive and 8 transmit counters`.
    /// - Throws: ``SensorError`` `.malformed` naming the line when it has no `:` or fewer than
    ///   16 numbers after it.
    /// - Complexity: O(n) in the file's size.
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> [NetworkInterfaceStats] {
        var result: [NetworkInterfaceStats] = []
        var lines = Lines(bytes)
        var numbers = [UInt64](repeating: 0, count: 16)
        while let line = lines.next() {
            if lines.number <= 2 { continue }
            guard line.contains(where: { $0 != space && $0 != tab }) else { continue }
            guard let separator = line.lastIndex(of: colon) else {
                throw malformed(path, line: lines.number, expected: "'<interface>: <counters>'", got: quoted(line))
            }
            var nameFields = Fields(line[line.startIndex..<separator])
            guard let name = nameFields.next() else {
                throw malformed(path, line: lines.number, expected: "an interface name before ':'", got: quoted(line))
            }
            var fields = Fields(line[(separator + 1)...])
            for index in 0..<16 {
                guard let field = fields.next() else {
                    throw malformed(
                        path, line: lines.number, expected: "16 counters after '\(name.text):'", got: "\(index)")
                }
                guard let value = field.decimal else {
                    throw malformed(
                        path, line: lines.number, expected: "a number in counter \(index + 1) of '\(name.text)'",
                        got: quoted(field))
                }
                numbers[index] = value
            }
            result.append(
                NetworkInterfaceStats(
                    interface: name.text, receiveBytes: numbers[0], receivePackets: numbers[1],
                    receiveErrors: numbers[2], receiveDropped: numbers[3], transmitBytes: numbers[8],
                    transmitPackets: numbers[9], transmitErrors: numbers[10], transmitDropped: numbers[11]))
        }
        return result
    }

    public static func parse(_ text: String, path: String) throws(SensorError) -> [NetworkInterfaceStats] {
        try parse(bytes(text), path: path)
    }
}
