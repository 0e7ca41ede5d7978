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
}
