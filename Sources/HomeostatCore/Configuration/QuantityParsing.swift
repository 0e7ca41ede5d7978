import Foundation

/// Parsers for the quantities a configuration holds: byte sizes, bit rates, durations.
/// Each returns nil for text it does not understand; the caller says what was expected.
public enum QuantityParsing {
    /// Byte sizes: a plain number of bytes, or a number with a unit: `B`, decimal `KB MB GB TB`
    /// (10³ steps), binary `KiB MiB GiB TiB` (2¹⁰ steps). `16GB` = 16 000 000 000. Case-sensitive
    /// units, optional space: `512 MiB`.
    public static func bytes(_ text: String) -> UInt64? {
        scaled(
            text,
            units: [
                "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
                "KiB": 1024, "MiB": 1_048_576, "GiB": 1_073_741_824, "TiB": 1_099_511_627_776,
            ])
    }

    /// Bit rates: a plain number of bits per second, or with a unit `bps Kbps Mbps Gbps Tbps`
    /// (10³ steps; `kbps` also accepted). `1Gbps` = 10⁹.
    public static func bitsPerSecond(_ text: String) -> UInt64? {
        scaled(text, units: ["bps": 1, "Kbps": 1e3, "kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9, "Tbps": 1e12])
    }

    /// Durations in seconds: a plain number of seconds, or with a unit `ms s m h d`: `500ms` = 0.5.
    public static func seconds(_ text: String) -> Double? {
        guard let value = split(text) else { return nil }
        let factors: [String: Double] = ["": 1, "ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let factor = factors[value.unit] else { return nil }
        return value.number * factor
    }

    private static func scaled(_ text: String, units: [String: Double]) -> UInt64? {
        guard let value = split(text) else { return nil }
        let factor = value.unit.isEmpty ? 1 : units[value.unit]
        guard let factor else { return nil }
        let result = (value.number * factor).rounded()
        guard result >= 0, result < 1.8e19 else { return nil }
        return UInt64(result)
    }

    /// Splits `12.5 GiB` into (12.5, "GiB").
    private static func split(_ text: String) -> (number: Double, unit: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numberPart = trimmed.prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" }
        guard !numberPart.isEmpty, let number = Double(numberPart), number.isFinite, number >= 0 else { return nil }
        let unit = trimmed.dropFirst(numberPart.count).trimmingCharacters(in: .whitespaces)
        return (number, unit)
    }

    /// `16000000000` → `16GB`; `17179869184` → `16GiB`; chooses the unit that divides exactly.
    public static func formatBytes(_ bytes: UInt64) -> String {
        let units: [(String, UInt64)] = [
            ("TiB", 1 << 40), ("TB", 1_000_000_000_000), ("GiB", 1 << 30), ("GB", 1_000_000_000),
            ("MiB", 1 << 20), ("MB", 1_000_000), ("KiB", 1 << 10), ("KB", 1000),
        ]
        for (name, size) in units where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(name)"
        }
        return "\(bytes)B"
    }

    /// `1000000000` → `1Gbps`.
    public static func formatBitsPerSecond(_ bits: UInt64) -> String {
        let units: [(String, UInt64)] = [
            ("Tbps", 1_000_000_000_000), ("Gbps", 1_000_000_000), ("Mbps", 1_000_000), ("Kbps", 1000),
        ]
        for (name, size) in units where bits >= size && bits % size == 0 {
            return "\(bits / size)\(name)"
        }
        return "\(bits)bps"
    }
}
