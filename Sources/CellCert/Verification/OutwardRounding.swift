/// Directed rounding for the bound propagation of ``SymbolicBounds``, built on
/// the error model of ``RoundingModel`` (round to nearest, `u = 2⁻⁵³`).
///
/// Swift cannot switch the FPU's rounding mode, so every bound is computed to
/// nearest and then pushed outward: by a rigorous error term (`γ_n` times the
/// magnitude of the terms summed, doubled by ``RoundingModel/safetyFactor``) and
/// by one ulp. For round to nearest, `fl(x).nextDown ≤ x ≤ fl(x).nextUp` for the
/// exact `x` whose computed value is `fl(x)`, including at powers of two.
enum OutwardRounding {
    /// The error factor of a sum or dot product of `terms` products: a number
    /// `κ` with `|fl(Σ) − Σ| ≤ κ · Σ|terms|` in any summation order
    /// (`safetyFactor · γ_{terms+2}`: the two extra roundings cover a final add
    /// and a multiplication by a slope).
    @inlinable
    static func errorFactor(terms: Int) -> Double {
        RoundingModel.safetyFactor * RoundingModel.gamma(terms + 2)
    }

    /// A computed sum of non-negative error terms, raised so that it bounds the
    /// exact sum of the same terms (their own rounding, relative `γ_n`).
    @inlinable
    static func inflated(_ errorSum: Double, terms: Int) -> Double {
        (errorSum * (1 + errorFactor(terms: terms))).nextUp
    }

    /// A value below the exact `x` whose round-to-nearest result is `computed`.
    @inlinable
    static func roundedDown(_ computed: Double) -> Double { computed.nextDown }

    /// A value above the exact `x` whose round-to-nearest result is `computed`.
    @inlinable
    static func roundedUp(_ computed: Double) -> Double { computed.nextUp }

    /// A slope `λ ≥ u / (u − l)` for `l < 0 < u`: the chord of the ReLU over
    /// `[l, u]`, `λ (z − l) ≥ max(z, 0)` on the interval. The difference is
    /// rounded down and the quotient up, so `λ` is never below the exact chord.
    @inlinable
    static func chordSlope(lower l: Double, upper u: Double) -> Double {
        roundedUp(u / roundedDown(u - l))
    }
}
