import GRDB
import HomeostatCore
import Synchronization

extension MetricStore {
    /// The database id of each key, adding the series not stored yet. Ids never change, so they are
    /// cached in memory after the first lookup and later calls for known keys touch no database.
    /// - Complexity: O(k) dictionary lookups, plus one write transaction with O(log n) per new key.
    public func seriesIDs(for keys: [SeriesKey]) async throws(StoreError) -> [SeriesKey: Int64] {
        var found: [SeriesKey: Int64] = [:]
        var missing: [SeriesKey] = []
        seriesCache.withLock { cache in
            for key in keys {
                if let id = cache[key] { found[key] = id } else { missing.append(key) }
            }
        }
        guard !missing.isEmpty else { return found }
        let toAdd = missing
        let added = try await perform {
            try await writer.write { db in
                var ids: [SeriesKey: Int64] = [:]
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO series(name, labels) VALUES (?, ?) ON CONFLICT(name, labels) DO NOTHING"
                )
                let select = try db.cachedStatement(sql: "SELECT id FROM series WHERE name = ? AND labels = ?")
                for key in toAdd {
                    let arguments: StatementArguments = [key.name, CanonicalLabels.encode(key.labels)]
                    try insert.execute(arguments: arguments)
                    ids[key] = try Int64.fetchOne(select, arguments: arguments)
                }
                return ids
            }
        }
        seriesCache.withLock { cache in cache.merge(added) { old, _ in old } }
        found.merge(added) { old, _ in old }
        return found
    }

    /// The stored series whose metric name is `name`, or every series when `name` is nil, by id.
    /// - Complexity: O(n) rows for all series; O(log n + m) for m series of one name.
    public func series(named name: String?) async throws(StoreError) -> [(id: Int64, key: SeriesKey)] {
        let path = path
        let series = try await perform {
            try await writer.read { db in
                let rows: [Row]
                if let name {
                    rows = try Row.fetchAll(
                        db,
                        sql: "SELECT id, name, labels FROM series WHERE name = ? ORDER BY id",
                        arguments: [name]
                    )
                } else {
                    rows = try Row.fetchAll(db, sql: "SELECT id, name, labels FROM series ORDER BY id")
                }
                return try rows.map { row in
                    let stored = StoredRow(row: row, context: "series row", path: path)
                    let id = try stored.integer(0)
                    let text = try stored.text(2)
                    guard let labels = CanonicalLabels.decode(text) else {
                        throw StoredRow(row: row, context: "series \(id)", path: path)
                            .corrupt("labels \(text) are not in the form k=\"v\",k2=\"v2\"")
                    }
                    return (id: id, key: SeriesKey(try stored.text(1), labels))
                }
            }
        }
        seriesCache.withLock { cache in
            for entry in series { cache[entry.key] = entry.id }
        }
        return series
    }
}
