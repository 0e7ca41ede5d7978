import Foundation

/// An operator's verdict on a series' last detection, for ``AnomalyMonitor/feedback(series:verdict:)``.
public enum AnomalyVerdict: String, Sendable, CaseIterable, Codable {
    /// The detection was wrong: the column's sensitivity drops by 15 % (not below 0.5).
    case falsePositive = "false_positive"
    /// The detection was right: the column's sensitivity rises by 5 % (not above 2).
    case truePositive = "true_positive"
}

/// `POST /api/v1/anomalies/feedback`'s body: `{"series": "<selector text>", "verdict": "false_positive"}`.
public struct AnomalyFeedbackRequest: Sendable, Equatable, Codable {
    /// The series as ``HomeostatCore/SeriesKey/description`` writes it:
    /// `system.cpu.utilization{cpu="total",state="user"}`.
    public var series: String
    public var verdict: AnomalyVerdict

    public init(series: String, verdict: AnomalyVerdict) {
        self.series = series
        self.verdict = verdict
    }

    /// Parses and checks a request body.
    /// - Throws: ``AnomalyFeedbackError`` with code `.invalidBody` naming the field at fault (`body`,
    ///   `series` or `verdict`), what was expected and what was found.
    public init(json: Data) throws(AnomalyFeedbackError) {
        guard let object = try? JSONSerialization.jsonObject(with: json), let fields = object as? [String: Any] else {
            throw AnomalyFeedbackError(.invalidBody, field: "body", "expected a JSON object")
        }
        guard let series = fields["series"] else {
            throw AnomalyFeedbackError(.invalidBody, field: "series", "missing (the series as selector text)")
        }
        guard let text = series as? String, !text.isEmpty else {
            throw AnomalyFeedbackError(.invalidBody, field: "series", "expected a non-empty string")
        }
        guard let verdict = fields["verdict"] else {
            throw AnomalyFeedbackError(.invalidBody, field: "verdict", "missing (false_positive or true_positive)")
        }
        guard let verdictText = verdict as? String, let parsed = AnomalyVerdict(rawValue: verdictText) else {
            throw AnomalyFeedbackError(
                .invalidBody, field: "verdict", "expected false_positive or true_positive, got \(verdict)")
        }
        self.init(series: text, verdict: parsed)
    }
}

/// Feedback could not be applied. Matchable by ``code``; ``description`` names the field or series.
///
/// `verdict: expected false_positive or true_positive, got maybe`
public struct AnomalyFeedbackError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The body is not JSON, or a field is missing or has a bad value; HTTP 400.
        case invalidBody
        /// No column watches that series (never seen, excluded, or gone for longer than
        /// `forgetAfter`); HTTP 404.
        case unknownSeries
        /// The verdict was applied but the feedback file could not be written; HTTP 500.
        case notPersisted
    }

    public var code: Code
    /// The request field at fault (`body`, `series`, `verdict`), nil for an unknown series.
    public var field: String?
    public var message: String

    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}
