import Foundation
import HomeostatCore

@testable import HomeostatStore

/// A fresh directory under the system's temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}

/// A chunk of `count` samples every second from `start` ms, with values that exercise the codec.
func makeChunk(start: Int64, count: Int, seed: Double = 1) throws -> Chunk {
    var encoder = ChunkEncoder()
    for index in 0..<count {
        let value: Double = index % 7 == 3 ? .nan : seed * Double(index) + 0.1 * Double(index % 3)
        try encoder.append(timestamp: start + Int64(index) * 1_000, value: value)
    }
    return encoder.chunk
}

/// A 1-minute rollup of the samples `(start + i s, values[i])`.
func makeRollup(start: Int64, values: [Double]) -> Rollup {
    var rollup = Rollup(start: start)
    for (index, value) in values.enumerated() {
        rollup.add(timestamp: start + Int64(index) * 1_000, value: value)
    }
    return rollup
}

/// The samples of a chunk, as bit patterns so that NaNs compare equal.
func bits(_ chunk: Chunk) throws -> [[UInt64]] {
    try chunk.decoder().decodeAll().map { [UInt64(bitPattern: $0.timestamp), $0.value.bitPattern] }
}

/// A rollup's fields as bit patterns, so that NaNs compare equal.
func fields(_ rollup: Rollup) -> [UInt64] {
    [
        UInt64(bitPattern: rollup.start), UInt64(rollup.count), rollup.sum.value.bitPattern,
        rollup.min.bitPattern, rollup.max.bitPattern, rollup.last.bitPattern,
        UInt64(bitPattern: rollup.lastTimestamp),
    ]
}

/// True when `a` and `b` hold the same exact real number (or the same non-finite value), whatever
/// their partials: `ExactSum(partials:)` may normalize partials that happen to add up exactly.
func sameExactSum(_ a: ExactSum, _ b: ExactSum) -> Bool {
    guard a.value.isFinite else { return a.value.bitPattern == b.value.bitPattern }
    var difference = a
    difference.merge(ExactSum(partials: b.partials.map { -$0 }))
    return difference.value == 0 && difference.partials.allSatisfy { $0 == 0 }
}
