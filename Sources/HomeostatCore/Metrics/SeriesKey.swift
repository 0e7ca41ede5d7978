/// One label of a series: `cpu="0"`.
public struct Label: Hashable, Sendable, Comparable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public static func < (lhs: Label, rhs: Label) -> Bool {
        (lhs.name, lhs.value) < (rhs.name, rhs.value)
    }
}

/// The identity of a time series: a metric name plus labels sorted by label name.
///
/// Names follow OpenTelemetry semantic conventions (`system.cpu.utilization`), label names too
/// (`cpu`, `state`, `system.device`, `network.io.direction`).
///
/// The hash is computed once at creation: keys are looked up in dictionaries for every sample
/// (working memory, rates, history), and hashing a name plus labels each time would dominate.
public struct SeriesKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String
    /// Sorted by name; at most one label per name.
    public let labels: [Label]
    private let precomputedHash: Int

    /// - Complexity: O(k log k) for k labels.
    public init(_ name: String, _ labels: [Label] = []) {
        self.name = name
        self.labels = labels.sorted()
        var hasher = Hasher()
        hasher.combine(name)
        hasher.combine(self.labels)
        precomputedHash = hasher.finalize()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(precomputedHash)
    }

    public static func == (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        lhs.precomputedHash == rhs.precomputedHash && lhs.name == rhs.name && lhs.labels == rhs.labels
    }

    /// Convenience: `SeriesKey("system.cpu.utilization", ["cpu": "0", "state": "user"])`.
    public init(_ name: String, _ labels: KeyValuePairs<String, String>) {
        self.init(name, labels.map { Label($0.key, $0.value) })
    }

    /// The value of label `name`, if the series has it.
    public subscript(label name: String) -> String? {
        labels.first { $0.name == name }?.value
    }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        return lhs.labels.lexicographicallyPrecedes(rhs.labels)
    }

    /// Prometheus-style text: `system.cpu.utilization{cpu="0",state="user"}`.
    public var description: String {
        if labels.isEmpty { return name }
        let inner = labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",")
        return "\(name){\(inner)}"
    }
}
