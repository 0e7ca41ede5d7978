/// Text renderings for terminal views: sparklines, bars, human-readable quantities.
public enum TextGraphics {
    private static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One character per value, scaled between `lower` and `upper` (default: the values' own min and
    /// max; a flat series draws the lowest tick). Values outside the range are clamped.
    /// - Complexity: O(n).
    public static func sparkline(_ values: [Double], lower: Double? = nil, upper: Double? = nil) -> String {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return "" }
        let low = lower ?? finite.min()!
        let high = upper ?? finite.max()!
        let span = high - low
        return String(
            values.map { value -> Character in
                guard value.isFinite, span > 0 else { return ticks[0] }
                let position = ((value - low) / span).clamped(to: 0...1)
                return ticks[Int((position * Double(ticks.count - 1)).rounded())]
            })
    }

    /// A bar `[|||||     ]` of `width` cells (inside the brackets) filled to `ratio` (clamped to 0–1).
    public static func bar(_ ratio: Double, width: Int, fill: Character = "|") -> String {
        let cells = max(width, 1)
        let filled = ratio.isFinite ? Int((ratio.clamped(to: 0...1) * Double(cells)).rounded()) : 0
        return "[" + String(repeating: fill, count: filled) + String(repeating: " ", count: cells - filled) + "]"
    }

    /// Binary-prefixed bytes with 1 decimal below 100: `0 B`, `512 B`, `1.5 KiB`, `12.0 MiB`, `120 GiB`.
    public static func bytes(_ value: Double) -> String {
        scaled(value, base: 1024, units: ["B", "KiB", "MiB", "GiB", "TiB", "PiB"])
    }

    /// Decimal-prefixed rate of bytes: `0 B/s`, `1.2 kB/s`, `340 MB/s`.
    public static func byteRate(_ value: Double) -> String {
        scaled(value, base: 1000, units: ["B/s", "kB/s", "MB/s", "GB/s", "TB/s"])
    }

    /// `0.234` → `23.4%`.
    public static func percent(_ ratio: Double, decimals: Int = 1) -> String {
        guard ratio.isFinite else { return "-" }
        return fixed(ratio * 100, decimals: decimals) + "%"
    }

    /// Fixed decimals without Foundation formatting: `fixed(3.14159, 2)` = `3.14`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        var factor = 1.0
        for _ in 0..<max(decimals, 0) { factor *= 10 }
        let rounded = (abs(value) * factor).rounded() / factor
        let sign = value < 0 && rounded > 0 ? "-" : ""
        let whole = Int(rounded)
        guard decimals > 0 else { return sign + String(whole) }
        let fraction = Int(((rounded - Double(whole)) * factor).rounded())
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: max(decimals - digits.count, 0)) + digits
    }

    private static func scaled(_ value: Double, base: Double, units: [String]) -> String {
        guard value.isFinite else { return "-" }
        var magnitude = abs(value)
        var index = 0
        while magnitude >= base && index < units.count - 1 {
            magnitude /= base
            index += 1
        }
        let sign = value < 0 ? "-" : ""
        if index == 0 { return sign + fixed(magnitude, decimals: 0) + " " + units[0] }
        return sign + fixed(magnitude, decimals: magnitude < 100 ? 1 : 0) + " " + units[index]
    }
}

extension Comparable {
    /// The value limited to `range`.
    public func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
