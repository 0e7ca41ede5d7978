/// A rule's ``SeriesSelector`` arranged for matching many new series: the metric name first, then the
/// `=`/`!=` matchers, then the regular expressions, so most series are rejected by string comparisons
/// before any regex runs (the canonical order of ``SeriesSelector/matchers`` sorts `__name__` regexes
/// first). Selects exactly the series ``SeriesSelector/matches(_:)`` selects.
struct CompiledSelector: Sendable {
    private let name: String?
    private let plain: [LabelMatcher]
    private let patterns: [LabelMatcher]

    init(_ selector: SeriesSelector) {
        name = selector.name
        plain = selector.matchers.filter { $0.op == .equal || $0.op == .notEqual }
        patterns = selector.matchers.filter { $0.op == .matchesRegex || $0.op == .doesNotMatchRegex }
    }

    /// - Complexity: O(m · k) for m matchers and k labels, regexes last.
    func matches(_ key: SeriesKey) -> Bool {
        if let name, key.name != name { return false }
        for matcher in plain where !matcher.matches(value(of: matcher.label, in: key)) { return false }
        for matcher in patterns where !matcher.matches(value(of: matcher.label, in: key)) { return false }
        return true
    }

    private func value(of label: String, in key: SeriesKey) -> String {
        label == SeriesSelector.nameLabel ? key.name : (key[label: label] ?? "")
    }
}
