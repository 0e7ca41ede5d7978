import Foundation

/// The anomaly columns' feedback-adjusted sensitivities, kept across restarts in a small JSON file in the
/// data directory (`anomaly-feedback.json`):
///
/// ```json
/// {"version":1,"sensitivities":{"system.disk.io{system.device=\"vda\"}":0.7225}}
/// ```
///
/// Written atomically (a temporary file renamed over the old one) after every verdict, so a crash leaves
/// either the old or the new file. Sensitivities outside the columns' range are clamped when applied.
public enum AnomalyFeedbackFile {
    /// The file's name in the data directory.
    public static let fileName = "anomaly-feedback.json"

    /// The sensitivities stored at `path`; empty when there is no file.
    /// - Throws: ``AnomalyFeedbackFileError`` naming the file and what is wrong with it.
    public static func load(_ path: String) throws(AnomalyFeedbackFileError) -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw AnomalyFeedbackFileError(path: path, "cannot be read")
            }
            return [:]
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw AnomalyFeedbackFileError(path: path, "expected a JSON object")
        }
        guard let version = fields["version"] as? Int, version == 1 else {
            throw AnomalyFeedbackFileError(path: path, "version: expected 1, got \(fields["version"] ?? "nothing")")
        }
        guard let table = fields["sensitivities"] as? [String: Any] else {
            throw AnomalyFeedbackFileError(path: path, "sensitivities: expected an object of series → number")
        }
        for (series, value) in table {
            guard let number = value as? NSNumber, !(value is Bool), number.doubleValue.isFinite,
                number.doubleValue > 0
            else {
                throw AnomalyFeedbackFileError(
                    path: path, "sensitivities.\(series): expected a positive number, got \(value)")
            }
        }
        // Checked above for clear messages; decoded again for exact doubles (JSONSerialization's
        // numbers are not always the shortest round-trip value written).
        struct Document: Decodable { var sensitivities: [String: Double] }
        guard let document = try? JSONDecoder().decode(Document.self, from: data) else {
            throw AnomalyFeedbackFileError(path: path, "sensitivities: expected an object of series → number")
        }
        return document.sensitivities
    }

    /// Writes `sensitivities` to `path` atomically.
    /// - Throws: ``AnomalyFeedbackFileError`` naming the file and the system's reason.
    public static func save(_ sensitivities: [String: Double], to path: String) throws(AnomalyFeedbackFileError) {
        let document: [String: Any] = ["version": 1, "sensitivities": sensitivities]
        do {
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw AnomalyFeedbackFileError(path: path, "cannot be written: \(error.localizedDescription)")
        }
    }
}

/// The feedback file could not be read or written; ``description`` names it and the problem.
public struct AnomalyFeedbackFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
