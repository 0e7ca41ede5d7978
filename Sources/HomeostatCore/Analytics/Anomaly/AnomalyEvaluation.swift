/// Event-level precision, recall, F1 and detection delay of anomaly scores against labelled windows.
///
/// A sample is a detection when its score is at least `threshold` (default 0.5). Consecutive
/// detections form one run. A labelled window `[start, end)` is hit when some run overlaps
/// `[start, end + tolerance)` (tolerance default 10 samples, for detectors that need a few samples
/// of evidence); each window counts once however many runs touch it. A run that overlaps no window's
/// extended range is one false positive. Delay is the number of samples from a hit window's start to
/// its first detection in that range.
///
/// `precision = hits / (hits + false positives)`, `recall = hits / windows`, `F1` their harmonic mean;
/// each is 1 when its denominator is 0 (nothing to find, nothing flagged), so a clean series with no
/// detections scores perfectly.
///
/// - Complexity: O(samples + windows).
public struct AnomalyEvaluation: Sendable, Equatable {
    public var windows = 0
    public var hits = 0
    public var falsePositives = 0
    /// Samples scored.
    public var samples = 0
    /// Sum of the delays of the hit windows, in samples.
    public var totalDelay = 0

    public init() {}

    public var precision: Double { hits + falsePositives == 0 ? 1 : Double(hits) / Double(hits + falsePositives) }
    public var recall: Double { windows == 0 ? 1 : Double(hits) / Double(windows) }
    public var f1: Double {
        let p = precision
        let r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
    /// Mean delay of the hit windows in samples, nil without hits.
    public var meanDelay: Double? { hits == 0 ? nil : Double(totalDelay) / Double(hits) }
    /// False positives per 10,000 samples.
    public var falsePositivesPer10k: Double { samples == 0 ? 0 : Double(falsePositives) * 10_000 / Double(samples) }

    /// Evaluates one series.
    /// - Parameters:
    ///   - scores: one score per sample.
    ///   - windows: labelled anomalous index ranges, ascending and disjoint.
    ///   - threshold: the detection threshold (default 0.5).
    ///   - tolerance: samples after a window's end in which a detection still counts (default 10).
    public static func evaluate(
        scores: [Double], windows: [Range<Int>], threshold: Double = 0.5, tolerance: Int = 10
    ) -> AnomalyEvaluation {
        var result = AnomalyEvaluation()
        result.samples = scores.count
        result.windows = windows.count
        var firstDetection = [Int?](repeating: nil, count: windows.count)
        var index = 0
        var windowCursor = 0
        while index < scores.count {
            guard scores[index] >= threshold else {
                index += 1
                continue
            }
            let runStart = index
            while index < scores.count, scores[index] >= threshold { index += 1 }
            let run = runStart..<index
            // Windows whose extended range ends before this run can no longer be touched.
            while windowCursor < windows.count, windows[windowCursor].upperBound + tolerance <= run.lowerBound {
                windowCursor += 1
            }
            var touched = false
            var w = windowCursor
            while w < windows.count, windows[w].lowerBound < run.upperBound {
                let extended = windows[w].lowerBound..<(windows[w].upperBound + tolerance)
                if extended.overlaps(run) {
                    touched = true
                    if firstDetection[w] == nil { firstDetection[w] = max(run.lowerBound, extended.lowerBound) }
                }
                w += 1
            }
            if !touched { result.falsePositives += 1 }
        }
        for (w, first) in firstDetection.enumerated() {
            guard let first else { continue }
            result.hits += 1
            result.totalDelay += first - windows[w].lowerBound
        }
        return result
    }

    /// Sums the counts of several evaluations (micro-averaging).
    public static func + (lhs: AnomalyEvaluation, rhs: AnomalyEvaluation) -> AnomalyEvaluation {
        var sum = lhs
        sum.windows += rhs.windows
        sum.hits += rhs.hits
        sum.falsePositives += rhs.falsePositives
        sum.samples += rhs.samples
        sum.totalDelay += rhs.totalDelay
        return sum
    }
}
