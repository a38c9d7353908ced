#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The inverse quantities at the end of Section 4 of V. Kůrková, arXiv:2602.18674
// (Docs/theory.md §4, "Safe sizes"): solving 1 − N exp(−d r²/(2ε²)) = 1 − η
// (Theorem 4.2's bound equal to the target robustness 1 − η) for r or for ε.

/// The distance `δ*(η) = ε · sqrt(2 ln(N/η) / d)` from the face set beyond which the
/// paper guarantees a misclassification probability at most `η`: every input with
/// `r₂(x) ≥ δ*` has `1 − ρ(x, ε) ≤ η` (Theorem 4.2; `deepReLUBound` at `r = δ*`
/// equals `1 − η` when `δ* < ε`).
///
/// Inputs with `r < δ*` are the suspicious ones, whose neighbourhood may hold
/// adversarial points. Since every input with `r ≥ ε` has `ρ = 1`, the effective
/// threshold is `min(δ*, ε)`; this function returns the paper's formula unchanged.
/// `ln(N/η)` is formed as `ln N − ln η`, which is positive for `N ≥ 1`, `η < 1`.
///
/// - Throws: `ProbabilityError` unless `0 < η < 1`, `ε` positive and finite, `d ≥ 1`,
///   `N ≥ 1`.
public func deltaStar(
    eta: Double, epsilon: Double, dimension d: Int, unitCount n: Int
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkEta(eta)
    try ProbabilityError.checkEpsilon(epsilon)
    try ProbabilityError.checkDimension(d)
    try ProbabilityError.checkUnitCount(n)
    let logRatio = log(Double(n)) - log(eta)
    return epsilon * (2 * logRatio / Double(d)).squareRoot()
}

/// The largest perturbation size `ε*(η) = r · sqrt(d / (2 ln(N/η)))` for which
/// Theorem 4.2 still guarantees `1 − ρ(x, ε) ≤ η` at an input with cell radius `r`:
/// `deepReLUBound(radius: r, epsilon: ε*)` equals `1 − η` when `r < ε*`.
///
/// Every `ε ≤ r` has `ρ = 1`, so the largest safe size is in fact `max(r, ε*)`; this
/// function returns the paper's formula unchanged. `r = 0` gives 0, `r = +∞` gives
/// `+∞`.
///
/// - Throws: `ProbabilityError` unless `0 < η < 1`, `r ≥ 0` (not NaN), `d ≥ 1`,
///   `N ≥ 1`.
public func epsilonStar(
    eta: Double, radius r: Double, dimension d: Int, unitCount n: Int
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkEta(eta)
    try ProbabilityError.checkDistance(r, name: "radius")
    try ProbabilityError.checkDimension(d)
    try ProbabilityError.checkUnitCount(n)
    let logRatio = log(Double(n)) - log(eta)
    return r * (Double(d) / (2 * logRatio)).squareRoot()
}
