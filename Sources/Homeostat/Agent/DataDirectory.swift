import Foundation

/// The directory where the agent keeps its files: `agent.json` (how to reach the running agent),
/// `token` (bearer token for mutating endpoints, mode 0600) and, later, the metric store.
///
/// Chosen in this order: `--data-dir`, `$HOMEOSTAT_DATA_DIR`, `agent.data_dir` in the config,
/// `$XDG_DATA_HOME/homeostat`, `~/.local/share/homeostat`.
public struct DataDirectory: Sendable, Equatable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Resolves the directory from the flag, environment and config, in that order of precedence.
    public static func resolve(flag: String?, configured: String?, environment: [String: String]) -> DataDirectory {
        if let flag, !flag.isEmpty { return DataDirectory(path: expandTilde(flag, environment)) }
        if let env = environment["HOMEOSTAT_DATA_DIR"], !env.isEmpty {
            return DataDirectory(path: expandTilde(env, environment))
        }
        if let configured { return DataDirectory(path: expandTilde(configured, environment)) }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return DataDirectory(path: xdg + "/homeostat") }
        let home = environment["HOME"] ?? homeDirectory()
        return DataDirectory(path: home + "/.local/share/homeostat")
    }

    private static func expandTilde(_ path: String, _ environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return (environment["HOME"] ?? homeDirectory()) + path.dropFirst()
    }

    /// Creates the directory (and parents) if needed and checks it is writable.
    /// - Throws: ``AgentError/dataDirectoryNotWritable(path:reason:)`` naming the directory.
    public func prepare() throws(AgentError) {
        let manager = FileManager.default
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw .dataDirectoryNotWritable(path: path, reason: "it exists and is not a directory")
            }
        } else {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .dataDirectoryNotWritable(path: path, reason: "cannot create it (\(Self.reason(errno)))")
            }
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw .dataDirectoryNotWritable(path: path, reason: Self.reason(errno))
        }
    }

    /// The bearer token mutating endpoints require, created on first use (32 random bytes, hex, mode 0600).
    public func token() throws(AgentError) -> String {
        let file = path + "/token"
        if let existing = try? String(contentsOfFile: file, encoding: .utf8) {
            let trimmed = existing.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count >= 32 { return trimmed }
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ -> String in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        guard writeFileAtomically(file, contents: token + "\n", mode: 0o600) else {
            throw .dataDirectoryNotWritable(path: path, reason: "cannot write \(file) (\(Self.reason(errno)))")
        }
        return token
    }

    /// Path of the file describing the running agent (pid, listen address).
    public var agentInfoPath: String { path + "/agent.json" }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The user's home from the password database, for when `$HOME` is unset.
    private static func homeDirectory() -> String {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return "/" }
        return String(cString: directory)
    }
}

/// Writes `contents` to `path` atomically with permission `mode`.
func writeFileAtomically(_ path: String, contents: String, mode: mode_t) -> Bool {
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
    guard fd >= 0 else { return false }
    let bytes = Array(contents.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    fchmod(fd, mode)
    close(fd)
    guard written == bytes.count else {
        unlink(temporary)
        return false
    }
    return rename(temporary, path) == 0
}
