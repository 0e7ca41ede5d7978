import Foundation
import HomeostatStore
import Logging

extension MetricStore {
    /// Opens `metrics.sqlite` in the data directory for the agent. A file that is not a database or
    /// is damaged is moved aside (`metrics.sqlite.corrupt-<unix seconds>`, with its `-wal` and `-shm`)
    /// and a new store is started, so the agent keeps monitoring; the error log names both files.
    /// - Throws: ``AgentError/storeUnavailable(path:reason:)`` when no store can be opened at all.
    public static func openForAgent(dataDirectory: DataDirectory, logger: Logger) throws(AgentError) -> MetricStore {
        let path = dataDirectory.path + "/metrics.sqlite"
        do {
            return try MetricStore(path: path)
        } catch  where error.kind == .corruptDatabase {
            let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
            }
            logger.error(
                "the metric store was damaged; moved it aside and started a new one",
                metadata: ["path": "\(path)", "moved_to": "\(aside)", "error": "\(error.message)"])
            do {
                return try MetricStore(path: path)
            } catch {
                throw .storeUnavailable(path: path, reason: error.message)
            }
        } catch {
            throw .storeUnavailable(path: path, reason: error.message)
        }
    }
}

extension AlertStore {
    /// Opens `alerts.sqlite` in the data directory for the agent. A damaged file is moved aside
    /// (`alerts.sqlite.corrupt-<unix seconds>`) and a new one started, as for the metric store.
    /// - Throws: ``AgentError/storeUnavailable(path:reason:)`` when none can be opened.
    public static func openForAgent(dataDirectory: DataDirectory, logger: Logger) throws(AgentError) -> AlertStore {
        let path = dataDirectory.path + "/" + fileName
        do {
            return try AlertStore(path: path)
        } catch  where error.kind == .corruptDatabase {
            let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
            _ = try? FileManager.default.moveItem(atPath: path, toPath: aside)
            logger.error(
                "the alert store was damaged; moved it aside and started a new one",
                metadata: ["path": "\(path)", "moved_to": "\(aside)", "error": "\(error.message)"])
            do {
                return try AlertStore(path: path)
            } catch {
                throw .storeUnavailable(path: path, reason: error.message)
            }
        } catch {
            throw .storeUnavailable(path: path, reason: error.message)
        }
    }
}
