import HomeostatCore

/// How many decimals the sensors round each derived metric to (``SensorRounding``), one constant per
/// kind of measurement, each at or below the resolution of the kernel counters it is computed from.
///
/// Rounding a ratio of integer counters loses nothing the counters held; what it drops is the
/// arithmetic noise of the division (`1/199` to 17 digits), which no compression can remove and
/// which made these series cost 3–7 bytes per sample on disk.
public enum SampleResolution {
    /// CPU shares of an interval (`system.cpu.utilization`, ratio 0–1): 4 decimals, error at most
    /// 5 × 10^-5. One jiffy (USER_HZ = 100) of a 1 s interval is a share of 1 / (100 × CPUs): 0.01 on
    /// one CPU, 0.005 for the total of 2, 5 × 10^-4 for 20; so the rounding is at least 5× finer than
    /// the counters' own step up to 20 CPUs at 1 s.
    public static let cpuShare = 4
    /// Per-second rates of event and byte counters (Δcount / Δt): 3 decimals, error at most 5 × 10^-4
    /// per second. A count moves in whole units, so over a 1 s interval a rate moves in steps of about
    /// 1 per second, a thousand times coarser.
    public static let counterRate = 3
    /// Shares of an interval and averages from microsecond or millisecond time counters (PSI `total`
    /// in µs; disk `io_ticks`, time in queue and per-request time in ms): 6 decimals, error at most
    /// 5 × 10^-7, half of 1 µs per second: the PSI counter's own step; a thousandth of the disk
    /// counters' 1 ms.
    public static let timeShare = 6
    /// PSI running averages as ratios: the kernel prints percentages with 2 decimals, so 4 decimals
    /// hold them exactly (`avg10=0.34` becomes 0.0034, not 0.34 / 100 = 0.0034000000000000002).
    public static let pressureAverage = 4
    /// Shares of a byte total (`system.memory.utilization`, `system.filesystem.utilization`): 9
    /// decimals, error at most 5 × 10^-10. One 4 KiB page or block is a share of 4,096 / total,
    /// 1.6 × 10^-7 of 24 GiB and 10^-9 of 4 TB: the rounding is finer up to about 4 TB.
    public static let byteShare = 9
}

/// `value` rounded to `decimals` decimals (``SensorRounding/rounded(_:decimals:)``): what every
/// sensor appends for a metric that ``SampleResolution`` covers.
@inline(__always)
func rounded(_ value: Double, _ decimals: Int) -> Double {
    SensorRounding.rounded(value, decimals: decimals)
}
