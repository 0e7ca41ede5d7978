import HomeostatCore
import Testing

@testable import HomeostatSensors

/// Every file-reading sensor, for parameterized error tests.
enum SensorKind: String, CaseIterable, Sendable {
    case cpu, load, pressure, memory, paging, disk, filesystem, network, tcp

    func make(_ root: SystemRoot) -> any Sensor {
        switch self {
        case .cpu: CPUSensor(root: root)
        case .load: LoadAverageSensor(root: root)
        case .pressure: PressureSensor(root: root)
        case .memory: MemorySensor(root: root)
        case .paging: PagingSensor(root: root)
        case .disk: DiskSensor(root: root)
        case .filesystem: FilesystemSensor(root: root)
        case .network: NetworkSensor(root: root)
        case .tcp: TCPConnectionSensor(root: root)
        }
    }

    /// The first file the sensor reads.
    var file: String {
        switch self {
        case .cpu: "/proc/stat"
        case .load: "/proc/loadavg"
        case .pressure: "/proc/pressure/cpu"
        case .memory: "/proc/meminfo"
        case .paging: "/proc/vmstat"
        case .disk: "/proc/diskstats"
        case .filesystem: "/proc/mounts"
        case .network: "/proc/net/dev"
        case .tcp: "/proc/net/tcp"
        }
    }
}

@Suite("Missing and unreadable sources")
struct ErrorTests {
    @Test(arguments: SensorKind.allCases)
    func missingFileNamesThePath(kind: SensorKind) throws {
        let scratch = try ScratchRoot()
        var sensor = kind.make(scratch.root)
        #expect(sensor.name == kind.rawValue)
        var batch = SampleBatch()
        let error = sensorError { try sensor.collect(into: &batch, at: 0) }
        #expect(error?.kind == .missing)
        #expect(error?.path == scratch.root.path(kind.file))
        #expect(error?.description.hasPrefix(scratch.root.path(kind.file) + ": open failed") == true)
        #expect(batch.count == 0)
    }

    @Test func directoryInsteadOfFileIsUnreadable() throws {
        let scratch = try ScratchRoot()
        try scratch.write("proc/stat/inside", "x")
        var reader = FileReader()
        let error = sensorError { _ = try reader.read(scratch.root.path("/proc/stat")) }
        #expect(error?.kind == .unreadable)
    }

    @Test func readerGrowsForLargeFiles() throws {
        let scratch = try ScratchRoot()
        let text = String(repeating: "0123456789abcdef", count: 10_000)
        try scratch.write("big", text)
        var reader = FileReader(initialCapacity: 256)
        let bytes = try reader.read(scratch.root.path("/big"))
        #expect(bytes.count == 160_000)
        #expect(bytes.elementsEqual(text.utf8))
    }

    @Test func numberParsing() {
        #expect(bytes("0.22").fixedPoint == 0.22)
        #expect(bytes("7").fixedPoint == 7)
        #expect(bytes("1.x").fixedPoint == nil)
        #expect(bytes("18446744073709551615").decimal == UInt64.max)
        #expect(bytes("18446744073709551616").decimal == nil)
        #expect(bytes("-1").decimal == nil)
        #expect(bytes("0A").hexadecimal == 10)
        #expect(bytes("ff").hexadecimal == 255)
    }

    @Test func systemRootJoinsPaths() {
        #expect(SystemRoot.host.path("/proc/stat") == "/proc/stat")
        #expect(SystemRoot("/fx/").path("/proc/stat") == "/fx/proc/stat")
        #expect(SystemRoot("/").description == "/")
    }
}
