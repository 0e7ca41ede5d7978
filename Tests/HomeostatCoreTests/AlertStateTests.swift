import HomeostatCore
import Testing

/// The per-(rule, series) alert state machine: transitions, hysteresis, keep_firing_for, staleness,
/// repeats and flap suppression, with exact notifications.
@Suite("Alert state machine")
struct AlertStateTests {
    static func rule(
        _ comparison: AlertComparison = .greater, threshold: Double = 0.8, clear: Double? = nil, for hold: Double = 0,
        keep: Double = 0, stale: Double = 300, repeatEvery: Double? = nil, window: AlertWindow? = nil
    ) throws -> AlertRule {
        try AlertRule(
            name: "test", selector: SeriesSelector(name: "m"), comparison: comparison, threshold: threshold,
            clearThreshold: clear, forDuration: hold, keepFiringFor: keep, staleAfter: stale,
            repeatInterval: repeatEvery,
            window: window)
    }

    /// Feeds `values` at t = 0, 1, 2, … and returns (time, kind) of every notification.
    static func run(_ rule: AlertRule, _ values: [Double?], state: inout AlertSeriesState) -> [(
        Double, AlertNotification.Kind
    )] {
        var out: [(Double, AlertNotification.Kind)] = []
        for (time, value) in values.enumerated() {
            for note in state.observe(value, at: Double(time), rule: rule, series: "m") {
                out.append((Double(time), note.kind))
            }
        }
        return out
    }

    static func kinds(_ rule: AlertRule, _ values: [Double?]) -> [(Double, AlertNotification.Kind)] {
        var state = AlertSeriesState()
        return run(rule, values, state: &state)
    }

    @Test func pendingThenFiringAfterFor() throws {
        let rule = try Self.rule(for: 3)
        var state = AlertSeriesState()
        let notes = Self.run(rule, [0.5, 0.9, 0.9, 0.9], state: &state)
        #expect(notes.isEmpty)
        #expect(state.phase == .pending)
        #expect(state.startedAt == 1)
        let fired = state.observe(0.95, at: 4, rule: rule, series: "m{x=\"1\"}")
        #expect(fired.count == 1)
        #expect(fired.first?.kind == .firing)
        #expect(fired.first?.startedAt == 1)
        #expect(fired.first?.value == 0.95)
        #expect(fired.first?.series == "m{x=\"1\"}")
        #expect(fired.first?.state == .firing)
        #expect(state.phase == .firing)
    }

    @Test func pendingResetsOnOneGoodSample() throws {
        let rule = try Self.rule(for: 3)
        var state = AlertSeriesState()
        #expect(Self.run(rule, [0.9, 0.9, 0.5, 0.9, 0.9], state: &state).isEmpty)
        #expect(state.phase == .pending)
        #expect(state.startedAt == 3)
    }

    @Test func forZeroFiresOnFirstBreach() throws {
        let notes = Self.kinds(try Self.rule(), [0.81])
        #expect(notes.map(\.0) == [0])
        #expect(notes.map(\.1) == [.firing])
    }

    @Test func equalToThresholdDoesNotBreachStrictComparison() throws {
        #expect(Self.kinds(try Self.rule(), [0.8, 0.8]).isEmpty)
        #expect(Self.kinds(try Self.rule(.greaterOrEqual), [0.8]).map(\.1) == [.firing])
        #expect(Self.kinds(try Self.rule(.less, threshold: 0.2), [0.2, 0.19]).map(\.0) == [1])
        #expect(Self.kinds(try Self.rule(.lessOrEqual, threshold: 0.2), [0.2]).map(\.0) == [0])
    }

    @Test func hysteresisKeepsFiringUntilPastClearThreshold() throws {
        let rule = try Self.rule(threshold: 0.8, clear: 0.7)
        var state = AlertSeriesState()
        let notes = Self.run(rule, [0.85, 0.75, 0.71, 0.7], state: &state)
        #expect(notes.map(\.0) == [0, 3])
        #expect(notes.map(\.1) == [.firing, .resolved])
        #expect(state.phase == .inactive)
    }

    @Test func resolvedCarriesStartAndResolveTimes() throws {
        let rule = try Self.rule()
        var state = AlertSeriesState()
        _ = state.observe(0.9, at: 10, rule: rule, series: "m")
        let resolved = state.observe(0.1, at: 12, rule: rule, series: "m")
        #expect(resolved.count == 1)
        #expect(resolved.first?.kind == .resolved)
        #expect(resolved.first?.startedAt == 10)
        #expect(resolved.first?.resolvedAt == 12)
        #expect(resolved.first?.state == .inactive)
    }

