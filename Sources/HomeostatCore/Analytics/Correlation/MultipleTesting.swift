/// Corrections of p-values for running many tests at once.
public enum MultipleTesting: String, Sendable, Codable, CaseIterable {
    /// Benjamini–Hochberg (1995): controls the false discovery rate. Adjusted p_(i) =
    /// min_{k ≥ i} min(1, m·p_(k)/k) over the ascending p_(1) ≤ … ≤ p_(m) (R's `p.adjust(method = "BH")`).
    case benjaminiHochberg = "bh"
    /// Bonferroni: controls the family-wise error rate. Adjusted p = min(1, m·p).
    case bonferroni

    /// The adjusted p-values, in the order of `pValues`, for m = `pValues.count` tests.
    /// - Complexity: O(m log m).
    public func adjust(_ pValues: [Double]) -> [Double] {
        let m = Double(pValues.count)
        switch self {
        case .bonferroni:
            return pValues.map { min(1, $0 * m) }
        case .benjaminiHochberg:
            let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
            var adjusted = [Double](repeating: 1, count: pValues.count)
            var running = 1.0
            for position in stride(from: order.count - 1, through: 0, by: -1) {
                let index = order[position]
                running = min(running, pValues[index] * m / Double(position + 1))
                adjusted[index] = min(1, running)
            }
            return adjusted
        }
    }
}
