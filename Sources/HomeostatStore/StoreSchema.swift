import Foundation
import GRDB
import HomeostatCore

/// The tables of the metric store, created and upgraded by a `DatabaseMigrator`.
///
/// Tables are `STRICT` (SQLite 3.37+), so a column holds the declared type or the write fails.
///
/// - v1: `series`; `chunk`, `WITHOUT ROWID` and clustered on `(series_id, start_ms)`, so that a range
///   query of one series reads adjacent pages; and one row per rollup in `rollup_1m` and `rollup_1h`,
///   clustered the same way (floats as their 64-bit patterns in INTEGER columns, because SQLite
///   turns a NaN REAL into NULL; the exact sum as a ``SumPartials`` blob).
/// - v2: `rollup_1m` and `rollup_1h` hold one row per series and block (`RollupTier.blockSpan`: an
///   hour of 1-minute rollups, a day of 1-hour rollups), the rollups encoded as a `RollupBlock`
///   with the CRC-32C of its bytes: 60 (or 24) times fewer rows and far fewer bytes. These are rowid
///   tables with the `(series_id, block_start)` key as an index, not `WITHOUT ROWID`: a block of a
///   noisy series is 1–2 KB, and a `WITHOUT ROWID` row keeps only about 1 KB in its page and spills
///   the rest to an overflow page of its own, which doubled the file in a measurement (30 days of
///   three series: 5.6 MB against 2.7 MB). The migration converts every v1 row; a v1 row whose
///   `sum_partials` is not a whole number of Float64s (unreadable under v1 too) is dropped rather
///   than failing the upgrade.
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
        migrator.registerMigration("v2") { db in
            for tier in RollupTier.allCases {
                try db.execute(sql: blockTableSQL(named: "\(tier.table)_v2"))
                try convertVersion1Rows(of: tier, db)
                try db.execute(sql: "DROP TABLE \(tier.table)")
                try db.execute(sql: "ALTER TABLE \(tier.table)_v2 RENAME TO \(tier.table)")
            }
        }
        return migrator
    }

    /// A v2 rollup table: `last_start` is the last rollup's start and `count` the number of rollups.
    private static func blockTableSQL(named name: String) -> String {
        """
        CREATE TABLE \(name)(
            series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
            block_start INTEGER NOT NULL,
            last_start INTEGER NOT NULL,
            count INTEGER NOT NULL CHECK(count > 0),
            bytes BLOB NOT NULL,
            crc INTEGER NOT NULL,
            PRIMARY KEY(series_id, block_start),
            CHECK(last_start >= block_start)
        ) STRICT
        """
    }

    /// Encodes the v1 rows of `tier` (still in `tier.table`) into blocks in `tier.table + "_v2"`.
    /// - Complexity: O(n) rows, read in key order, so one block is built at a time.
    private static func convertVersion1Rows(of tier: RollupTier, _ db: Database) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT series_id, start_ms, count, sum_partials, min, max, last, last_ms FROM \(tier.table)
                ORDER BY series_id, start_ms
                """
        )
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO \(tier.table)_v2(series_id, block_start, last_start, count, bytes, crc)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        )
        var current: (seriesID: Int64, blockStart: Int64)?
        var encoder = RollupBlockEncoder(resolution: tier.resolution)
        func flush() throws {
            guard let current, let lastStart = encoder.lastStart else { return }
            let block = encoder.block
            try insert.execute(arguments: [
                current.seriesID, current.blockStart, lastStart, block.count, Data(block.bytes),
                Int64(block.checksum),
            ])
        }
        while let row = try rows.next() {
            let stored = StoredRow(row: row, context: "\(tier.table) v1 row", path: db.description)
            let seriesID = try stored.integer(0)
            var rollup = Rollup(start: try stored.integer(1))
            guard let sum = SumPartials.decode(try stored.blob(3)) else { continue }
            rollup.count = Int(try stored.integer(2))
            rollup.sum = sum
            rollup.min = try stored.double(4)
            rollup.max = try stored.double(5)
            rollup.last = try stored.double(6)
            rollup.lastTimestamp = try stored.integer(7)
            let blockStart = tier.blockStart(of: rollup.start)
            if current?.seriesID != seriesID || current?.blockStart != blockStart {
                try flush()
                current = (seriesID, blockStart)
                encoder = RollupBlockEncoder(resolution: tier.resolution, reservingRollups: 60)
            }
            // Rows come in key order, so starts increase within a block.
            try encoder.append(rollup)
        }
        try flush()
    }
}
