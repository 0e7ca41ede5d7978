/// Runs ``AnomalyColumn`` over the synthetic labelled suite and evaluates it per anomaly kind.
public enum SyntheticBenchmark {
    /// One kind's result.
    public struct Row: Sendable, Equatable {
        public var kind: SyntheticAnomalyKind
        public var evaluation: AnomalyEvaluation
    }

    /// The first seed of the held-out set: the column's constants were tuned on seeds 1…10 only, and
    /// seeds 101…110 report how well they generalize to series the tuning never saw.
    public static let heldOutFirstSeed: UInt64 = 101

    /// Evaluates `configuration` on `seriesPerKind` series of every kind (seeds `firstSeed` …
    /// `firstSeed + seriesPerKind - 1`).
    /// - Parameters:
    ///   - seriesPerKind: series per kind (default 10; three anomalies each).
    ///   - firstSeed: the first generator seed (default 1, the tuning set; see ``heldOutFirstSeed``).
    ///   - length: samples per series (default 3000).
    ///   - threshold: the detection threshold (default 0.5).
    ///   - tolerance: see ``AnomalyEvaluation`` (default 10 samples).
    /// - Complexity: O(kinds · seriesPerKind · length) column observations.
    public static func run(
        configuration: AnomalyColumn.Configuration = AnomalyColumn.Configuration(), seriesPerKind: Int = 10,
        firstSeed: UInt64 = 1, length: Int = 3000, threshold: Double = 0.5, tolerance: Int = 10
    ) -> [Row] {
        SyntheticAnomalyKind.allCases.map { kind in
            var total = AnomalyEvaluation()
            for seed in firstSeed..<(firstSeed &+ UInt64(max(1, seriesPerKind))) {
                let series = SyntheticSeriesGenerator.make(kind: kind, seed: seed, length: length)
                var column = AnomalyColumn(configuration: configuration)
                var scores = [Double]()
                scores.reserveCapacity(series.values.count)
                for (timestamp, value) in zip(series.timestamps, series.values) {
                    scores.append(column.observe(timestamp: timestamp, value: value).value)
                }
                total =
                    total
                    + AnomalyEvaluation.evaluate(
                        scores: scores, windows: series.windows, threshold: threshold, tolerance: tolerance)
            }
            return Row(kind: kind, evaluation: total)
        }
    }
}
