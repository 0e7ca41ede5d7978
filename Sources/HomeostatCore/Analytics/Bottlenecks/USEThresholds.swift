/// The levels at which a USE check calls its resource limiting: a check scores `observed ÷ level`,
/// so 1 means "at the level" and a resource whose best-scoring check reaches 1 is limiting.
///
/// Levels follow Brendan Gregg's USE method (utilization, saturation, errors): utilization near
/// 100 % of a resource's capacity, any sustained saturation (work waiting: PSI stall time, run queue,
/// swapping, disk queue) and any sustained errors. Saturation is the strongest evidence, since
/// utilization averaged over seconds hides bursts while queued work is delay someone already paid.
/// Every level is a default that can be changed per use.
public struct USEThresholds: Sendable, Equatable {
    /// CPU busy share (1 − idle − iowait of `cpu="total"`), ratio: 0.90. Above it, new work queues.
    public var cpuBusy = 0.90
    /// PSI `cpu some`: share of time at least one runnable task waited for a CPU, ratio: 0.20.
    public var cpuPressure = 0.20
    /// Runnable threads other than the collector's own, per logical CPU: 1.5; used only on kernels
    /// without PSI. The run queue the kernel reports (`procs_running`) includes the agent's reading
    /// thread, so one is subtracted; it is one instantaneous count per collection, noisy and, in VMs,
    /// high (4 on an idle 2-CPU guest here), which is why PSI is preferred.
    /// Load average is not used: Linux counts tasks in uninterruptible I/O in it, so it rises under
    /// disk load as much as under CPU load, and its 1-minute decay is slower than the window.
    public var runQueuePerCPU = 1.5
    /// Share of time the hypervisor ran someone else while this guest wanted a CPU (steal), ratio: 0.10.
    public var cpuSteal = 0.10
    /// Share of time the agent's cgroup was throttled by its CPU quota (`cpu.stat` throttled time), ratio: 0.25.
    public var cgroupThrottled = 0.25

    /// Memory in use, 1 − MemAvailable ÷ MemTotal, ratio: 0.90.
    public var memoryUsed = 0.90
    /// The agent's cgroup memory against its limit, ratio: 0.95.
    public var cgroupMemoryUsed = 0.95
    /// PSI `memory some`: share of time at least one task stalled on memory (reclaim, swap-in,
    /// thrashing refaults), ratio: 0.10.
    public var memoryPressure = 0.10
    /// PSI `memory full`: share of time every non-idle task stalled on memory, ratio: 0.05.
    public var memoryPressureFull = 0.05
    /// Pages swapped in plus out per second: 256 (1 MiB/s at 4 KiB pages). Any sustained swapping
    /// means the working set does not fit.
    public var swapPagesPerSecond = 256.0
    /// Major page faults per second (reads from disk to satisfy a memory access): 1,000.
    public var majorFaultsPerSecond = 1000.0
    /// Processes the OOM killer ended, per second: 0.1, so one kill in a 10 s window scores 1. The
    /// USE method's memory errors: an allocation the kernel could not satisfy at all.
    public var oomKillsPerSecond = 0.1

    /// Disk busy share (`io_ticks` over the interval), ratio: 0.90. Devices that serve requests in
    /// parallel (NVMe, virtio) can be 100 % busy with headroom left, so saturation decides there.
    public var diskBusy = 0.90
    /// Average requests in flight (weighted I/O time ÷ interval): 2.
    public var diskQueueLength = 2.0
    /// Average time per completed request, queueing included, in seconds: 0.050.
    public var diskAwait = 0.050
    /// PSI `io some`: share of time at least one task waited for I/O, ratio: 0.20.
    public var ioPressure = 0.20
    /// PSI `io full`: share of time every non-idle task waited for I/O, ratio: 0.10.
    public var ioPressureFull = 0.10
    /// CPU time idle while I/O was outstanding (iowait of `cpu="total"`), ratio: 0.20.
    public var ioWait = 0.20

    /// Receive plus transmit errors per second on an interface: 1.
    public var networkErrorsPerSecond = 1.0
    /// Receive plus transmit drops per second on an interface (queues overflowing): 10.
    public var networkDropsPerSecond = 10.0

    /// A watched process's CPU as a share of all logical CPUs, ratio: 0.90.
    public var processCPU = 0.90
    /// A single-threaded watched process's CPU in cores: 0.95. One thread cannot use more than one core.
    public var singleThreadCPU = 0.95

    /// The 99th-percentile latency of an application timer, in seconds: 0.5.
    public var latencyP99 = 0.5

    /// A resource whose best score is at least this but below 1 is `elevated`: 0.5.
    public var elevated = 0.5

    public init() {}
}
