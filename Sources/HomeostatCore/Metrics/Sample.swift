/// One observed value of one series at the snapshot's time.
public struct Sample: Sendable, Equatable {
    public var series: SeriesKey
    public var value: Double
    /// UCUM unit as OpenTelemetry writes it: `1` (ratio 0–1), `By`, `By/s`, `s`, `{operation}/s`.
    public var unit: String

    public init(_ series: SeriesKey, _ value: Double, unit: String) {
        self.series = series
        self.value = value
        self.unit = unit
    }
}

/// The samples one collection cycle produces, appended to by each sensor in turn.
public struct SampleBatch: Sendable {
    public private(set) var samples: [Sample] = []

    public init(reservingCapacity capacity: Int = 0) {
        samples.reserveCapacity(capacity)
    }

    /// Appends a sample; non-finite values (NaN, ±inf) are dropped, since no consumer can use them.
    /// - Complexity: amortized O(1).
    public mutating func append(
        _ name: String, _ labels: KeyValuePairs<String, String> = [:], _ value: Double, unit: String
    ) {
        guard value.isFinite else { return }
        samples.append(Sample(SeriesKey(name, labels), value, unit: unit))
    }

    public mutating func append(_ key: SeriesKey, _ value: Double, unit: String) {
        guard value.isFinite else { return }
        samples.append(Sample(key, value, unit: unit))
    }

    public mutating func append(contentsOf other: [Sample]) {
        samples.append(contentsOf: other.filter { $0.value.isFinite })
    }

    public var count: Int { samples.count }
}
