/// How a range query folds the samples of each step window into one value (PromQL's `*_over_time`).
///
/// Written as `avg`, `min`, `max`, `sum`, `count`, `last`, `rate`, `quantile(0.99)` (or `p99`, `p99.9`).
///
/// On the rollup tiers `avg`, `min`, `max`, `sum`, `count` and `last` are exact whenever each window is a
/// whole number of buckets (start and step multiples of the tier's resolution): rollups keep an exact sum.
/// `rate` and `quantile` need raw samples; on a rollup tier they are computed from each bucket's last
/// value and average and the result is marked approximate.
public enum QueryAggregation: Sendable, Hashable, CustomStringConvertible {
    case average
    case minimum
    case maximum
    case sum
    /// Samples in the window (NaN samples count).
    case count
    /// The newest sample in the window.
    case last
    /// Per-second increase of a cumulative counter: the sum of increases between consecutive samples
    /// (a decrease is a reset, counting the new value, as Prometheus does), from the last sample before
    /// the window through the newest in it, divided by the seconds between those two samples. No
    /// extrapolation to the window's edges.
    case rate
    /// The q-quantile of the window's non-NaN values, 0 ≤ q ≤ 1, interpolated linearly between closest
    /// ranks (rank q·(n−1), as Prometheus' `quantile_over_time`).
    case quantile(Double)

    /// Parses the written form.
    /// - Throws: ``QueryAggregationError`` naming the input and the accepted forms.
    public init(parsing text: String) throws(QueryAggregationError) {
        let trimmed = text.trimmingWhitespace.lowercased()
        switch trimmed {
        case "avg", "average", "mean": self = .average
        case "min": self = .minimum
        case "max": self = .maximum
        case "sum": self = .sum
        case "count": self = .count
        case "last": self = .last
        case "rate": self = .rate
        default:
            if trimmed.hasPrefix("quantile(") && trimmed.hasSuffix(")") {
                let number = trimmed.dropFirst("quantile(".count).dropLast()
                guard let q = Double(number), q.isFinite, q >= 0, q <= 1 else {
                    throw QueryAggregationError(input: text, reason: "q must be a number in 0…1")
                }
                self = .quantile(q)
            } else if trimmed.hasPrefix("p") && trimmed.count > 1 {
                guard let q = Self.percentileFraction(trimmed.dropFirst()) else {
                    throw QueryAggregationError(input: text, reason: "the percentile must be a decimal number in 0…100")
                }
                self = .quantile(q)
            } else {
                throw QueryAggregationError(input: text)
            }
        }
    }

    /// A percentile as a fraction, by moving the decimal point rather than dividing, so `p99.9` is
    /// exactly the `Double` nearest 0.999.
    private static func percentileFraction(_ text: Substring) -> Double? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 3,
            text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") })
        else { return nil }
        let fraction = parts.count > 1 ? parts[1] : ""
        guard let wholeValue = Int(whole), wholeValue <= 100 else { return nil }
        if wholeValue == 100 { return fraction.allSatisfy { $0 == "0" } ? 1 : nil }
        let padded = String(repeating: "0", count: 2 - String(wholeValue).count) + String(wholeValue)
        return Double("0." + padded + fraction)
    }

    /// Whether a rollup tier answers this exactly (given bucket-aligned windows).
    public var isExactOnRollups: Bool {
        switch self {
        case .rate, .quantile: false
        default: true
        }
    }

    /// The canonical written form: `avg`, `quantile(0.99)`.
    public var description: String {
        switch self {
        case .average: "avg"
        case .minimum: "min"
        case .maximum: "max"
        case .sum: "sum"
        case .count: "count"
        case .last: "last"
        case .rate: "rate"
        case .quantile(let q): "quantile(\(q))"
        }
    }
}

/// An aggregation name could not be parsed.
public struct QueryAggregationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var input: String
    public var reason: String?

    public init(input: String, reason: String? = nil) {
        self.input = input
        self.reason = reason
    }

    public var description: String {
        var text = "invalid aggregation \"\(input)\""
        if let reason { text += ": \(reason)" }
        return text + "; expected avg, min, max, sum, count, last, rate, quantile(Q) with Q in 0…1, or pNN (p50, p99.9)"
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
