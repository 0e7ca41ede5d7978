import GRDB

/// Why the metric store could not open, read or write its database file.
///
/// Match on ``kind`` in a `catch`; ``path`` and ``message`` tell a person which file and what SQLite
/// said. SQLite's result codes map to kinds as follows: `SQLITE_CANTOPEN` → ``Kind/cannotOpen``,
/// `SQLITE_CORRUPT` and `SQLITE_NOTADB` → ``Kind/corruptDatabase``, `SQLITE_FULL` → ``Kind/diskFull``,
/// `SQLITE_IOERR` → ``Kind/io``, any other code (a constraint violation, a busy or misused
/// connection) → ``Kind/rejected``.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarse enough to decide what to do next.
    public enum Kind: Sendable, Hashable {
        /// The file or its directory cannot be opened or created (missing directory, permissions).
        case cannotOpen
        /// The file is not an SQLite database, or its pages or rows are damaged.
        case corruptDatabase
        /// The disk or the file system quota is full: nothing of the failed write was kept.
        case diskFull
        /// The operating system reported a read or write error.
        case io
        /// SQLite refused the statement (a constraint violation, for example): nothing was written.
        case rejected
    }

    /// What went wrong.
    public var kind: Kind
    /// The database file, or `:memory:` for an in-memory store.
    public var path: String
    /// SQLite's message, or a description of the damaged row.
    public var message: String
    /// SQLite's extended result code, when SQLite reported the error.
    public var sqliteCode: Int32?

    public init(kind: Kind, path: String, message: String, sqliteCode: Int32? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.sqliteCode = sqliteCode
    }

    /// Wraps any error thrown while using the database at `path`; a `StoreError` passes unchanged.
    init(_ error: any Error, path: String) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self.init(kind: .io, path: path, message: String(describing: error))
            return
        }
        let kind: Kind
        switch error.resultCode {
        case .SQLITE_CANTOPEN: kind = .cannotOpen
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: kind = .corruptDatabase
        case .SQLITE_FULL: kind = .diskFull
        case .SQLITE_IOERR: kind = .io
        default: kind = .rejected
        }
        self.init(
            kind: kind,
            path: path,
            message: error.message ?? error.description,
            sqliteCode: error.extendedResultCode.rawValue
        )
    }

    public var description: String {
        let code = sqliteCode.map { " (SQLite code \($0))" } ?? ""
        return "metric store \(path): \(kind): \(message)\(code)"
    }
}
