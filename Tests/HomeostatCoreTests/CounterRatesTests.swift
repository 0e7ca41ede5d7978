import HomeostatCore
import Testing

@Suite("Counter rates")
struct CounterRatesTests {
    @Test("plain increase")
    func increase() {
        #expect(CounterDelta.between(100, 250, width: .bits64) == .increase(150))
        #expect(CounterDelta.between(7, 7, width: .bits32) == .increase(0))
    }

    @Test("a 32-bit counter near its maximum wraps")
    func wrap32() {
        // 4294967290 → 10: 5 steps to the maximum, 1 to zero, 10 more = 16.
        #expect(CounterDelta.between(4_294_967_290, 10, width: .bits32) == .wrapped(16))
    }

    @Test("a 64-bit counter near its maximum wraps")
    func wrap64() {
        #expect(CounterDelta.between(UInt64.max - 1, 3, width: .bits64) == .wrapped(5))
    }

    @Test("automatic width: a 32-bit wrap below 2^32, a 64-bit wrap above, a reset otherwise")
    func automaticWidth() {
        #expect(CounterDelta.between(4_294_967_290, 10, width: .automatic) == .wrapped(16))
        #expect(CounterDelta.between(UInt64.max - 1, 3, width: .automatic) == .wrapped(5))
        #expect(CounterDelta.between(1_000_000, 300, width: .automatic) == .reset(300))
        #expect(CounterDelta.between(10_000_000_000, 5, width: .automatic) == .reset(5))
    }

    @Test("a drop far from the maximum is a reset: the new value is the increase")
    func reset() {
        #expect(CounterDelta.between(1_000_000, 300, width: .bits64) == .reset(300))
        #expect(CounterDelta.between(1_000_000, 300, width: .bits32) == .reset(300))
        // A 32-bit-declared counter holding a 64-bit value: the width was wrong, treat the drop as a reset.
        #expect(CounterDelta.between(10_000_000_000, 5, width: .bits32) == .reset(5))
    }

    @Test("rates per second, first reading nil, forgotten keys start afresh")
    func rates() {
        var rates = CounterRates<String>()
        #expect(rates.rate("eth0", 1000, at: 10) == nil)
        #expect(rates.rate("eth0", 3000, at: 12) == 1000)
        #expect(rates.rate("eth0", 3000, at: 12) == nil)  // no time passed
        rates.endCycle()
        #expect(rates.rate("eth0", 3500, at: 13) == 500)
        rates.endCycle()
        rates.endCycle()  // eth0 unseen for a whole cycle: forgotten
        #expect(rates.count == 0)
        #expect(rates.rate("eth0", 9000, at: 20) == nil)
    }

    @Test("rate across a 32-bit wrap")
    func rateAcrossWrap() {
        var rates = CounterRates<Int>()
        _ = rates.rate(1, 4_294_967_000, at: 0, width: .bits32)
        #expect(rates.rate(1, 704, at: 2, width: .bits32) == 500)
    }
}
