/// Student's t distribution with ν degrees of freedom, through the regularized incomplete beta function:
/// P(|T| ≥ t) = I_{ν/(ν+t²)}(ν/2, ½).
public struct StudentTDistribution: Sendable, Equatable {
    /// ν > 0.
    public var degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(|T| ≥ |t|): the two-sided p-value of a t statistic. 1 at t = 0, 0 at ±∞, NaN for NaN or ν ≤ 0.
    /// `StudentTDistribution(degreesOfFreedom: 10).twoSidedPValue(2)` ≈ 0.0733880.
    /// - Complexity: O(1) for everyday ν (see ``IncompleteBeta``).
    public func twoSidedPValue(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        guard !t.isNaN, nu > 0 else { return .nan }
        if t.isInfinite { return 0 }
        return IncompleteBeta.regularized(x: nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// P(T ≤ t).
    /// - Complexity: as ``twoSidedPValue(_:)``.
    public func cdf(_ t: Double) -> Double {
        let tail = twoSidedPValue(t) / 2
        return t >= 0 ? 1 - tail : tail
    }
}
