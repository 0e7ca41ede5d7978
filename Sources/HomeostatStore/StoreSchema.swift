import GRDB

/// The tables of the metric store, created and upgraded by a `DatabaseMigrator`.
///
/// Tables are `STRICT` (SQLite 3.37+), so a column holds the declared type or the write fails, and
/// chunk and rollup tables are `WITHOUT ROWID`, clustered on `(series_id, start_ms)`: a range query
/// of one series reads adjacent pages. Floats are stored as their 64-bit patterns in INTEGER
/// columns because SQLite turns a NaN REAL into NULL.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE series(
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        labels TEXT NOT NULL,
                        UNIQUE(name, labels)
                    ) STRICT;
                    CREATE TABLE chunk(
                        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
                        start_ms INTEGER NOT NULL,
                        end_ms INTEGER NOT NULL,
                        count INTEGER NOT NULL CHECK(count > 0),
                        bytes BLOB NOT NULL,
                        crc INTEGER NOT NULL,
                        PRIMARY KEY(series_id, start_ms),
                        CHECK(end_ms >= start_ms)
                    ) STRICT, WITHOUT ROWID;
                    """
            )
            for tier in RollupTier.allCases {
                try db.execute(
                    sql: """
                        CREATE TABLE \(tier.table)(
                            series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
                            start_ms INTEGER NOT NULL,
                            count INTEGER NOT NULL CHECK(count >= 0),
                            sum_partials BLOB NOT NULL,
                            min INTEGER NOT NULL,
                            max INTEGER NOT NULL,
                            last INTEGER NOT NULL,
                            last_ms INTEGER NOT NULL,
                            PRIMARY KEY(series_id, start_ms)
                        ) STRICT, WITHOUT ROWID
                        """
                )
            }
        }
        return migrator
    }
}
