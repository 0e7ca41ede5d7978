import Foundation
import GRDB

/// Typed access to the columns of a fetched row that never traps: GRDB's own conversions stop the
/// process on a type mismatch, and a damaged file must give a `StoreError` instead.
struct StoredRow {
    let row: Row
    /// Names the table and key in error messages.
    let context: String
    let path: String

    /// The INTEGER at `index`.
    func integer(_ index: Int) throws(StoreError) -> Int64 {
        let value: DatabaseValue = row[index]
        guard case .int64(let integer) = value.storage else { throw mismatch(index, expected: "INTEGER", got: value) }
        return integer
    }

    /// The TEXT at `index`.
    func text(_ index: Int) throws(StoreError) -> String {
        let value: DatabaseValue = row[index]
        guard case .string(let text) = value.storage else { throw mismatch(index, expected: "TEXT", got: value) }
        return text
    }

    /// The BLOB at `index`.
    func blob(_ index: Int) throws(StoreError) -> Data {
        let value: DatabaseValue = row[index]
        guard case .blob(let data) = value.storage else { throw mismatch(index, expected: "BLOB", got: value) }
        return data
    }

    /// A Float64 stored as its bit pattern in an INTEGER column (SQLite would store NaN as NULL).
    func double(_ index: Int) throws(StoreError) -> Double {
        Double(bitPattern: UInt64(bitPattern: try integer(index)))
    }

    func corrupt(_ message: String) -> StoreError {
        StoreError(kind: .corruptDatabase, path: path, message: "\(context): \(message)")
    }

    private func mismatch(_ index: Int, expected: String, got value: DatabaseValue) -> StoreError {
        let column = row.columnNames[row.columnNames.index(row.columnNames.startIndex, offsetBy: index)]
        return corrupt("column \(column) holds \(value), expected \(expected)")
    }
}
