import Foundation
import GRDB
import HomeostatCore

/// The alerts' own SQLite file, `alerts.sqlite` in the data directory (kept apart from `metrics.sqlite`
/// so alert state survives a metric store that is moved aside as damaged, and so the two schemas evolve
/// separately).
///
/// Tables:
/// - `alert_state`: one row per (rule, series) whose state is not idle — pending, firing, told-firing or
///   flapping — as JSON of ``AlertSeriesState``; rewritten after each cycle that changed it, so a
///   restart resumes a firing alert without notifying again.
/// - `alert_history`: every notification and every action outcome, newest last; trimmed to `historyLimit`
///   rows (default 10,000).
/// - `alert_rule`: rules added through the API, as the JSON body they were created from.
///
/// Every method throws ``StoreError``; access is serialized by GRDB and may come from any task.
public final class AlertStore: Sendable {
    public static let fileName = "alerts.sqlite"
    /// Rows of history kept.
    public let historyLimit: Int
    public let path: String
    private let writer: any DatabaseWriter

    /// One history row: a notification, plus the outcome of an action when `action` is set.
    public struct HistoryEntry: Sendable, Equatable, Codable {
        public var id: Int64
        public var notification: AlertNotification
        /// `log`, `webhook`, `command`, `optimize_automatically`; nil for the notification itself.
        public var action: String?
        /// What happened: `delivered`, `HTTP 500 after 3 attempts`, `no optimizer registered`, …
        public var outcome: String?

        public init(id: Int64, notification: AlertNotification, action: String?, outcome: String?) {
            self.id = id
            self.notification = notification
            self.action = action
            self.outcome = outcome
        }
    }

    /// Opens or creates `path` (`:memory:` for tests).
    public init(path: String, historyLimit: Int = 10_000) throws(StoreError) {
        self.path = path
        self.historyLimit = historyLimit
        do {
            let writer: any DatabaseWriter = path == ":memory:" ? try DatabaseQueue() : try DatabaseQueue(path: path)
            try Self.migrator.migrate(writer)
            self.writer = writer
        } catch {
            throw StoreError(error, path: path)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE alert_state (
                        rule TEXT NOT NULL, series TEXT NOT NULL, name TEXT NOT NULL, labels TEXT NOT NULL,
                        state TEXT NOT NULL, PRIMARY KEY (rule, series));
                    CREATE TABLE alert_history (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, rule TEXT NOT NULL,
                        notification TEXT NOT NULL, action TEXT, outcome TEXT);
                    CREATE TABLE alert_rule (name TEXT PRIMARY KEY, body TEXT NOT NULL);
                    """)
        }
        return migrator
    }

    /// Replaces the saved states with `states` (the evaluator's non-idle states).
    ///
    /// - Complexity: O(s) rows for s states.
    public func saveStates(_ states: [(rule: String, series: SeriesKey, state: AlertSeriesState)]) throws(StoreError) {
        let encoder = JSONEncoder()
        do {
            let rows = try states.map { item in
                (
                    item.rule, item.series.description, item.series.name,
                    String(decoding: try encoder.encode(item.series.labels), as: UTF8.self),
                    String(decoding: try encoder.encode(item.state), as: UTF8.self)
                )
            }
            try writer.write { db in
                try db.execute(sql: "DELETE FROM alert_state")
                for row in rows {
                    try db.execute(
                        sql: "INSERT INTO alert_state (rule, series, name, labels, state) VALUES (?, ?, ?, ?, ?)",
                        arguments: [row.0, row.1, row.2, row.3, row.4])
                }
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// The states saved by ``saveStates(_:)``.
    public func loadStates() throws(StoreError) -> [(rule: String, series: SeriesKey, state: AlertSeriesState)] {
        let decoder = JSONDecoder()
        do {
            let rows = try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT rule, name, labels, state FROM alert_state")
            }
            return try rows.map { row in
                let labels = try decoder.decode([Label].self, from: Data((row["labels"] as String).utf8))
                let state = try decoder.decode(AlertSeriesState.self, from: Data((row["state"] as String).utf8))
                return (row["rule"], SeriesKey(row["name"], labels), state)
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Appends history rows (a notification with `action` nil, or an action's outcome), trimming the oldest.
    public func appendHistory(_ entries: [(AlertNotification, action: String?, outcome: String?)]) throws(StoreError) {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        do {
            let rows = try entries.map { entry in
                (entry.0, String(decoding: try encoder.encode(entry.0), as: UTF8.self), entry.action, entry.outcome)
            }
            let limit = historyLimit
            try writer.write { db in
                for row in rows {
                    try db.execute(
                        sql:
                            "INSERT INTO alert_history (at, rule, notification, action, outcome) VALUES (?, ?, ?, ?, ?)",
                        arguments: [row.0.at, row.0.rule, row.1, row.2, row.3])
                }
                try db.execute(
                    sql: "DELETE FROM alert_history WHERE id <= (SELECT MAX(id) FROM alert_history) - ?",
                    arguments: [limit])
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// The newest `limit` history rows, oldest first; only those of `rule` when given.
    public func history(limit: Int, rule: String? = nil) throws(StoreError) -> [HistoryEntry] {
        let decoder = JSONDecoder()
        do {
            let rows = try writer.read { db in
                if let rule {
                    return try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM alert_history WHERE rule = ? ORDER BY id DESC LIMIT ?",
                        arguments: [rule, limit])
                }
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM alert_history ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return try rows.reversed().map { row in
                HistoryEntry(
                    id: row["id"],
                    notification: try decoder.decode(
                        AlertNotification.self, from: Data((row["notification"] as String).utf8)),
                    action: row["action"], outcome: row["outcome"])
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Saves (or replaces) an API-created rule's JSON body.
    public func saveRule(name: String, body: String) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO alert_rule (name, body) VALUES (?, ?)", arguments: [name, body])
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Forgets an API-created rule.
    public func deleteRule(name: String) throws(StoreError) {
        do {
            try writer.write { db in try db.execute(sql: "DELETE FROM alert_rule WHERE name = ?", arguments: [name]) }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// API-created rules' bodies by name, in name order.
    public func savedRules() throws(StoreError) -> [(name: String, body: String)] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT name, body FROM alert_rule ORDER BY name").map {
                    ($0["name"], $0["body"])
                }
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }
}
