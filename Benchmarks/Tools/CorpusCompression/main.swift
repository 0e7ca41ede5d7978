// Re-encodes recorded raw chunks with the current chunk codec and reports bytes per sample per
// metric: what `scripts/measure-compression` runs on a metrics.sqlite (BENCHMARKS.md §7).
//
// Input on stdin, one chunk per line, in series and time order: `name<TAB>labels<TAB>hex bytes`.
// With `--sensor-rounding`, each value is first rounded as the agent's sensors now round it
// (``MetricCatalog``'s `decimals` for the metric name), to evaluate a corpus recorded before
// the sensors rounded. With `--chunk-samples N`, each series' samples are cut into chunks of N
// instead of the recorded ones.

import HomeostatCore
import HomeostatSensors

struct Totals {
    var samples = 0
    var storedBytes = 0
    var encodedBytes = 0
}

func parseHex(_ text: Substring) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count / 2)
    var high: UInt8?
    for character in text.utf8 {
        let nibble: UInt8
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
        default: continue
        }
        if let first = high {
            bytes.append(first << 4 | nibble)
            high = nil
        } else {
            high = nibble
        }
    }
    return bytes
}

/// How the agent now rounds `name`'s values: the host sensors by ``MetricCatalog``'s decimals; the
/// agent's own metrics (HomeostatMetricsFactory) timer quantiles to 5 significant digits and
/// `.rate` series to ``SampleResolution/counterRate`` decimals.
func sensorRounding(of name: String) -> (Double) -> Double {
    if let decimals = MetricCatalog.decimals(of: name) {
        return { SensorRounding.rounded($0, decimals: decimals) }
    }
    if name == "homeostat.collection.duration" {
        return { SensorRounding.rounded($0, significantDigits: 5) }
    }
    if name.hasPrefix("homeostat.") && name.hasSuffix(".rate") {
        return { SensorRounding.rounded($0, decimals: SampleResolution.counterRate) }
    }
    return { $0 }
}

let arguments = CommandLine.arguments
let rounding = arguments.contains("--sensor-rounding")
/// `--chunk-samples N`: cut each series' samples into chunks of N instead of the recorded chunks.
let chunkSamples = arguments.firstIndex(of: "--chunk-samples").flatMap { Int(arguments[$0 + 1]) }
var byMetric: [String: Totals] = [:]
var mismatches = 0

/// Encodes `samples` (one series, in order) as one chunk and checks that it decodes bit for bit.
@MainActor func reencode(_ samples: [ChunkDecoder.Sample], metric name: String) {
    let round = rounding ? sensorRounding(of: name) : { $0 }
    var encoder = ChunkEncoder(reservingSamples: samples.count)
    var expected: [UInt64] = []
    for sample in samples {
        let value = round(sample.value)
        expected.append(value.bitPattern)
        try! encoder.append(timestamp: sample.timestamp, value: value)
    }
    let chunk = encoder.chunk
    let decoded = try! ChunkDecoder(bytes: chunk.bytes).decodeAll()
    if decoded.map(\.value.bitPattern) != expected || decoded.map(\.timestamp) != samples.map(\.timestamp) {
        mismatches += 1
    }
    byMetric[name, default: Totals()].encodedBytes += chunk.bytes.count
}

var series: (name: String, labels: Substring)?
var pending: [ChunkDecoder.Sample] = []
@MainActor func flushSeries() {
    guard let series, let size = chunkSamples else { return }
    for start in stride(from: 0, to: pending.count, by: size) {
        reencode(Array(pending[start..<min(start + size, pending.count)]), metric: series.name)
    }
    pending.removeAll(keepingCapacity: true)
}

while let line = readLine() {
    let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
    guard fields.count == 3 else { continue }
    let name = String(fields[0])
    if series?.name != name || series?.labels != fields[1] {
        flushSeries()
        series = (name, fields[1])
    }
    let stored = parseHex(fields[2])
    let samples: [ChunkDecoder.Sample]
    do {
        samples = try ChunkDecoder(bytes: stored).decodeAll()
    } catch {
        print("skipped a chunk of \(name) \(fields[1]): \(error)")
        continue
    }
    byMetric[name, default: Totals()].samples += samples.count
    byMetric[name, default: Totals()].storedBytes += stored.count
    if chunkSamples == nil {
        reencode(samples, metric: name)
    } else {
        pending += samples
    }
}
flushSeries()

let total = byMetric.values.reduce(into: Totals()) {
    $0.samples += $1.samples
    $0.storedBytes += $1.storedBytes
    $0.encodedBytes += $1.encodedBytes
}
func perSample(_ bytes: Int, _ samples: Int) -> String {
    let value = Double(bytes) / Double(max(samples, 1))
    let rounded = (value * 1000).rounded() / 1000
    return String(rounded)
}
func padded(_ text: String, _ width: Int, left: Bool = false) -> String {
    let pad = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + pad : pad + text
}
print(
    "re-encoded\(rounding ? " after the sensors' rounding" : "")"
        + "\(chunkSamples.map { " in chunks of \($0) samples" } ?? ""): \(total.samples) samples, "
        + "stored \(perSample(total.storedBytes, total.samples)) → now \(perSample(total.encodedBytes, total.samples)) "
        + "bytes/sample (\(total.encodedBytes) bytes); round-trip mismatches: \(mismatches)")
print(
    padded("metric", 42, left: true) + padded("samples", 9) + padded("stored", 8) + padded("now", 8)
        + padded("share", 7))
for (name, totals) in byMetric.sorted(by: { $0.value.encodedBytes > $1.value.encodedBytes }) {
    let share = (Double(totals.encodedBytes) / Double(total.encodedBytes) * 1000).rounded() / 10
    print(
        padded(name, 42, left: true) + padded(String(totals.samples), 9)
            + padded(perSample(totals.storedBytes, totals.samples), 8)
            + padded(perSample(totals.encodedBytes, totals.samples), 8) + padded("\(share)%", 7))
}
