import HomeostatCore
import Testing

@testable import HomeostatSensors

@Suite("Pressure stall information: /proc/pressure")
struct PressureTests {
    @Test func parsesSomeAndFull() throws {
        let file = try Fixture.file("host", "/proc/pressure/io")
        let stall = try PressureStall.parse(file.text, path: file.path)
        #expect(stall.some == .init(avg10: 0.14, avg60: 0.30, avg300: 0.27, total: 4_027_981))
        #expect(stall.full == .init(avg10: 0.09, avg60: 0.20, avg300: 0.20, total: 3_623_984))
    }

    @Test func cpuWithoutFullLineOnOlderKernels() throws {
        let stall = try PressureStall.parse("some avg10=1.50 avg60=0.00 avg300=0.00 total=12\n", path: "cpu")
        #expect(stall.full == nil)
        #expect(stall.some.avg10 == 1.5)
    }

    @Test func stallRatioFromTotalDelta() throws {
        let scratch = try ScratchRoot("host")
        var sensor = PressureSensor(root: scratch.root)
        let first = try collect(&sensor, at: 10)
        #expect(first.samples(named: "system.pressure.stall").isEmpty)
        // avg10=2.42 (%) becomes the 4-decimal ratio 0.0242, bit for bit (SampleResolution.pressureAverage).
        let average = try #require(first.value("system.pressure.avg10", ["resource": "cpu", "kind": "some"]))
        #expect(average.bitPattern == 0.0242.bitPattern)
        try scratch.overlay("host-later")
        let second = try collect(&sensor, at: 12)
        // cpu some: +200 000 µs in 2 s; io some +1 000 000 µs, full +400 000 µs.
        #expect(second.value("system.pressure.stall", ["resource": "cpu", "kind": "some"]) == 0.1)
        #expect(second.value("system.pressure.stall", ["resource": "cpu", "kind": "full"]) == 0)
        #expect(second.value("system.pressure.stall", ["resource": "io", "kind": "some"]) == 0.5)
        #expect(second.value("system.pressure.stall", ["resource": "io", "kind": "full"]) == 0.2)
        #expect(second.value("system.pressure.stall", ["resource": "memory", "kind": "some"]) == 0)
        #expect(second.samples(named: "system.pressure.stall").count == 6)
    }

    @Test func noPSIIsMissingFromThisSensorOnly() throws {
        let root = Fixture.root("no-psi")
        var sensor = PressureSensor(root: root)
        let error = sensorError { _ = try collect(&sensor, at: 0) }
        #expect(error?.kind == .missing)
        #expect(error?.path == root.path("/proc/pressure/cpu"))
        var load = LoadAverageSensor(root: root)
        #expect(try collect(&load, at: 0).samples.count == 3)
    }

    @Test func malformedLineNamesWhatWasExpected() throws {
        let file = try Fixture.file("malformed", "/proc/pressure/cpu")
        let error = sensorError { _ = try PressureStall.parse(file.text, path: file.path) }
        #expect(
            error
                == SensorError(.malformed, path: file.path, reason: "line 2: expected avg300=<decimal>, got 'total=0'"))
    }
}
