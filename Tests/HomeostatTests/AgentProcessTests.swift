import Foundation
import HomeostatCore
import HomeostatStore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Starts the real `homeostat run` binary, reads its API over HTTP, stops it with SIGTERM.
@Suite("homeostat run as a process", .serialized)
struct AgentProcessTests {
    /// The `homeostat` executable built beside this test bundle.
    static func binary() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("homeostat")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/homeostat")
        return try #require(FileManager.default.isExecutableFile(atPath: fromSource.path) ? fromSource : nil)
    }

    /// Starts `homeostat run` on a free port in a fresh data directory and waits until it listens:
    /// the agent writes agent.json with the port it bound.
    static func startAgent(environment: [String: String] = [:]) async throws -> (
        process: Process, dataDirectory: URL, address: String
    ) {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-e2e-\(UUID())")
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["run", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory.path]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = FileHandle.nullDevice
        try process.run()
        let infoFile = dataDirectory.appendingPathComponent("agent.json")
        var listen: String?
        for _ in 0..<100 where listen == nil {
            try await Task.sleep(for: .milliseconds(100))
            if let data = try? Data(contentsOf: infoFile),
                let info = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            {
                listen = info["listen"] as? String
            }
        }
        if listen == nil { process.terminate() }
        return (process, dataDirectory, try #require(listen))
    }

    @Test("serves realtime metrics with CPU ratios in [0,1] and exits 0 on SIGINT")
    func endToEnd() async throws {
        let (process, dataDirectory, address) = try await Self.startAgent()
        defer {
            if process.isRunning { process.terminate() }
            try? FileManager.default.removeItem(at: dataDirectory)
        }
        let infoFile = dataDirectory.appendingPathComponent("agent.json")
        // CPU ratios need two readings: poll (up to 10 s on a loaded machine) until they appear.
        let url = try #require(URL(string: "http://\(address)/api/v1/metrics/realtime"))
        var cpu: [[String: Any]] = []
        for _ in 0..<100 where cpu.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            guard let (data, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200,
                let body = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let metrics = body["metrics"] as? [[String: Any]]
            else { continue }
            cpu = metrics.filter { $0["name"] as? String == "system.cpu.utilization" }
        }
        #expect(cpu.count >= 8)
        for metric in cpu {
            let value = try #require(metric["value"] as? Double)
            #expect((0...1).contains(value))
        }
        let states = Set(cpu.compactMap { ($0["labels"] as? [String: String])?["state"] })
        #expect(states.isSuperset(of: ["user", "system", "idle", "iowait", "steal"]))

        process.interrupt()  // SIGINT here; SIGTERM in the next test
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: infoFile.path))
    }

    @Test("SIGTERM ends the agent with exit code 0")
    func sigterm() async throws {
        let (process, dataDirectory, _) = try await Self.startAgent()
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        try await Task.sleep(for: .milliseconds(1200))  // at least one collection cycle under way
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test("after kill -9 the store holds every sample but at most one flush interval's newest")
    func survivesKillNine() async throws {
        let (process, dataDirectory, _) = try await Self.startAgent(environment: [
            "HOMEOSTAT_MEMORY_FLUSH_INTERVAL": "1"
        ])
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        try await Task.sleep(for: .milliseconds(4500))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killedAt = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(process.terminationReason == .uncaughtSignal)

        let store = try MetricStore(dataDirectory: dataDirectory.path)
        let series = try await store.series(named: "system.cpu.utilization")
        #expect(series.count >= 8)
        let total = try #require(series.first { $0.key[label: "cpu"] == "total" && $0.key[label: "state"] == "idle" })
        let read = try await store.chunks(seriesID: total.id, from: .min, to: .max)
        #expect(read.corrupted.isEmpty)
        var timestamps: [Int64] = []
        for chunk in read.chunks { timestamps += try chunk.decoder().decodeAll().map(\.timestamp) }
        // Collections every 1 s, flushes every 1 s: at least 2 samples stored, one per second, and
        // the newest no older than two seconds (one collection interval plus one flush interval).
        #expect(timestamps.count >= 2)
        #expect(zip(timestamps, timestamps.dropFirst()).allSatisfy { $1 - $0 == 1000 })
        #expect(killedAt - (timestamps.last ?? 0) <= 2_500)
        let minutes = try await store.rollups(.minute, seriesID: total.id, from: .min, to: .max).rollups
        #expect(minutes.reduce(0) { $0 + $1.count } == timestamps.count)
        try store.close()
    }
}
