#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The paper's main bound, Theorem 4.2 of V. Kůrková, arXiv:2602.18674
/// (Docs/theory.md §4): for a deep ReLU network with `N` units in total (the output unit
/// included) and an input `x` at Euclidean distance `r = r₂(x)` from the boundary
/// of its cell (the face set `S`),
///
///     ρ(x, ε) ≥ 1 − N exp(−d r² / (2ε²))   for r < ε,
///     ρ(x, ε) = 1                            for r ≥ ε.
///
/// The cell has at most `N` faces (Theorem 4.1), each at distance `≥ r` from `x`, and
/// Ball's cap bound for each gives the union bound. Clamped at 0; computed as
/// `−expm1(ln N − d r²/(2ε²))`, so it is exact to a few ulps, also where the bound is
/// `1 − 10⁻²⁰`. `r = +∞` (a cell without faces) gives 1.
///
/// The bound falls only like `ln N` in the unit count and does not depend on how the
/// units are split into layers; `perHyperplaneBound` and `exactCapBound` are tighter
/// valid bounds from the same cell.
///
/// - Throws: `ProbabilityError` for `d < 1`, `N < 1`, a negative or NaN `r`, or an
///   `ε` that is not positive and finite.
public func deepReLUBound(
    dimension d: Int, unitCount n: Int, radius r: Double, epsilon: Double
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkDimension(d)
    try ProbabilityError.checkUnitCount(n)
    try ProbabilityError.checkDistance(r, name: "radius")
    try ProbabilityError.checkEpsilon(epsilon)
    if r >= epsilon { return 1 }
    let exponent = ballExponent(dimension: d, distance: r, epsilon: epsilon)
    return clampedComplement(logMass: log(Double(n)) - exponent)
}
