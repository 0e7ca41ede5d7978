import Foundation
import HomeostatCore

extension QueryResult {
    /// Reads the JSON of ``json()`` back (the CLI reading the agent's answer).
    /// - Throws: `DecodingError` naming the key path that does not fit.
    public init(json data: Data) throws {
        let document = try JSONDecoder().decode(QueryDocument.self, from: data)
        let tier = MemoryTier(rawValue: document.tier) ?? .raw
        self.init(
            tier: tier, step: document.step.map { Int64(($0 * 1000).rounded()) },
            aggregation: try document.aggregation.map { try QueryAggregation(parsing: $0) },
            approximate: document.approximate,
            series: document.series.map { entry in
                Series(
                    key: SeriesKey(entry.name, entry.labels.sorted { $0.key < $1.key }.map { Label($0.key, $0.value) }),
                    points: entry.points.map {
                        QueryPoint(timestamp: Int64(($0.time * 1000).rounded()), value: $0.value)
                    })
            },
            warnings: document.warnings)
    }
}

private struct QueryDocument: Decodable {
    struct Entry: Decodable {
        var name: String
        var labels: [String: String]
        var points: [Point]
    }

    /// `[t, v]` with v a number or one of "NaN", "+Inf", "-Inf".
    struct Point: Decodable {
        var time: Double
        var value: Double

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            time = try container.decode(Double.self)
            if let number = try? container.decode(Double.self) {
                value = number
            } else {
                let text = try container.decode(String.self)
                switch text {
                case "NaN": value = .nan
                case "+Inf": value = .infinity
                case "-Inf": value = -.infinity
                default:
                    throw DecodingError.dataCorruptedError(
                        in: container,
                        debugDescription: "expected a number, \"NaN\", \"+Inf\" or \"-Inf\", got \"\(text)\"")
                }
            }
        }
    }

    var series: [Entry]
    var tier: String
    var step: Double?
    var aggregation: String?
    var approximate: Bool
    var warnings: [String]
}
