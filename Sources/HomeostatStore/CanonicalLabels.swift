import HomeostatCore

/// The text form of a series' labels in the `series` table: `k="v",k2="v2"` in `SeriesKey`'s
/// sorted order, so that one key has exactly one text and `UNIQUE(name, labels)` identifies it.
///
/// Values escape `\`, `"` and newline as `\\`, `\"` and `\n`, as Prometheus' text format does;
/// names escape `=` as `\=` too, so any string survives the round trip.
enum CanonicalLabels {
    /// - Complexity: O(total length of names and values).
    static func encode(_ labels: [Label]) -> String {
        var text = String.UnicodeScalarView()
        for (index, label) in labels.enumerated() {
            if index > 0 { text.append(",") }
            append(label.name, to: &text, escaping: ["=", "\""])
            text.append(contentsOf: "=\"".unicodeScalars)
            append(label.value, to: &text, escaping: ["\""])
            text.append("\"")
        }
        return String(text)
    }

    /// The labels of `text`, or nil when `text` is not in the canonical form.
    /// - Complexity: O(`text` length).
    static func decode(_ text: String) -> [Label]? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var labels: [Label] = []
        while index < scalars.count {
            if !labels.isEmpty {
                guard scalars[index] == "," else { return nil }
                index += 1
            }
            guard let name = readUntil("=", in: scalars, from: &index),
                index < scalars.count, scalars[index] == "\""
            else { return nil }
            index += 1
            guard let value = readUntil("\"", in: scalars, from: &index) else { return nil }
            labels.append(Label(name, value))
        }
        return labels
    }

    private static func append(
        _ string: String,
        to text: inout String.UnicodeScalarView,
        escaping special: Set<Unicode.Scalar>
    ) {
        for scalar in string.unicodeScalars {
            if scalar == "\n" {
                text.append(contentsOf: "\\n".unicodeScalars)
            } else {
                if scalar == "\\" || special.contains(scalar) { text.append("\\") }
                text.append(scalar)
            }
        }
    }

    /// Reads an escaped string up to the unescaped `terminator`, leaving `index` after it.
    private static func readUntil(
        _ terminator: Unicode.Scalar,
        in scalars: [Unicode.Scalar],
        from index: inout Int
    ) -> String? {
        var result = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == terminator { return String(result) }
            if scalar == "\\" {
                guard index < scalars.count else { return nil }
                let escaped = scalars[index]
                index += 1
                result.append(escaped == "n" ? "\n" : escaped)
            } else {
                result.append(scalar)
            }
        }
        return nil
    }
}
