#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Theorem 3.1 of V. Kůrková, "Robustness of Deep ReLU Networks to Misclassification
// of High-Dimensional Data" (arXiv:2602.18674); Docs/theory.md §4. One Heaviside
// perceptron, an input x at Euclidean distance δ from its hyperplane, and a random
// perturbation εs with s uniform on the unit sphere S^{d−1}.

/// The paper's lower bound on the local robustness `ρ(x, ε)` of one Heaviside
/// perceptron (Theorem 3.1): the probability that `x + εs` has the class of `x`.
///
/// Cases, with `δ` the distance from `x` to the perceptron's hyperplane:
/// - `δ < ε` (case (i)): `ρ ≥ 1 − exp(−d δ² / (2 ε²))`, Ball's cap bound (Lemma 2.2)
///   applied to the cap of height `δ/ε`; computed as `−expm1(−d δ²/(2ε²))`, so a
///   bound like `1 − 10⁻²⁰` is not rounded to an inexact `1 − 0`.
/// - `δ ≥ ε` (cases (ii) and (iii)): `ρ = 1`; the sphere of radius ε around x does
///   not reach past the hyperplane (for `δ = ε` it touches it in one point, a null
///   set when `d ≥ 2`).
/// - `δ = 0` (x on the hyperplane): the bound is 0, the trivial bound; the exact
///   value is ½ (see `perceptronRobustnessExact`).
///
/// The value lies in [0, 1]. `δ = +∞` (a perceptron with zero weights) gives 1.
///
/// - Throws: `ProbabilityError` if `d < 1`, `δ` is negative or NaN, or `ε` is not
///   positive and finite.
public func perceptronRobustnessBound(
    dimension d: Int, distance delta: Double, epsilon: Double
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkDimension(d)
    try ProbabilityError.checkDistance(delta)
    try ProbabilityError.checkEpsilon(epsilon)
    if delta >= epsilon { return 1 }
    return -expm1(-ballExponent(dimension: d, distance: delta, epsilon: epsilon))
}

/// The exact local robustness of one Heaviside perceptron under a uniform
/// perturbation on the sphere of radius ε: `ρ = 1 − A_d(δ/ε)` for `δ < ε` and
/// `ρ = 1` for `δ ≥ ε` (Docs/theory.md §4; the proof of Theorem 3.1 of the paper bounds
/// exactly this cap).
///
/// `A_d` is the normalized cap measure (`capMeasure(dimension:height:)`), accurate to
/// `~10⁻¹⁴` relative; `1 − A_d` involves no cancellation since `A_d ≤ ½` here.
/// At `δ = 0` the value is ½ (half the sphere lies on each side).
///
/// For `d = 1` the sphere is `{−1, +1}` and the value is ½ for every `δ < ε`. At
/// `d = 1` and `δ = ε` exactly, the perturbed point lands on the hyperplane with
/// probability ½; it keeps the class of `x` if `x` lies in the closed half-space
/// `H⁻` and not otherwise, so the true value is ½ or 1 depending on the side; this
/// function returns the paper's value 1, which is exact for every `d ≥ 2`.
///
/// - Throws: `ProbabilityError` for `d < 1`, a negative or NaN `δ`, or an `ε` that
///   is not positive and finite.
public func perceptronRobustnessExact(
    dimension d: Int, distance delta: Double, epsilon: Double
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkDimension(d)
    try ProbabilityError.checkDistance(delta)
    try ProbabilityError.checkEpsilon(epsilon)
    if delta >= epsilon { return 1 }
    return 1 - capMeasure(dimension: d, height: delta / epsilon)
}

/// The exponent `d δ² / (2ε²)` of Ball's bound `exp(−d δ²/(2ε²))`, formed from the
/// ratio `t = δ/ε` (finite, no overflow for `δ < ε`).
@inline(__always)
func ballExponent(dimension d: Int, distance delta: Double, epsilon: Double) -> Double {
    let t = delta / epsilon
    return Double(d) * t * t / 2
}

/// `max(0, 1 − exp(logMass))`, the clamped complement of a union bound whose total
/// mass is `exp(logMass)`; computed as `−expm1(logMass)` so that a small mass keeps
/// its digits.
@inline(__always)
func clampedComplement(logMass: Double) -> Double {
    logMass >= 0 ? 0 : -expm1(logMass)
}

/// `min(1, max(0, 1 − mass))` for a union-bound mass `mass ≥ 0`.
@inline(__always)
func clampedComplement(mass: Double) -> Double {
    mass >= 1 ? 0 : min(1, 1 - mass)
}
