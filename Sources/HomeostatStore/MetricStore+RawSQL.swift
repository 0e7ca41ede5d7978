import GRDB

/// Raw SQL for tests and diagnostics inside the module (`@testable import`): not API, since rows
/// written here bypass the checks of `write(_:)`.
extension MetricStore {
    /// Runs `sql` in a write transaction: tests damage rows with it, as a failing disk would.
    func execute(sql: String) async throws(StoreError) {
        try await perform { try await writer.write { db in try db.execute(sql: sql) } }
    }

    /// The integer answered by `PRAGMA name`, e.g. `auto_vacuum`; -1 when it answers nothing.
    func pragma(_ name: String) async throws(StoreError) -> Int {
        try await perform { try await writer.read { db in try Int.fetchOne(db, sql: "PRAGMA \(name)") ?? -1 } }
    }

    /// Creates a database at `path` with the schema as migration `version` (e.g. "v1") left it, runs
    /// `sql` in it and closes it: tests build a store of an older version with it, to open and upgrade.
    static func makeDatabase(path: String, version: String, sql: String) throws(StoreError) {
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: version)
            try queue.write { db in try db.execute(sql: sql) }
            try queue.close()
        } catch {
            throw StoreError(error, path: path)
        }
    }
}
