/// Bounded Nelder–Mead minimisation (Nelder & Mead 1965; reflection 1, expansion 2, contraction ½,
/// shrink ½). Every trial point is clamped into the box, which is how the exponential smoothing fits
/// keep α, β, γ, φ admissible — the approach statsmodels takes with its bounded optimisers.
///
/// Stops when the simplex's function values agree to `tolerance` (relative, plus an absolute
/// 1e-300 floor) or after `maximumEvaluations`.
/// - Complexity: O(maximumEvaluations · cost of f); memory O(d²) for d parameters.
public enum NelderMead {
    /// The best point found and its value.
    public struct Result: Sendable, Equatable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
    }

    /// Minimises `f` over the box `lower…upper` from `start` (clamped into the box).
    /// - Parameters:
    ///   - step: the initial simplex edge as a fraction of each bound's width (default 0.1).
    ///   - tolerance: relative spread of function values that ends the search (default 1e-10).
    ///   - maximumEvaluations: default 200 per parameter.
    public static func minimize(
        _ f: ([Double]) -> Double, start: [Double], lower: [Double], upper: [Double], step: Double = 0.1,
        tolerance: Double = 1e-10, maximumEvaluations: Int? = nil
    ) -> Result {
        let d = start.count
        let budget = maximumEvaluations ?? 200 * max(d, 1)
        var evaluations = 0
        func clamp(_ x: [Double]) -> [Double] {
            (0..<d).map { min(max(x[$0], lower[$0]), upper[$0]) }
        }
        func value(_ x: [Double]) -> Double {
            evaluations += 1
            let v = f(x)
            return v.isNaN ? .infinity : v
        }
        var points = [clamp(start)]
        for i in 0..<d {
            var p = points[0]
            let width = upper[i] - lower[i]
            p[i] += step * width
            if p[i] > upper[i] { p[i] = points[0][i] - step * width }
            points.append(clamp(p))
        }
        var values = points.map(value)
        while evaluations < budget {
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let best = values[0]
            let worst = values[d]
            if abs(worst - best) <= tolerance * (abs(best) + abs(worst)) + 1e-300 { break }
            var centroid = [Double](repeating: 0, count: d)
            for p in points.dropLast() { for i in 0..<d { centroid[i] += p[i] / Double(d) } }
            func along(_ t: Double) -> [Double] {
                clamp((0..<d).map { centroid[$0] + t * (points[d][$0] - centroid[$0]) })
            }
            let reflected = along(-1)
            let reflectedValue = value(reflected)
            if reflectedValue < best {
                let expanded = along(-2)
                let expandedValue = value(expanded)
                if expandedValue < reflectedValue {
                    points[d] = expanded
                    values[d] = expandedValue
                } else {
                    points[d] = reflected
                    values[d] = reflectedValue
                }
            } else if reflectedValue < values[d - 1 < 0 ? 0 : d - 1] {
                points[d] = reflected
                values[d] = reflectedValue
            } else {
                let outside = reflectedValue < worst
                let contracted = along(outside ? -0.5 : 0.5)
                let contractedValue = value(contracted)
                if contractedValue < min(reflectedValue, worst) {
                    points[d] = contracted
                    values[d] = contractedValue
                } else {
                    for j in 1...d {
                        points[j] = clamp((0..<d).map { points[0][$0] + 0.5 * (points[j][$0] - points[0][$0]) })
                        values[j] = value(points[j])
                    }
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] }!
        return Result(point: points[bestIndex], value: values[bestIndex], evaluations: evaluations)
    }
}
