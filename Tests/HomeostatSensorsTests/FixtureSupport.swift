import Foundation
import HomeostatCore
import HomeostatSensors
import Testing

/// The fixture trees under `Fixtures/<shape>/proc/...` and `.../sys/...`.
enum Fixture {
    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func root(_ shape: String) -> SystemRoot {
        SystemRoot(directory.appendingPathComponent(shape).path)
    }

    /// The text of one fixture file, with the path the parsers should name in errors.
    static func file(_ shape: String, _ path: String) throws -> (text: String, path: String) {
        let url = directory.appendingPathComponent(shape).appendingPathComponent(String(path.dropFirst()))
        return (try String(contentsOf: url, encoding: .utf8), url.path)
    }
}

/// A writable copy of fixture shapes in a temporary directory, so that successive readings of
/// the same sensor can be played by laying one shape over another.
final class ScratchRoot {
    let url: URL
    var root: SystemRoot { SystemRoot(url.path) }

    init(_ shape: String? = nil) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("homeostat-sensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if let shape { try overlay(shape) }
    }

    /// Copies every file of `shape` over this root, replacing files that exist.
    func overlay(_ shape: String) throws {
        let source = Fixture.directory.appendingPathComponent(shape)
        let files = FileManager.default.enumerator(at: source, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let file as URL in files
        where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(file.path.dropFirst(source.path.count + 1))
            try write(relative, contents: try Data(contentsOf: file))
        }
    }

    /// Writes `relative` (no leading slash), creating its directory.
    func write(_ relative: String, _ text: String) throws {
        try write(relative, contents: Data(text.utf8))
    }

    private func write(_ relative: String, contents: Data) throws {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: target)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs one collection and returns what it appended.
func collect(_ sensor: inout some Sensor, at time: Double) throws(SensorError) -> Snapshot {
    var batch = SampleBatch()
    try sensor.collect(into: &batch, at: time)
    return Snapshot(timestamp: time, samples: batch.samples)
}

/// Whether `a` and `b` agree to within `tolerance` (for values that went through two roundings).
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

/// The error a throwing call raised, as a `SensorError`.
func sensorError(_ body: () throws -> Void) -> SensorError? {
    do {
        try body()
        return nil
    } catch {
        return error as? SensorError
    }
}
