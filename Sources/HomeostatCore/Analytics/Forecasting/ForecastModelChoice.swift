/// The forecaster in use for one series, re-evaluated as data arrives, with hysteresis: a challenger
/// replaces it only when its backtest MASE is at least `margin` (default 10 %) lower, so the choice does
/// not flap between models of near-equal accuracy. The current model is replaced at once when it was
/// excluded (it blew up or can no longer be fitted).
public struct ForecastModelChoice: Sendable, Equatable {
    /// The model in use, nil before the first selection.
    public private(set) var current: ForecasterSpecification?
    /// The current model's MASE in the latest selection.
    public private(set) var currentError: Double = .infinity
    /// The relative improvement a challenger needs, in [0, 1) (default 0.1).
    public var margin: Double

    public init(margin: Double = 0.1) {
        self.margin = margin
    }

    /// Takes a new selection into account; returns true when the model changed.
    /// - Complexity: O(candidates).
    @discardableResult
    public mutating func update(with selection: ForecastModelSelection) -> Bool {
        let best = selection.best
        guard let current, let mine = selection.evaluations.first(where: { $0.specification == current }) else {
            let changed = self.current != best.specification
            self.current = best.specification
            currentError = best.meanAbsoluteScaledError
            return changed
        }
        currentError = mine.meanAbsoluteScaledError
        guard best.specification != current, best.meanAbsoluteScaledError <= (1 - margin) * currentError else {
            return false
        }
        self.current = best.specification
        currentError = best.meanAbsoluteScaledError
        return true
    }
}
