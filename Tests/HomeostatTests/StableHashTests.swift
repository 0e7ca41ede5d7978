import Testing

@testable import Homeostat

@Suite("Stable series hash")
struct StableHashTests {
    /// Published FNV-1a 64-bit test vectors (Fowler, Noll, Vo).
    @Test(
        "FNV-1a 64 matches the published vectors",
        arguments: [
            ("", 0xcbf2_9ce4_8422_2325 as UInt64), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8),
        ])
    func vectors(_ text: String, _ expected: UInt64) {
        #expect(AnomalyMonitor.fnv1a(text) == expected)
    }
}
