// Gaussian noise instead of a uniform point on the sphere (Docs/theory.md §4,
// extension; the noise model of randomized smoothing). For x + σg with
// g ~ N(0, I_d), the signed displacement along a hyperplane's unit normal is
// σ·N(0, 1) whatever d is, so the hyperplane at distance δ is crossed with
// probability exactly 1 − Φ(δ/σ). Unlike the sphere, Gaussian noise is unbounded:
// every hyperplane can be crossed, not only those with δ < ε.

/// The exact probability `1 − Φ(δ/σ)` that Gaussian noise `σg`, `g ~ N(0, I_d)`,
/// carries a point at distance `δ` across one hyperplane. For one perceptron this
/// is its exact misclassification probability (so `Φ(δ/σ)` is its robustness);
/// `δ = 0` gives ½ and `δ = +∞` gives 0.
///
/// Computed with `standardNormalCDFComplement` (no cancellation in the tail).
///
/// - Throws: `ProbabilityError` for a negative or NaN `δ` or a `σ` that is not
///   positive and finite.
public func gaussianCrossingProbability(
    distance delta: Double, sigma: Double
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkDistance(delta)
    try ProbabilityError.checkSigma(sigma)
    return standardNormalCDFComplement(delta / sigma)
}

/// The per-hyperplane union bound for Gaussian noise:
/// `P[f(x + σg) = f(x)] ≥ 1 − Σ_u (1 − Φ(δ_u / σ))`, clamped to [0, 1], with `δ_u`
/// the distances from `x` to the hyperplanes of its cell (Docs/theory.md §3). Every
/// hyperplane counts; `δ_u = +∞` contributes 0.
///
/// - Throws: `ProbabilityError` for any negative or NaN distance or a `σ` that is
///   not positive and finite.
public func gaussianPerHyperplaneBound(
    distances: [Double], sigma: Double
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkDistances(distances)
    try ProbabilityError.checkSigma(sigma)
    var mass = 0.0
    for delta in distances {
        mass += standardNormalCDFComplement(delta / sigma)
    }
    return clampedComplement(mass: mass)
}
