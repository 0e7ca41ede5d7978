import Foundation
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
    static func startAgent() async throws -> (process: Process, dataDirectory: URL, address: String) {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-e2e-\(UUID())")
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["run", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory.path]
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
        try await Task.sleep(for: .milliseconds(2500))  // two collections: rates exist

        let url = try #require(URL(string: "http://\(address)/api/v1/metrics/realtime"))
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let body = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let metrics = try #require(body["metrics"] as? [[String: Any]])
        let cpu = metrics.filter { $0["name"] as? String == "system.cpu.utilization" }
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
}
