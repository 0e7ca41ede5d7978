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
    /// Per-second rates of event and byte counters (Δcount / Δt): 2 decimals, error at most
    /// 5 × 10^-3 per second. A count moves in whole units, so a rate moves in steps of 1 / Δt: 1 per
    /// second at the default 1 s interval, 0.01 at 100 s; 2 decimals are at least as fine up to a
    /// 100 s interval (and 512× finer than a disk's 512-byte sectors at 1 s).
    public static let counterRate = 2
    /// Shares of an interval from microsecond time counters (PSI `total`) and averages of
    /// millisecond counters per operation (disk wait, in seconds): 6 decimals, error at most
    /// 5 × 10^-7, half of 1 µs per second: the PSI counter's own step at the default 1 s interval.
    public static let microsecondShare = 6
    /// Shares of an interval from millisecond time counters (disk `io_ticks` and time in queue, as
    /// utilization and queue length): 4 decimals, error at most 5 × 10^-5: the counters move in steps
    /// of 1 ms / Δt, 10^-3 at 1 s and 10^-4 at 10 s, so 4 decimals are at least as fine up to 10 s.
    public static let millisecondShare = 4
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
