/// The floating-point error model behind every certified distance
/// (Docs/floating-point.md derives it).
///
/// IEEE binary64 with round-to-nearest: each operation returns
/// `fl(a ∘ b) = (a ∘ b)(1 + θ)`, `|θ| ≤ u = 2⁻⁵³`. A dot product of length `n`,
/// summed in any order, satisfies `|fl(a·b) − a·b| ≤ γ_n |a|·|b|` with
/// `γ_n = n u / (1 − n u)` (Higham, *Accuracy and Stability of Numerical
/// Algorithms*, 2nd ed., §3.1).
///
/// The bounds are derived to first order in `u` and then multiplied by
/// `safetyFactor = 2`: since every `n` here satisfies `n u < 10⁻³`, the factor
/// covers the dropped second-order terms and the rounding of the bound's own
/// evaluation (a sum of non-negative terms, itself accurate to `γ_n`).
public enum RoundingModel {
    /// The unit roundoff `u = 2⁻⁵³` of binary64.
    public static let unitRoundoff = Double.ulpOfOne / 2

    /// Multiplier applied to every first-order error bound.
    public static let safetyFactor = 2.0

    /// `γ_n = n u / (1 − n u)`.
    @inlinable
    public static func gamma(_ n: Int) -> Double {
        let nu = Double(n) * unitRoundoff
        precondition(nu < 1e-3, "problem too large for the rounding model (n = \(n))")
        return nu / (1 - nu)
    }

    /// A number `≥ (computed norm) ⇒ ≥ exact norm`: the factor by which a
    /// computed `ℓ1`/`ℓ2` norm of a length-`n` vector is inflated to bound the
    /// exact norm from above.
    @inlinable
    public static func normInflation(length n: Int) -> Double {
        1 + safetyFactor * gamma(n + 2)
    }

    /// A lower bound on `numerator / denominator` for non-negative, exactly
    /// known operands: the rounded quotient lowered past its rounding error,
    /// never negative. A non-finite operand (an overflowed bound) proves nothing: 0.
    @inlinable
    public static func quotientLowerBound(_ numerator: Double, _ denominator: Double) -> Double {
        guard numerator > 0, numerator.isFinite, !denominator.isNaN, denominator < .infinity else { return 0 }
        guard denominator > 0 else { return .infinity }
        return max(0, (numerator / denominator).nextDown.nextDown)
    }
}
