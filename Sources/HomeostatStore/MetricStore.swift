import Foundation
import GRDB
import HomeostatCore
import Synchronization

/// The SQLite persistence of metric memory: series identities, sealed raw Gorilla chunks (working
/// memory flushed), 1-minute rollups (short-term) and 1-hour rollups (long-term).
///
/// All times are Unix milliseconds. A file store is a GRDB `DatabasePool` in WAL mode, so readers
/// never wait for the writer, with `synchronous=NORMAL`: a power loss may drop the last committed
/// transactions, which the flush design accepts (at most `flush_interval` of data), while the file
/// stays consistent. Writes are serialized by GRDB; every method may be called from any task.
///
/// Every method throws ``StoreError``.
public final class MetricStore: Sendable {
    /// The database file name inside the data directory.
    public static let fileName = "metrics.sqlite"

    /// The database file, or `:memory:`.
    public let path: String
    let writer: any DatabaseWriter
    /// Series ids by key: an id never changes once given, so the cache never goes stale.
    let seriesCache = Mutex<[SeriesKey: Int64]>([:])

    private init(writer: any DatabaseWriter, path: String) {
        self.writer = writer
        self.path = path
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// - Throws: ``StoreError`` `.cannotOpen` when the file cannot be created or opened,
    ///   `.corruptDatabase` when it is not an SQLite database.
    public convenience init(path: String) throws(StoreError) {
        do {
            let pool = try DatabasePool(path: path, configuration: Self.configuration())
            do {
                try StoreSchema.migrator.migrate(pool)
            } catch {
                try? pool.close()
                throw error
            }
            self.init(writer: pool, path: path)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Opens the store `fileName` in `directory`, creating the directory if needed.
    public convenience init(dataDirectory directory: String) throws(StoreError) {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(kind: .cannotOpen, path: path, message: "cannot create directory: \(error)")
        }
        try self.init(path: path)
    }

    /// A store in memory, for tests: same schema and behaviour, gone when released.
    public static func inMemory() throws(StoreError) -> MetricStore {
        let path = ":memory:"
        do {
            let queue = try DatabaseQueue(configuration: configuration())
            try StoreSchema.migrator.migrate(queue)
            return MetricStore(writer: queue, path: path)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// Closes the database; every later call throws. Not needed before release, where GRDB closes
    /// it, but it lets a test reopen the same file and know that nothing was kept in memory.
    public func close() throws(StoreError) {
        do { try writer.close() } catch { throw StoreError(error, path: path) }
    }

    /// `auto_vacuum` must be chosen before the first table exists, so it is set on every writer
    /// connection (a no-op afterwards); GRDB runs this before switching to WAL.
    ///
    /// Memory: each connection's page cache is capped at 1 MiB (`cache_size = -1024`, SQLite's default is
    /// 2 MiB) and a pool keeps at most 2 reader connections (GRDB's default is 5): the agent's queries
    /// are short and few, and each idle connection's cache would otherwise stay resident.
    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.maximumReaderCount = 2
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -1024")
            guard !db.configuration.readonly else { return }
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL; PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// Runs `body`, turning whatever it throws into a ``StoreError`` naming this store's file.
    func perform<T>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do { return try await body() } catch { throw StoreError(error, path: path) }
    }
}
