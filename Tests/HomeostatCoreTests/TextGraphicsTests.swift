import HomeostatCore
import Testing

@Suite("Text graphics")
struct TextGraphicsTests {
    @Test("sparkline scales between min and max")
    func sparkline() {
        #expect(TextGraphics.sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(TextGraphics.sparkline([0.5, 0.5]) == "▁▁")
        #expect(TextGraphics.sparkline([0, 1], lower: 0, upper: 2) == "▁▅")
        #expect(TextGraphics.sparkline([]) == "")
    }

    @Test("bars")
    func bar() {
        #expect(TextGraphics.bar(0.5, width: 10) == "[|||||     ]")
        #expect(TextGraphics.bar(1.7, width: 4) == "[||||]")
        #expect(TextGraphics.bar(.nan, width: 2) == "[  ]")
    }

    @Test("quantities")
    func quantities() {
        #expect(TextGraphics.bytes(0) == "0 B")
        #expect(TextGraphics.bytes(1536) == "1.5 KiB")
        #expect(TextGraphics.bytes(128 * 1_073_741_824) == "128 GiB")
        #expect(TextGraphics.byteRate(1234) == "1.2 kB/s")
        #expect(TextGraphics.percent(0.2345) == "23.5%")
        #expect(TextGraphics.fixed(3.14159, decimals: 2) == "3.14")
        #expect(TextGraphics.fixed(-0.05, decimals: 1) == "-0.1")
        #expect(TextGraphics.fixed(2.999, decimals: 2) == "3.00")
    }
}
