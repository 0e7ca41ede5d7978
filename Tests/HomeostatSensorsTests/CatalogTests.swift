import Foundation
import HomeostatCore
import Testing

@testable import HomeostatSensors

@Suite("Metric catalog and the live host")
struct CatalogTests {
    @Test func resolutionsByName() {
        #expect(MetricCatalog.decimals(of: "system.cpu.utilization") == 4)
        #expect(MetricCatalog.decimals(of: "system.network.io") == 2)
        #expect(MetricCatalog.decimals(of: "system.pressure.stall") == 6)
        #expect(MetricCatalog.decimals(of: "system.disk.utilization") == 4)
        #expect(MetricCatalog.decimals(of: "system.filesystem.utilization") == 9)
        #expect(MetricCatalog.decimals(of: "system.memory.usage") == nil)  // bytes, stored as read
        #expect(MetricCatalog.decimals(of: "no.such.metric") == nil)
    }

    @Test func namesAreUnique() {
        let names = MetricCatalog.metrics.map(\.name)
        #expect(Set(names).count == names.count)
    }

    /// Every sample every sensor emits on every fixture shape is in the catalog with its unit
    /// and labels.
    @Test(arguments: ["host", "container/t0", "swap", "tcp", "disks", "many-cpus/t0"])
    func fixtureSamplesAreCatalogued(shape: String) throws {
        let scratch = try ScratchRoot(shape)
        var sensors = HostSensors.all(root: scratch.root)
        var batch = SampleBatch()
        for time in [0.0, 1.0] {
            for index in sensors.indices {
                try? sensors[index].collect(into: &batch, at: time)
            }
        }
        try check(batch.samples)
    }

    @Test func liveHostCollectsQuicklyAndWithinRange() throws {
        var sensors = HostSensors.all()
        #expect(
            sensors.map(\.name) == [
                "cpu", "load", "pressure", "memory", "paging", "disk", "filesystem", "network", "tcp", "cgroup",
            ])
        var batch = SampleBatch()
        let start = Date().timeIntervalSince1970
        for index in sensors.indices { try? sensors[index].collect(into: &batch, at: start) }
        Thread.sleep(forTimeInterval: 0.2)
        batch = SampleBatch()
        let clock = ContinuousClock()
        var failures: [String: SensorError] = [:]
        let elapsed = clock.measure {
            for index in sensors.indices {
                do {
                    try sensors[index].collect(into: &batch, at: start + 0.2)
                } catch {
                    failures[sensors[index].name] = error as? SensorError
                }
            }
        }
        // Only sources a host may lack are allowed to be unavailable.
        #expect(Set(failures.keys).isSubset(of: ["pressure", "cgroup"]), "\(failures)")
        let snapshot = Snapshot(timestamp: start, samples: batch.samples)
        let cpu = snapshot.samples(named: "system.cpu.utilization")
        #expect(!cpu.isEmpty)
        #expect(cpu.allSatisfy { $0.value >= 0 && $0.value <= 1 })
        #expect(snapshot.value("system.memory.limit").map { $0 > 0 } == true)
        try check(batch.samples)
        // Generous bound for a debug build on a shared machine; a release cycle is far cheaper.
        #expect(elapsed < .milliseconds(200))
    }

    private func check(_ samples: [Sample]) throws {
        for sample in samples {
            let entry = try #require(
                MetricCatalog.describe(sample.series.name), "\(sample.series.name) is not catalogued")
            #expect(entry.unit == sample.unit, "\(sample.series)")
            #expect(Set(sample.series.labels.map(\.name)) == Set(entry.labels), "\(sample.series)")
            // A metric with a resolution is emitted rounded to it, so it is stored as a short decimal.
            if let decimals = entry.decimals {
                #expect(
                    SensorRounding.rounded(sample.value, decimals: decimals).bitPattern == sample.value.bitPattern,
                    "\(sample.series) = \(sample.value) is not rounded to \(decimals) decimals")
            }
        }
    }
}
