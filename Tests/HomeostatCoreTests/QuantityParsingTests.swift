import HomeostatCore
import Testing

@Suite("Quantities")
struct QuantityParsingTests {
    @Test(
        "byte sizes",
        arguments: [
            ("16GB", UInt64(16_000_000_000)), ("2GB", 2_000_000_000), ("512MiB", 536_870_912), ("1 KiB", 1024),
            ("100", 100), ("1.5KB", 1500), ("0B", 0),
        ])
    func bytes(_ text: String, _ expected: UInt64) {
        #expect(QuantityParsing.bytes(text) == expected)
    }

    @Test("invalid byte sizes", arguments: ["16 gigs", "", "GB", "-1GB", "1e400"])
    func badBytes(_ text: String) {
        #expect(QuantityParsing.bytes(text) == nil)
    }

    @Test("bit rates", arguments: [("1Gbps", UInt64(1_000_000_000)), ("100Mbps", 100_000_000), ("56kbps", 56_000)])
    func bitRates(_ text: String, _ expected: UInt64) {
        #expect(QuantityParsing.bitsPerSecond(text) == expected)
    }

    @Test("durations", arguments: [("500ms", 0.5), ("5m", 300.0), ("1", 1.0), ("2h", 7200.0)])
    func durations(_ text: String, _ expected: Double) {
        #expect(QuantityParsing.seconds(text) == expected)
    }

    @Test("formatting picks the unit that divides exactly")
    func formatting() {
        #expect(QuantityParsing.formatBytes(16_000_000_000) == "16GB")
        #expect(QuantityParsing.formatBytes(8 * 1_073_741_824) == "8GiB")
        #expect(QuantityParsing.formatBytes(1001) == "1001B")
        #expect(QuantityParsing.formatBitsPerSecond(1_000_000_000) == "1Gbps")
    }

    @Test("listen addresses")
    func listen() {
        #expect(ListenAddress(parsing: "127.0.0.1:7777") == ListenAddress(host: "127.0.0.1", port: 7777))
        #expect(ListenAddress(parsing: "[::1]:0") == ListenAddress(host: "::1", port: 0))
        #expect(ListenAddress(parsing: "[::1]:0")?.description == "[::1]:0")
        #expect(ListenAddress(parsing: "localhost") == nil)
        #expect(ListenAddress(parsing: "host:70000") == nil)
        #expect(ListenAddress(parsing: ":80") == nil)
    }
}