    @Test func keepFiringForHoldsAfterClearing() throws {
        let rule = try Self.rule(keep: 2)
        // Clears at t=1 (last active t=0); still firing at t=1; resolves at t=2.
        #expect(Self.kinds(rule, [0.9, 0.1, 0.1]).map(\.0) == [0, 2])
        // Active again before keep_firing_for ran out: no resolve, no second firing.
        #expect(Self.kinds(rule, [0.9, 0.1, 0.9, 0.1, 0.1, 0.1]).map(\.0) == [0, 4])
    }

    @Test func missingSamplesResolveOnlyWhenStale() throws {
        let rule = try Self.rule(stale: 3)
        var state = AlertSeriesState()
        let notes = Self.run(rule, [0.9, nil, nil, nil, nil], state: &state)
        #expect(notes.map(\.0) == [0, 3])
        #expect(notes.map(\.1) == [.firing, .resolved])
    }

    @Test func staleResolveWaitsForKeepFiringFor() throws {
        let rule = try Self.rule(keep: 5, stale: 2)
        #expect(Self.kinds(rule, [0.9, nil, nil, nil, nil, nil, nil]).map(\.0) == [0, 5])
    }

    @Test func nanCountsAsMissing() throws {
        let rule = try Self.rule(for: 2, stale: 10)
        var state = AlertSeriesState()
        #expect(Self.run(rule, [0.9, .nan, 0.9], state: &state).map(\.0) == [2])
    }

    @Test func pendingDropsWhenStale() throws {
        let rule = try Self.rule(for: 100, stale: 2)
        var state = AlertSeriesState()
        #expect(Self.run(rule, [0.9, nil], state: &state).isEmpty)
        #expect(state.phase == .pending)
        _ = state.observe(nil, at: 2, rule: rule, series: "m")
        #expect(state.phase == .inactive)
        #expect(state.isIdle)
    }

    @Test func repeatIntervalRenotifiesWhileFiring() throws {
        let rule = try Self.rule(repeatEvery: 10)
        let values = [Double?](repeating: 0.9, count: 25)
        #expect(Self.kinds(rule, values).map(\.0) == [0, 10, 20])
        #expect(Self.kinds(rule, values).map(\.1) == [.firing, .repeated, .repeated])
    }

    @Test func oneFiringPerEpisodeHoweverLong() throws {
        let notes = Self.kinds(try Self.rule(), [Double?](repeating: 0.9, count: 1000))
        #expect(notes.count == 1)
    }

    @Test func windowAverageSmoothsASpike() throws {
        let rule = try Self.rule(window: AlertWindow(seconds: 3, aggregation: .avg))
        // avg over the last 3 s: 0.1, (0.1+1.0)/2=0.55, (0.1+1+0.1)/3=0.4, (1+0.1+0.1)/3=0.4 → never > 0.8.
        #expect(Self.kinds(rule, [0.1, 1.0, 0.1, 0.1]).isEmpty)
        let maxRule = try Self.rule(window: AlertWindow(seconds: 3, aggregation: .max))
        #expect(Self.kinds(maxRule, [0.1, 1.0, 0.1, 0.1, 0.1]).map(\.0) == [1, 4])
    }

    @Test func flappingSuppressesThenSettlesOnce() throws {
        let rule = try Self.rule(threshold: 0.5)
        var values: [Double?] = (0..<30).map { $0 % 2 == 0 ? 1 : 0 }
        values += [Double?](repeating: 0, count: 40)
        let notes = Self.kinds(rule, values)
        // Nine pairs of changes (weights 1.2 … 1.2 − 0.4·8/19) reach 0.502 ≥ 0.5 at the tenth record, t=9.
        let early = notes.filter { $0.0 < 9 }
        #expect(
            early.map(\.1) == [.firing, .resolved, .firing, .resolved, .firing, .resolved, .firing, .resolved, .firing])
        let later = notes.filter { $0.0 >= 9 }.map(\.1)
        #expect(later == [.flappingStarted, .flappingStopped, .resolved])
        let stop = notes.first { $0.1 == .flappingStopped }?.0
        let settle = notes.last?.0
        #expect(stop == settle)
    }

    @Test func flapDetectorShares() {
        var detector = FlapDetector()
        for held in [true, false, true] { detector.record(held) }
        // Two changes, newest pair 1.2, next 1.2 − 0.4/19.
        #expect(abs(detector.changeShare - (1.2 + 1.2 - 0.4 / 19) / 20) < 1e-12)
        var steady = FlapDetector()
        for _ in 0..<50 { steady.record(true) }
        #expect(steady.changeShare == 0)
        #expect(!steady.isFlapping)
    }
}
