import HomeostatCore
import Testing

@testable import HomeostatSensors

@Suite("cgroup v2")
struct CgroupTests {
    @Test func containerWithLimits() throws {
        let scratch = try ScratchRoot("container/t0")
        var sensor = CgroupSensor(root: scratch.root)
        let first = try collect(&sensor, at: 0)
        #expect(first.value("system.cgroup.cpu.limit") == 2)
        #expect(first.value("system.cgroup.cpu.usage") == nil)
        #expect(first.value("system.cgroup.memory.usage") == 536_870_912)
        #expect(first.value("system.cgroup.memory.limit") == 1_073_741_824)
        #expect(first.value("system.cgroup.memory.utilization") == 0.5)
        #expect(first.value("system.cgroup.pressure.avg10", ["resource": "cpu", "kind": "some"]) == 0.01)
        try scratch.overlay("container/t1")
        let second = try collect(&sensor, at: 1)
        // usage_usec +1 500 000, throttled_usec +250 000, cpu.pressure some +300 000 in 1 s.
        #expect(second.value("system.cgroup.cpu.usage") == 1.5)
        #expect(second.value("system.cgroup.cpu.throttled") == 0.25)
        #expect(second.value("system.cgroup.pressure.stall", ["resource": "cpu", "kind": "some"]) == 0.3)
        #expect(second.value("system.cgroup.pressure.stall", ["resource": "memory", "kind": "full"]) == 0)
    }

    @Test func nestedGroupWithoutLimits() throws {
        var sensor = CgroupSensor(root: Fixture.root("container-unlimited"))
        let snapshot = try collect(&sensor, at: 0)
        #expect(snapshot.samples.map(\.series.name) == ["system.cgroup.memory.usage"])
        #expect(snapshot.value("system.cgroup.memory.usage") == 1_048_576)
    }

    @Test(arguments: ["cgroup-v1", "host"])
    func notInCgroupV2IsMissing(shape: String) {
        let root = Fixture.root(shape)
        var sensor = CgroupSensor(root: root)
        let error = sensorError { _ = try collect(&sensor, at: 0) }
        #expect(error?.kind == .missing)
        #expect(error?.path == root.path("/sys/fs/cgroup/cgroup.controllers"))
    }

    @Test func fileParsers() throws {
        #expect(try CgroupFiles.cpuLimit(bytes("max 100000\n"), path: "cpu.max") == nil)
        #expect(try CgroupFiles.cpuLimit(bytes("50000 100000\n"), path: "cpu.max") == 0.5)
        #expect(try CgroupFiles.bytesOrMax(bytes("max\n"), path: "memory.max") == nil)
        #expect(CgroupFiles.unifiedPath(bytes("12:pids:/a\n0::/user.slice/x.scope\n")) == "/user.slice/x.scope")
        #expect(CgroupFiles.unifiedPath(bytes("4:memory:/docker/abc\n")) == nil)
        let error = sensorError { _ = try CgroupFiles.cpuLimit(bytes("lots 100000\n"), path: "cpu.max") }
        #expect(
            error
                == SensorError(
                    .malformed, path: "cpu.max", reason: "line 1: expected a quota in microseconds or 'max', got 'lots'"
                ))
    }
}
