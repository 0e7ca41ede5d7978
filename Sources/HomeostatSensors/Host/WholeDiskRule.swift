/// Decides which `/proc/diskstats` devices the disk sensor reports: whole devices only.
///
/// The rule, in order:
/// 1. `loop*` and `ram*` devices are skipped (file-backed and RAM disks, not storage).
/// 2. If `<root>/sys/block` exists, a device is whole exactly when `<root>/sys/block/<name>` exists
///    (sysfs lists whole disks there and partitions only beneath their disk; a `/` in the kernel
///    name is written `!`). Device-mapper and md devices are whole by this rule and are kept.
/// 3. Without sysfs (some containers), names decide: `nvme0n1p2`, `mmcblk0p1` (digits, `p`,
///    digits at the end) and `sda1`, `vdb2`, `xvda1`, `hda3` (an `sd`/`vd`/`xvd`/`hd` disk name
///    followed by digits) are partitions; everything else is whole.
///
/// Answers are cached per device name; the cache is pruned to the devices still listed.
struct WholeDiskRule: Sendable {
    private let sysBlock: String
    private var cache: [String: Bool] = [:]

    init(root: SystemRoot) {
        sysBlock = root.path("/sys/block")
    }

    /// Whether `device` is a whole disk to report.
    /// - Complexity: O(1) amortized; one `access(2)` the first time a name is seen.
    mutating func isReported(_ device: String) -> Bool {
        if let known = cache[device] { return known }
        let answer = Self.decide(device, sysBlock: sysBlock)
        cache[device] = answer
        return answer
    }

    /// Forgets devices not in `current`, so a removed disk does not stay cached.
    mutating func prune(keeping current: Set<String>) {
        if cache.count > current.count {
            cache = cache.filter { current.contains($0.key) }
        }
    }

    static func decide(_ device: String, sysBlock: String) -> Bool {
        if device.hasPrefix("loop") || device.hasPrefix("ram") { return false }
        if fileExists(sysBlock) {
            return fileExists(sysBlock + "/" + device.replacingSlashes())
        }
        return !isPartitionName(device)
    }

    /// The name rule of step 3.
    static func isPartitionName(_ device: String) -> Bool {
        let bytes = Array(device.utf8)
        guard let last = bytes.last, isDigit(last) else { return false }
        var index = bytes.count - 1
        while index > 0 && isDigit(bytes[index - 1]) { index -= 1 }
        // `…<digit>p<digits>`: nvme0n1p2, mmcblk0p1.
        if index >= 2 && bytes[index - 1] == 0x70 && isDigit(bytes[index - 2]) { return true }
        let stem = device.utf8.prefix(index)
        for prefix in ["sd", "vd", "xvd", "hd"] where stem.starts(with: prefix.utf8) {
            let letters = stem.dropFirst(prefix.utf8.count)
            return !letters.isEmpty && letters.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
        }
        return false
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

extension String {
    /// Kernel device names may contain `/` (`cciss/c0d0`); sysfs writes it as `!`.
    fileprivate func replacingSlashes() -> String {
        guard contains("/") else { return self }
        return String(map { $0 == "/" ? "!" : $0 })
    }
}
