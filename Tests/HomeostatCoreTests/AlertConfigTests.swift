import Foundation
import HomeostatCore
import Testing

@Suite("Alert rules in the configuration")
struct AlertConfigTests {
    @Test("config show prints the rules so that they read back the same, in YAML and JSON")
    func rulesRender() throws {
        let config = try ConfigLoader.load(file: try ConfigLoaderTests.fixture("alerts.yaml"))
        let text = ConfigRendering.yaml(config)
        #expect(text.contains("  rules:\n    - name: 'disk_full'\n"))
        #expect(text.contains("      actions:\n        - log\n"))
        let reread = try ConfigLoader.parse(yaml: text, source: "rendered")
        #expect(reread.alerts.rules == config.alerts.rules)
        let json = ConfigRendering.dictionary(config)["alerts"] as? [String: any Sendable]
        let rules = try #require(json?["rules"] as? [[String: any Sendable]])
        #expect(rules.map { $0["name"] as? String } == ["disk_full", "slow_checkout"])
        #expect(rules[1]["condition"] as? String == ">=")
        #expect(rules[1]["window"] as? Double == 60)
    }

    @Test func fullRuleParses() throws {
        let path = try ConfigLoaderTests.fixture("alerts.yaml")
        let config = try ConfigLoader.load(file: path)
        #expect(config.alerts.defaultRules == false)
        #expect(config.alerts.applicationMetrics == ["checkout.latency"])
        #expect(config.alerts.rules.map(\.name) == ["disk_full", "slow_checkout"])
        #expect(config.alerts.ruleLines == ["disk_full": 5, "slow_checkout": 20])
        let disk = config.alerts.rules[0]
        #expect(
            disk.selector
                == SeriesSelector(
                    name: "system.filesystem.utilization",
                    matchers: [try LabelMatcher("system.filesystem.mountpoint", .equal, "/")]))
        #expect(disk.comparison == .greater)
        #expect(disk.threshold == 0.95)
        #expect(disk.clearThreshold == 0.9)
        #expect(disk.forDuration == 600)
        #expect(disk.keepFiringFor == 60)
        #expect(disk.staleAfter == 300)
        #expect(disk.repeatInterval == 14_400)
        #expect(disk.severity == .critical)
        #expect(
            disk.actions == [
                .log, .webhook(url: "http://127.0.0.1:9000/hook", timeout: 5),
                .webhook(url: "https://example.invalid/x", timeout: 2),
                .command(arguments: ["/usr/local/bin/page", "--team", "ops"], timeout: 30), .optimizeAutomatically,
            ])
        let slow = config.alerts.rules[1]
        #expect(slow.comparison == .greaterOrEqual)
        #expect(slow.clearThreshold == 0.25)
        #expect(slow.window == AlertWindow(seconds: 60, aggregation: .max))
        #expect(slow.actions == [.log])
    }

    @Test func everyProblemNamesRulePathLineExpectedAndGot() throws {
        let path = try ConfigLoaderTests.fixture("bad-alerts.yaml")
        do {
            _ = try ConfigLoader.load(file: path)
            Issue.record("bad-alerts.yaml loaded")
        } catch {
            let messages = error.issues.map(\.description)
            #expect(
                messages == [
                    "\(path):13:13: unknown key 'alerts.rules[2].fore'; did you mean 'for'?",
                    "\(path):10:15: alerts.rules[2].metric: expected a series selector, got \"system.cpu.utilization{cpu=\"total\"\" (column 35: expected ',' or '}' after a label matcher, got end of input)",
                    "\(path):12:18: alerts.rules[2].condition: expected one of '>', '>=', '<', '<=', got \"=>\"",
                    "\(path):11:18: alerts.rules[2].threshold: expected a number, got abc",
                    "\(path):17:24: alerts.rules[3].clear_threshold: expected a number at most the threshold 0.9 (the alert fires above it), got 0.95",
                    "\(path):21:27: alerts.rules[4].actions[0].command: expected an absolute program path and its arguments, like [\"/usr/local/bin/page\", \"--team\", \"ops\"], got \"rm -rf /\"",
                    "\(path):21:40: alerts.rules[4].actions[1]: expected log, optimize_automatically, {webhook: URL} or {command: […]}, got shout",
                    "\(path):22:7: alerts.rules[5].name: expected a name no other rule has, got \"ok\" (used twice)",
                ])
        }
    }

    @Test func quotedNumberIsNotANumber() {
        let yaml = """
            alerts:
              rules:
                - name: x
                  metric: system.memory.utilization
                  threshold: "abc"
            """
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: yaml, source: "t.yaml") }
        do {
            _ = try ConfigLoader.parse(yaml: yaml, source: "t.yaml")
        } catch {
            #expect(
                error.issues.map(\.description) == [
                    "t.yaml:5:18: alerts.rules[0].threshold: expected a number, got \"abc\""
                ])
        }
    }

    @Test func missingRequiredFields() {
        let yaml = """
            alerts:
              rules:
                - name: x
            """
        do {
            _ = try ConfigLoader.parse(yaml: yaml, source: "t.yaml")
            Issue.record("parsed")
        } catch {
            #expect(
                error.issues.map(\.description) == [
                    "t.yaml:3:7: alerts.rules[0].metric: expected a value (it is required), got nothing",
                    "t.yaml:3:7: alerts.rules[0].threshold: expected a number (it is required), got nothing",
                ])
        }
    }

    @Test func defaultsAreTheSeedsFourRules() throws {
        let rules = DefaultAlertRules.rules(PerformanceConfig.AlertThresholds())
        #expect(rules.map(\.name) == ["response_time", "error_rate", "cpu_usage", "memory_usage"])
        #expect(rules.map(\.threshold) == [0.1, 0.01, 1 - 0.8, 0.9])
        #expect(rules.map(\.comparison) == [.greater, .greater, .less, .greater])
        #expect(rules.allSatisfy { $0.forDuration == 300 && $0.keepFiringFor == 60 })
        let latency = rules[0].selector
        #expect(latency.matches(SeriesKey("checkout.latency", ["quantile": "0.99"])))
        #expect(!latency.matches(SeriesKey("checkout.latency", ["quantile": "0.5"])))
        #expect(!latency.matches(SeriesKey("hb.request.duration", ["quantile": "0.99"])))
        #expect(!latency.matches(SeriesKey("homeostat.collection.duration", ["quantile": "0.99"])))
        #expect(rules[2].selector.matches(SeriesKey("system.cpu.utilization", ["cpu": "total", "state": "idle"])))
        #expect(!rules[2].selector.matches(SeriesKey("system.cpu.utilization", ["cpu": "0", "state": "idle"])))
    }

    @Test func jsonInputParsesLikeYAML() throws {
        let object = try JSONSerialization.jsonObject(
            with: Data(
                #"{"name":"m","metric":"system.memory.utilization","threshold":0.9,"for":"5m","actions":["log",{"webhook":"http://127.0.0.1:1/x"}]}"#
                    .utf8))
        var issues: [ConfigIssue] = []
        let rule = AlertRuleParser.parse(
            AlertRuleInput(json: object), keyPath: "rule", source: "request body", issues: &issues)
        #expect(issues.isEmpty)
        #expect(rule?.forDuration == 300)
        #expect(rule?.threshold == 0.9)
        #expect(rule?.actions == [.log, .webhook(url: "http://127.0.0.1:1/x", timeout: 5)])
        let bad = try JSONSerialization.jsonObject(
            with: Data(#"{"name":"m","metric":"system.memory.utilization","threshold":"0.9"}"#.utf8))
        _ = AlertRuleParser.parse(AlertRuleInput(json: bad), keyPath: "rule", source: "request body", issues: &issues)
        #expect(issues.map(\.description) == ["request body: rule.threshold: expected a number, got \"0.9\""])
    }
}
