/// What limits the host now, by the USE method: every resource ranked by its best score, the
/// limiting one named (nil when every score is below 1), and the checks that could not run.
public struct BottleneckReport: Sendable, Equatable, Codable {
    /// The window the averages cover, in seconds, and its end (Unix seconds).
    public var windowSeconds: Double
    public var end: Double
    /// The name of the limiting resource (``ResourceAssessment/name``); nil when none is limiting.
    public var limiting: String?
    /// One sentence: the limiting resource and its strongest evidence, or that none is limiting.
    public var summary: String
    /// Highest score first; ties by saturation, then kind (cpu, memory, disk, network, process,
    /// application), then name.
    public var resources: [ResourceAssessment]
    /// Checks that could not run and why: "system.pressure.stall: no samples (kernel without PSI?)".
    public var missing: [String]

    public init(
        windowSeconds: Double, end: Double, limiting: String?, summary: String, resources: [ResourceAssessment],
        missing: [String]
    ) {
        self.windowSeconds = windowSeconds
        self.end = end
        self.limiting = limiting
        self.summary = summary
        self.resources = resources
        self.missing = missing
    }

    /// Writes `"limiting": null` when nothing is limiting, rather than leaving the key out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(windowSeconds, forKey: .windowSeconds)
        try container.encode(end, forKey: .end)
        try container.encode(limiting, forKey: .limiting)
        try container.encode(summary, forKey: .summary)
        try container.encode(resources, forKey: .resources)
        try container.encode(missing, forKey: .missing)
    }

    enum CodingKeys: String, CodingKey {
        case end, limiting, summary, resources, missing
        case windowSeconds = "window_seconds"
    }
}
