import Foundation
import Homeostat
import HomeostatCore

/// `agent.json` in the data directory: how other commands find the running agent.
struct AgentInfo: Codable, Sendable {
    var pid: Int32
    /// Host and actual port (after port 0 was resolved).
    var listen: String
    var startedAt: Double
    var version: String

    enum CodingKeys: String, CodingKey {
        case pid, listen, version
        case startedAt = "started_at"
    }

    func write(to directory: DataDirectory) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(self)
        try data.write(to: URL(fileURLWithPath: directory.agentInfoPath), options: .atomic)
    }

    /// The agent described in `directory`, if its process is still alive.
    static func running(in directory: DataDirectory) -> AgentInfo? {
        guard let data = FileManager.default.contents(atPath: directory.agentInfoPath),
            let info = try? JSONDecoder().decode(AgentInfo.self, from: data)
        else { return nil }
        guard kill(info.pid, 0) == 0 || errno == EPERM else { return nil }
        return info
    }

    /// Removes `agent.json` if it still describes this process.
    static func remove(from directory: DataDirectory, pid: Int32) {
        guard let data = FileManager.default.contents(atPath: directory.agentInfoPath),
            let info = try? JSONDecoder().decode(AgentInfo.self, from: data), info.pid == pid
        else { return }
        try? FileManager.default.removeItem(atPath: directory.agentInfoPath)
    }
}
