/// The anomaly score of one sample, with what each detector contributed (for explanations).
public struct AnomalyScore: Sendable, Equatable {
    /// The combined score in [0, 1]: the noisy-OR `1 - Π(1 - cᵢ)` of the contributions. 0.5 is the
    /// default detection threshold.
    public var value: Double
    /// Each detector's calibrated score in [0, 1]; 0 for detectors that are off, warming up or
    /// silent. Contributions below 0.0014 (a detector under a quarter of its threshold) are 0.
    public var contributions: Contributions
    /// Why the score is 0 regardless of the value, if it is.
    public var status: Status

    /// Why a sample got no score.
    public enum Status: Sendable, Equatable {
        /// Scored normally.
        case scored
        /// One of the first `warmUp` finite samples: the detectors learn, the score is 0.
        case warmingUp
        /// NaN or ±infinity: skipped, the column did not change.
        case skippedNonFinite
    }

    /// Per-detector contributions, stored inline so that scoring allocates nothing.
    public struct Contributions: Sendable, Equatable {
        public var median = 0.0
        public var ewma = 0.0
        public var seasonal = 0.0
        public var cusum = 0.0
        public var rate = 0.0

        public init() {}

        public subscript(kind: AnomalyDetectorKind) -> Double {
            get {
                switch kind {
                case .median: return median
                case .ewma: return ewma
                case .seasonal: return seasonal
                case .cusum: return cusum
                case .rate: return rate
                }
            }
            set {
                switch kind {
                case .median: median = newValue
                case .ewma: ewma = newValue
                case .seasonal: seasonal = newValue
                case .cusum: cusum = newValue
                case .rate: rate = newValue
                }
            }
        }

        /// The detector with the largest contribution (the first in declaration order on ties), or nil
        /// when all are 0.
        public var strongest: AnomalyDetectorKind? {
            var best: AnomalyDetectorKind?
            var bestValue = 0.0
            for kind in AnomalyDetectorKind.allCases where self[kind] > bestValue {
                best = kind
                bestValue = self[kind]
            }
            return best
        }
    }

    public init(value: Double, contributions: Contributions = Contributions(), status: Status = .scored) {
        self.value = value
        self.contributions = contributions
        self.status = status
    }

    /// The score and every contribution multiplied by `factor` (in [0, 1]).
    public func scaled(by factor: Double) -> AnomalyScore {
        var contributions = contributions
        for kind in AnomalyDetectorKind.allCases { contributions[kind] *= factor }
        return AnomalyScore(value: value * factor, contributions: contributions, status: status)
    }

    /// A zero score with the given status.
    public static func zero(_ status: Status) -> AnomalyScore {
        AnomalyScore(value: 0, status: status)
    }
}
