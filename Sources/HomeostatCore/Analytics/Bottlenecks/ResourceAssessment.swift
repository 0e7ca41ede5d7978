/// One resource judged by the USE method: its utilization, saturation and errors scores, and the
/// evidence behind them.
///
/// A score is `observed ÷ threshold` of the strongest check in that dimension (1 = at the level that
/// makes the resource limiting); nil when no check of that dimension could run.
public struct ResourceAssessment: Sendable, Equatable, Codable {
    /// The kinds of resource, in the order ties are broken.
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        case cpu, memory, disk, network, process, application

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// How the best score compares with the levels.
    public enum Status: String, Sendable, Codable {
        /// Best score below ``USEThresholds/elevated``.
        case ok
        /// Best score from ``USEThresholds/elevated`` up to 1.
        case elevated
        /// Best score 1 or more.
        case limiting
    }

    public var kind: Kind
    /// `cpu`, `memory`, `disk vda`, `network eth0`, `process 812 postgres`, `application http.server.request.duration`.
    public var name: String
    public var utilization: Double?
    public var saturation: Double?
    public var errors: Double?
    /// The largest of the three scores, 0 when none.
    public var score: Double
    public var status: Status
    /// Every check that ran, strongest first.
    public var evidence: [Evidence]

    /// Scores each dimension by its strongest evidence.
    public init(kind: Kind, name: String, evidence: [Evidence], elevated: Double) {
        self.kind = kind
        self.name = name
        func best(_ dimension: Evidence.Dimension) -> Double? {
            evidence.filter { $0.dimension == dimension }.map(\.score).max()
        }
        utilization = best(.utilization)
        saturation = best(.saturation)
        errors = best(.errors)
        score = [utilization, saturation, errors].compactMap { $0 }.max() ?? 0
        status = score >= 1 ? .limiting : (score >= elevated ? .elevated : .ok)
        self.evidence = evidence.sorted { lhs, rhs in
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.metric < rhs.metric
        }
    }
}

/// One observation behind a score: which series, what it read over the window, the level it is
/// judged against, and what it means.
public struct Evidence: Sendable, Equatable, Codable {
    public enum Dimension: String, Sendable, Codable {
        case utilization, saturation, errors
    }

    public var dimension: Dimension
    /// The series (or series combined) as selector text: `system.pressure.stall{kind="some",resource="cpu"}`.
    public var metric: String
    /// The window average, in `unit`.
    public var value: Double
    /// The newest sample, in `unit`.
    public var latest: Double
    /// The level that scores 1, in `unit`.
    public var threshold: Double
    public var unit: String
    /// `value ÷ threshold`.
    public var score: Double
    /// What the reading means, in a sentence fragment: "share of time a runnable task waited for a CPU".
    public var meaning: String

    public init(
        _ dimension: Dimension, metric: String, value: Double, latest: Double, threshold: Double, unit: String,
        meaning: String
    ) {
        self.dimension = dimension
        self.metric = metric
        self.value = value
        self.latest = latest
        self.threshold = threshold
        self.unit = unit
        score = threshold > 0 ? max(value, 0) / threshold : 0
        self.meaning = meaning
    }
}
