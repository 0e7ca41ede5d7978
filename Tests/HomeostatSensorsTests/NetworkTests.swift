import HomeostatCore
import Testing

@testable import HomeostatSensors

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Network: /proc/net/dev and /proc/net/tcp")
struct NetworkTests {
    @Test func parsesInterfaces() throws {
        let file = try Fixture.file("host", "/proc/net/dev")
        let interfaces = try NetworkInterfaceStats.parse(file.text, path: file.path)
        #expect(interfaces.map(\.interface) == ["lo", "ifb0", "ifb1", "eth0"])
        #expect(
            interfaces[3]
                == NetworkInterfaceStats(
                    interface: "eth0", receiveBytes: 5903, receivePackets: 41, receiveErrors: 0, receiveDropped: 0,
                    transmitBytes: 5713, transmitPackets: 61, transmitErrors: 0, transmitDropped: 0))
    }

    @Test func ratesPerInterfaceIncludingLoopback() throws {
        let scratch = try ScratchRoot("host")
        var sensor = NetworkSensor(root: scratch.root)
        #expect(try collect(&sensor, at: 0).samples.isEmpty)
        try scratch.overlay("host-later")
        let snapshot = try collect(&sensor, at: 2)
        let eth0Receive = ["network.interface.name": "eth0", "network.io.direction": "receive"]
        let eth0Transmit = ["network.interface.name": "eth0", "network.io.direction": "transmit"]
        #expect(value(snapshot, "system.network.io", eth0Receive) == 10000)
        #expect(value(snapshot, "system.network.io", eth0Transmit) == 1000)
        #expect(value(snapshot, "system.network.packets", eth0Receive) == 50)
        #expect(value(snapshot, "system.network.packets", eth0Transmit) == 10)
        #expect(value(snapshot, "system.network.errors", eth0Receive) == 0)
        #expect(
            value(snapshot, "system.network.io", ["network.interface.name": "lo", "network.io.direction": "receive"])
                == 0)
        #expect(snapshot.samples.count == 4 * 4 * 2)
    }

    @Test(arguments: [(CounterWidth.bits64, 500.0), (.bits32, 796.0), (.automatic, 796.0)])
    func thirtyTwoBitWrap(width: CounterWidth, expectedReceiveRate: Double) throws {
        let scratch = try ScratchRoot("counter-wrap/t0")
        var sensor = NetworkSensor(root: scratch.root, counterWidth: width)
        _ = try collect(&sensor, at: 0)
        try scratch.overlay("counter-wrap/t1")
        let snapshot = try collect(&sensor, at: 1)
        let receive = ["network.interface.name": "eth0", "network.io.direction": "receive"]
        // 4 294 967 000 → 500: 296 + 500 = 796 bytes across a 32-bit wrap (counted by .bits32 and
        // .automatic); with 64-bit width it is a reset and only the 500 after it count.
        #expect(value(snapshot, "system.network.io", receive) == expectedReceiveRate)
        #expect(value(snapshot, "system.network.dropped", receive) == 2)
        #expect(value(snapshot, "system.network.packets", receive) == 100)
        #expect(
            value(
                snapshot, "system.network.io", ["network.interface.name": "eth0", "network.io.direction": "transmit"])
                == 4000)
    }

    @Test func shortInterfaceLineIsMalformed() throws {
        let file = try Fixture.file("malformed", "/proc/net/dev")
        let error = sensorError { _ = try NetworkInterfaceStats.parse(file.text, path: file.path) }
        #expect(
            error
                == SensorError(.malformed, path: file.path, reason: "line 3: expected 16 counters after 'eth0:', got 3")
        )
    }

    @Test func tcpStatesFromBothFiles() throws {
        var sensor = TCPConnectionSensor(root: Fixture.root("tcp"))
        let snapshot = try collect(&sensor, at: 0)
        func count(_ state: String) -> Double? {
            snapshot.value(
                "system.network.connections", ["network.transport": "tcp", "network.connection.state": state])
        }
        #expect(count("listen") == 3)
        #expect(count("established") == 4)
        #expect(count("time_wait") == 1)
        #expect(count("close_wait") == 1)
        #expect(count("syn_sent") == 1)
        #expect(count("syn_recv") == 1)
        #expect(count("fin_wait_1") == 0)
        #expect(count("closing") == 0)
        #expect(snapshot.samples.count == TCPConnectionStates.stateNames.count)
    }

    @Test func tcpWithoutIPv6() throws {
        var sensor = TCPConnectionSensor(root: Fixture.root("tcp-ipv4-only"))
        let snapshot = try collect(&sensor, at: 0)
        #expect(snapshot.value("system.network.connections", ["network.connection.state": "listen"]) == 1)
    }

    @Test func tcpFilesAreReadAtMostEveryRefreshInterval() throws {
        let scratch = try ScratchRoot("tcp-ipv4-only")
        var sensor = TCPConnectionSensor(root: scratch.root, refreshInterval: 10)
        let listen: KeyValuePairs<String, String> = ["network.connection.state": "listen"]
        #expect(try collect(&sensor, at: 0).value("system.network.connections", listen) == 1)
        try scratch.overlay("tcp")
        #expect(try collect(&sensor, at: 5).value("system.network.connections", listen) == 1)
        #expect(try collect(&sensor, at: 10).value("system.network.connections", listen) == 3)
    }

    @Test func tcpParsesTenThousandSocketsQuickly() throws {
        var text = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        for index in 0..<10_000 {
            let state = index % 10 == 0 ? "0A" : "01"
            text +=
                "\(index): 0100007F:1F90 0100007F:D2A4 \(state) 00000000:00000000 00:00000000 00000000  1000 0 \(index) 1 0 20 4 30 10 -1\n"
        }
        var states = TCPConnectionStates()
        let clock = ContinuousClock()
        let elapsed = try clock.measure { try states.add(text, path: "tcp") }
        #expect(states["listen"] == 1000)
        #expect(states["established"] == 9000)
        #expect(elapsed < .milliseconds(500))
    }

    @Test func unknownTCPStateIsMalformed() {
        let text = "  sl header\n   0: 0100007F:1F90 0100007F:D2A4 1F 00000000:00000000\n"
        var states = TCPConnectionStates()
        let error = sensorError { try states.add(text, path: "/proc/net/tcp") }
        #expect(error?.reason == "line 2: expected a TCP state 01–0C in column 'st', got '1F'")
    }

    private func value(_ snapshot: Snapshot, _ name: String, _ labels: [String: String]) -> Double? {
        snapshot.samples.first { sample in
            sample.series.name == name && labels.allSatisfy { sample.series[label: $0.key] == $0.value }
        }?.value
    }
}

@Suite("TCP states over sock_diag netlink (live host)")
struct SocketDiagnosticsTests {
    @Test("a listening socket of ours is counted, by netlink and by the host sensor")
    func listenerIsCounted() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0)
        try #require(listen(listener, 4) == 0)

        var states = TCPConnectionStates()
        try SocketDiagnostics().countTCP(family: AF_INET, into: &states)
        #expect(states["listen"] >= 1)

        var sensor = TCPConnectionSensor()
        var batch = SampleBatch()
        try sensor.collect(into: &batch, at: 0)
        let snapshot = Snapshot(timestamp: 0, samples: batch.samples)
        #expect(snapshot.samples.count == TCPConnectionStates.stateNames.count)
        #expect((snapshot.value("system.network.connections", ["network.connection.state": "listen"]) ?? 0) >= 1)
    }
}
