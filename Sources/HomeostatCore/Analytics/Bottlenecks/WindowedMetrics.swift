/// Per-series summaries of the last few seconds of samples: the input of ``USEMethod``.
///
/// Each series keeps the mean of its finite samples in the window and the newest finite sample;
/// NaN and infinite samples are skipped, and a series with no finite sample is left out (the checks
/// that need it then report it missing rather than reading a zero).
public struct WindowedMetrics: Sendable {
    /// One series over the window.
    public struct Value: Sendable, Equatable {
        /// Mean of the finite samples in the window, in the series' unit.
        public var average: Double
        /// The newest finite sample.
        public var latest: Double
        /// How many finite samples were averaged (≥ 1).
        public var samples: Int

        public init(average: Double, latest: Double, samples: Int) {
            self.average = average
            self.latest = latest
            self.samples = samples
        }
    }

    /// One series: its key, unit and window summary.
    public struct Entry: Sendable, Equatable {
        public var key: SeriesKey
        public var unit: String
        public var value: Value
    }

    /// The window's length in seconds (reported, not enforced here).
    public var seconds: Double
    /// The window's end, Unix seconds.
    public var end: Double
    private var byKey: [SeriesKey: Entry] = [:]

    public init(seconds: Double, end: Double) {
        self.seconds = seconds
        self.end = end
    }

    /// Adds (or replaces) a series from its samples, oldest first.
    /// - Complexity: O(n) in the samples.
    public mutating func add(_ key: SeriesKey, unit: String, samples: [Double]) {
        var sum = 0.0
        var count = 0
        var latest: Double?
        for sample in samples where sample.isFinite {
            sum += sample
            count += 1
            latest = sample
        }
        guard let latest else {
            byKey[key] = nil
            return
        }
        byKey[key] = Entry(
            key: key, unit: unit, value: Value(average: sum / Double(count), latest: latest, samples: count))
    }

    /// The series named `name` with exactly `labels`, if it had a finite sample in the window.
    /// - Complexity: O(k log k) for k labels (one hash lookup).
    public func entry(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Entry? {
        byKey[SeriesKey(name, labels)]
    }

    /// Every series named `name`, in key order.
    /// - Complexity: O(s log s) in the series held.
    public func entries(named name: String) -> [Entry] {
        byKey.values.filter { $0.key.name == name }.sorted { $0.key < $1.key }
    }

    /// Every series carrying label `label` = `value`, in key order.
    /// - Complexity: O(s log s) in the series held.
    public func entries(label: String, value: String) -> [Entry] {
        byKey.values.filter { $0.key[label: label] == value }.sorted { $0.key < $1.key }
    }

    /// Number of series held.
    public var count: Int { byKey.count }
}
