import HomeostatCore
import Testing

@Suite("Alert evaluator")
struct AlertEvaluatorTests {
    static func sample(_ name: String, _ labels: KeyValuePairs<String, String>, _ value: Double) -> Sample {
        Sample(SeriesKey(name, labels), value, unit: "1")
    }

    static let cpuRule: AlertRule = {
        do {
            return try AlertRule(
                name: "cpu", selector: SeriesSelector(parsing: #"cpu.busy{core=~"[01]"}"#), comparison: .greater,
                threshold: 0.9, staleAfter: 5)
        } catch { preconditionFailure("\(error)") }
    }()

    @Test func eachSelectedSeriesHasItsOwnAlert() throws {
        var evaluator = try AlertEvaluator(rules: [Self.cpuRule])
        let notes = evaluator.evaluate(
            [
                Self.sample("cpu.busy", ["core": "0"], 0.95), Self.sample("cpu.busy", ["core": "1"], 0.5),
                Self.sample("cpu.busy", ["core": "2"], 0.99), Self.sample("mem", [:], 0.99),
            ], at: 100)
        #expect(notes.map(\.series) == [#"cpu.busy{core="0"}"#])
        #expect(notes.map(\.rule) == ["cpu"])
        #expect(evaluator.activeAlerts.map(\.series.description) == [#"cpu.busy{core="0"}"#])
        let next = evaluator.evaluate(
            [Self.sample("cpu.busy", ["core": "1"], 0.95), Self.sample("cpu.busy", ["core": "0"], 0.97)], at: 101)
        #expect(next.map(\.series) == [#"cpu.busy{core="1"}"#])
        #expect(evaluator.activeAlerts.count == 2)
    }

    @Test func aSeriesThatDisappearsResolvesWhenStale() throws {
        var evaluator = try AlertEvaluator(rules: [Self.cpuRule])
        #expect(evaluator.evaluate([Self.sample("cpu.busy", ["core": "0"], 0.95)], at: 0).count == 1)
        for time in 1...4 { #expect(evaluator.evaluate([], at: Double(time)).isEmpty) }
        let resolved = evaluator.evaluate([], at: 5)
        #expect(resolved.map(\.kind) == [.resolved])
        #expect(resolved.first?.value == nil)
        #expect(evaluator.activeAlerts.isEmpty)
    }

    @Test func goneSeriesAreForgottenOnceIdle() throws {
        var evaluator = try AlertEvaluator(rules: [Self.cpuRule])
        evaluator.forgetAfter = 20
        _ = evaluator.evaluate(
            [
                Self.sample("cpu.busy", ["core": "0"], 0.95), Self.sample("cpu.busy", ["core": "1"], 0.1),
                Self.sample("x", [:], 1),
            ],
            at: 0)
        #expect(evaluator.trackedSeriesCount == 3)
        _ = evaluator.evaluate([], at: 19)
        #expect(evaluator.trackedSeriesCount == 3)
        // core 1 and x are idle and gone for 20 s; core 0 resolved (stale after 5 s) and is idle too.
        _ = evaluator.evaluate([], at: 20)
        #expect(evaluator.trackedSeriesCount == 0)
    }

    @Test func persistAndRestoreKeepsFiringWithoutRenotifying() throws {
        var first = try AlertEvaluator(rules: [Self.cpuRule])
        _ = first.evaluate([Self.sample("cpu.busy", ["core": "0"], 0.95)], at: 0)
        let saved = first.persistentStates
        #expect(saved.count == 1)
        var second = try AlertEvaluator(rules: [Self.cpuRule])
        second.restore(saved, now: 10)
        #expect(second.activeAlerts.map(\.state.phase) == [.firing])
        #expect(second.evaluate([Self.sample("cpu.busy", ["core": "0"], 0.96)], at: 11).isEmpty)
        #expect(second.evaluate([Self.sample("cpu.busy", ["core": "0"], 0.1)], at: 12).map(\.kind) == [.resolved])
    }

    @Test func upsertAndRemoveRules() throws {
        var evaluator = try AlertEvaluator(rules: [Self.cpuRule])
        _ = evaluator.evaluate([Self.sample("cpu.busy", ["core": "0"], 0.95), Self.sample("mem", [:], 0.5)], at: 0)
        let memRule = try AlertRule(
            name: "mem", selector: SeriesSelector(name: "mem"), comparison: .greater, threshold: 0.4)
        evaluator.upsert(memRule)
        // The cpu alert keeps its state (no second firing); the new rule fires on the known series.
        let notes = evaluator.evaluate(
            [Self.sample("cpu.busy", ["core": "0"], 0.95), Self.sample("mem", [:], 0.5)], at: 1)
        #expect(notes.map(\.rule) == ["mem"])
        let removed = evaluator.remove(named: "cpu")
        let removedAgain = evaluator.remove(named: "cpu")
        #expect(removed)
        #expect(!removedAgain)
        #expect(evaluator.rules.map(\.name) == ["mem"])
        #expect(evaluator.activeAlerts.map(\.rule.name) == ["mem"])
    }

    @Test func replacingARuleKeepsItsFiringAlert() throws {
        var evaluator = try AlertEvaluator(rules: [Self.cpuRule])
        #expect(evaluator.evaluate([Self.sample("cpu.busy", ["core": "0"], 0.95)], at: 0).map(\.kind) == [.firing])
        let stricter = try AlertRule(
            name: "cpu", selector: Self.cpuRule.selector, comparison: .greater, threshold: 0.99, staleAfter: 5)
        evaluator.upsert(stricter)
        #expect(evaluator.rules.map(\.threshold) == [0.99])
        // Still firing from before: 0.995 > 0.99 keeps it, nobody is told again; 0.95 ≤ 0.99 resolves it.
        #expect(evaluator.evaluate([Self.sample("cpu.busy", ["core": "0"], 0.995)], at: 1).isEmpty)
        #expect(evaluator.evaluate([Self.sample("cpu.busy", ["core": "0"], 0.95)], at: 2).map(\.kind) == [.resolved])
    }

    @Test func duplicateRuleNamesAreRejected() throws {
        #expect(
            throws: AlertRuleError(rule: "cpu", field: "name", expected: "a name no other rule has", got: "a duplicate")
        ) {
            try AlertEvaluator(rules: [Self.cpuRule, Self.cpuRule])
        }
    }

    @Test func invalidRulesNameTheField() throws {
        let selector = SeriesSelector(name: "m")
        #expect(throws: AlertRuleError(rule: "x", field: "threshold", expected: "a finite number", got: "nan")) {
            try AlertRule(name: "x", selector: selector, comparison: .greater, threshold: .nan)
        }
        #expect(
            throws: AlertRuleError(
                rule: "x", field: "clear_threshold",
                expected: "a number at most the threshold 0.8 (the alert fires above it)", got: "0.9")
        ) {
            try AlertRule(name: "x", selector: selector, comparison: .greater, threshold: 0.8, clearThreshold: 0.9)
        }
        #expect(
            throws: AlertRuleError(rule: "x", field: "for", expected: "a duration of 0 or more seconds", got: "-1.0")
        ) {
            try AlertRule(name: "x", selector: selector, comparison: .greater, threshold: 1, forDuration: -1)
        }
        #expect(
            throws: AlertRuleError(
                rule: "bad name", field: "name", expected: "1 to 128 characters of A-Z a-z 0-9 _ . -",
                got: "\"bad name\"")
        ) {
            try AlertRule(name: "bad name", selector: selector, comparison: .greater, threshold: 1)
        }
    }

    /// The seed's defaults on 24 h of a quiet but normally busy host (1 sample per 10 s): CPU idle mostly
    /// 40–90 % with short busy bursts (builds of up to 3 min at idle 5 %), memory at 70–89 % touching
    /// 91 % for a minute twice, latency p99 30–80 ms with single-sample spikes to 400 ms: no notification.
    @Test func defaultRulesStayQuietOnABusyHost() throws {
        var evaluator = try AlertEvaluator(rules: DefaultAlertRules.rules(PerformanceConfig.AlertThresholds()))
        var random = SplitMix64(seed: 7)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        var notes: [AlertNotification] = []
        var burstLeft = 0
        var bursts = 0
        for step in 0..<(86_400 / 10) {
            let time = Double(step * 10)
            let inBurst = burstLeft > 0
            if !inBurst, uniform() < 0.01 {
                burstLeft = 1 + Int(uniform() * 18)  // up to 3 min, the next step at the earliest
                bursts += 1
            }
            let idle = inBurst ? 0.05 : 0.4 + 0.5 * uniform()
            if inBurst { burstLeft -= 1 }
            let hour = step / 360
            let memoryHigh = (hour == 5 || hour == 17) && step % 360 < 6
            let memory = memoryHigh ? 0.91 : 0.7 + 0.19 * uniform()
            let latency = uniform() < 0.02 ? 0.4 : 0.03 + 0.05 * uniform()
            notes += evaluator.evaluate(
                [
                    Sample(SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "idle"]), idle, unit: "1"),
                    Sample(SeriesKey("system.memory.utilization", ["state": "used"]), memory, unit: "1"),
                    Sample(SeriesKey("checkout.latency", ["quantile": "0.99"]), latency, unit: "s"),
                    Sample(SeriesKey("hb.request.duration", ["quantile": "0.99"]), 0.5, unit: "s"),
                ], at: time)
        }
        #expect(bursts > 50)
        #expect(notes.isEmpty)
    }

    @Test func defaultRulesFireOnASustainedProblem() throws {
        var evaluator = try AlertEvaluator(rules: DefaultAlertRules.rules(PerformanceConfig.AlertThresholds()))
        var notes: [AlertNotification] = []
        for step in 0...40 {
            notes += evaluator.evaluate(
                [Sample(SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "idle"]), 0.05, unit: "1")],
                at: Double(step * 10))
        }
        #expect(notes.map(\.rule) == ["cpu_usage"])
        #expect(notes.first?.at == 300)
        #expect(notes.first?.threshold == 1 - 0.8)
    }
}
