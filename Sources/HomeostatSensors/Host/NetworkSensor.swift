import HomeostatCore

/// Per-interface traffic from `/proc/net/dev` (the collecting process's network namespace).
///
/// Emits, labelled `network.interface.name` and `network.io.direction=receive|transmit`:
/// `system.network.io` (By/s), `system.network.packets` ({packet}/s), `system.network.errors`
/// ({error}/s) and `system.network.dropped` ({packet}/s). The loopback interface is kept; its
/// name (`lo`) labels it. Rates are rounded to ``SampleResolution/counterRate`` decimals.
///
/// Counter width: the kernel keeps these counters in 64 bits, but some drivers fill them from
/// 32-bit hardware registers that wrap at 2³². The default ``CounterWidth/automatic`` counts such a
/// wrap exactly (a drop from a value below 2³² that is near 2³² is a 32-bit wrap) and treats any
/// other drop as a reset; ``CounterWidth/bits64`` would count a 32-bit wrap as a reset (too low for
/// one cycle, never a spike).
/// - Complexity: O(i) per cycle for i interfaces; one file read.
public struct NetworkSensor: Sensor, Sendable {
    public let name = "network"
    private let path: String
    private let width: CounterWidth
    private var reader = FileReader()
    private var rates = CounterRates<InterfaceCounter>()

    private struct InterfaceCounter: Hashable, Sendable {
        var interface: String
        var field: UInt8
    }

    /// - Parameters:
    ///   - root: the filesystem root; reads `<root>/proc/net/dev`.
    ///   - counterWidth: where the counters wrap (default ``CounterWidth/automatic``).
    public init(root: SystemRoot = .host, counterWidth: CounterWidth = .automatic) {
        path = root.path("/proc/net/dev")
        width = counterWidth
    }

    public mutating func collect(into batch: inout SampleBatch, at time: Double) throws(SensorError) {
        let interfaces = try NetworkInterfaceStats.parse(reader.read(path), path: path)
        for stats in interfaces {
            let counters: [(String, String, UInt64, UInt64)] = [
                ("system.network.io", "By/s", stats.receiveBytes, stats.transmitBytes),
                ("system.network.packets", "{packet}/s", stats.receivePackets, stats.transmitPackets),
                ("system.network.errors", "{error}/s", stats.receiveErrors, stats.transmitErrors),
                ("system.network.dropped", "{packet}/s", stats.receiveDropped, stats.transmitDropped),
            ]
            for (index, (metric, unit, received, transmitted)) in counters.enumerated() {
                let field = UInt8(index * 2)
                if let perSecond = rates.rate(
                    InterfaceCounter(interface: stats.interface, field: field), received, at: time, width: width)
                {
                    batch.append(
                        metric, ["network.interface.name": stats.interface, "network.io.direction": "receive"],
                        rounded(perSecond, SampleResolution.counterRate), unit: unit)
                }
                if let perSecond = rates.rate(
                    InterfaceCounter(interface: stats.interface, field: field + 1), transmitted, at: time, width: width)
                {
                    batch.append(
                        metric, ["network.interface.name": stats.interface, "network.io.direction": "transmit"],
                        rounded(perSecond, SampleResolution.counterRate), unit: unit)
                }
            }
        }
        rates.endCycle()
    }
}
