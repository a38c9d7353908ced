#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Corollary 3.2 of V. Kůrková, arXiv:2602.18674 (Docs/theory.md §4): a shallow network
// of n Heaviside perceptrons, input x at distances δ_1 … δ_n from their
// hyperplanes, perturbation εs with s uniform on S^{d−1}. The output can change
// only if x + εs crosses at least one hyperplane; the union bound over the
// perceptrons with δ_i < ε and Theorem 3.1 for each give the two bounds below.

/// The first inequality of Corollary 3.2:
/// `ρ(x, ε) ≥ 1 − Σ_{i: δ_i < ε} exp(−d δ_i² / (2ε²))`, clamped to [0, 1].
///
/// Hyperplanes with `δ_i ≥ ε` cannot be crossed and contribute nothing (also
/// `δ_i = +∞`, a perceptron with zero weights). No distances gives 1. This is the
/// same formula as `perHyperplaneBound(dimension:distances:epsilon:)`, which applies it
/// to the hyperplanes of a deep network's cell.
///
/// - Throws: `ProbabilityError` for `d < 1`, any negative or NaN distance, or an `ε`
///   that is not positive and finite.
public func shallowHeavisideBound(
    dimension d: Int, distances: [Double], epsilon: Double
) throws(ProbabilityError) -> Double {
    try perHyperplaneBound(dimension: d, distances: distances, epsilon: epsilon)
}

/// The second, coarser inequality of Corollary 3.2:
/// `ρ(x, ε) ≥ 1 − n exp(−d δ² / (2ε²))` with `n` the number of perceptrons
/// (`distances.count`) and `δ = min_i δ_i`; 1 when `δ ≥ ε` (no hyperplane is in
/// reach) or when there are no perceptrons. Clamped at 0; computed as
/// `−expm1(ln n − d δ²/(2ε²))`.
///
/// Never larger than `shallowHeavisideBound`, which it relaxes by replacing every
/// distance with the smallest.
///
/// - Throws: `ProbabilityError` for `d < 1`, any negative or NaN distance, or an `ε`
///   that is not positive and finite.
public func shallowHeavisideCoarseBound(
    dimension d: Int, distances: [Double], epsilon: Double
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkDimension(d)
    try ProbabilityError.checkDistances(distances)
    try ProbabilityError.checkEpsilon(epsilon)
    guard let delta = distances.min(), delta < epsilon else { return 1 }
    let exponent = ballExponent(dimension: d, distance: delta, epsilon: epsilon)
    return clampedComplement(logMass: log(Double(distances.count)) - exponent)
}
