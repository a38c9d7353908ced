// Tighter bounds from the same cell (Docs/theory.md §4, "Tighter bounds",
// extensions of V. Kůrková, arXiv:2602.18674, Theorem 4.2).
//
// Every y with the activation pattern of x has the class of x, so
// ρ(x, ε) ≥ P[x + εs ∈ C(x)], and x + εs leaves the cell C(x) only by crossing some
// face hyperplane H_u at distance δ_u < ε from x. The union bound over those
// hyperplanes, with either Ball's bound or the exact cap measure for each, gives:
//
//     paper (Thm 4.2)  ≤  perHyperplaneBound  ≤  exactCapBound  ≤  ρ(x, ε),
//
// the first because every δ_u ≥ r = min δ_u and at most N terms are summed, the
// second because A_d(t) ≤ exp(−d t²/2) (Ball, Lemma 2.2).

/// The per-hyperplane union bound
/// `ρ(x, ε) ≥ 1 − Σ_{u: δ_u < ε} exp(−d δ_u² / (2ε²))`, clamped to [0, 1].
///
/// `distances` are the Euclidean distances `δ_u` from `x` to the hyperplanes of the
/// cell's units (Docs/theory.md §3); hyperplanes with `δ_u ≥ ε`, and `δ_u = +∞` for a
/// unit whose affine function is constant, contribute nothing. Always at least the
/// paper's `deepReLUBound` with `r = min δ_u` and any `N ≥ distances.count`. For a
/// shallow Heaviside network this is Corollary 3.2 (`shallowHeavisideBound`).
///
/// - Throws: `ProbabilityError` for `d < 1`, any negative or NaN distance, or an `ε`
///   that is not positive and finite.
public func perHyperplaneBound(
    dimension d: Int, distances: [Double], epsilon: Double
) throws(ProbabilityError) -> Double {
    try unionBound(dimension: d, distances: distances, epsilon: epsilon, crossing: ballCapBound)
}

/// The exact-cap union bound `ρ(x, ε) ≥ 1 − Σ_{u: δ_u < ε} A_d(δ_u / ε)`, clamped to
/// [0, 1], with the exact cap measure `A_d` (`capMeasure(dimension:height:)`).
///
/// The tightest of the union bounds: each term is the exact probability of ending
/// beyond one hyperplane, so only the union step is loose. At least
/// `perHyperplaneBound` for the same distances.
///
/// Facet-restricted bound (Docs/theory.md §4, tighter bound 3): a ray from `x` that
/// leaves the cell crosses a *facet* (a non-redundant face) at distance `< ε`.
/// Passing only the hyperplane distances `δ_u` of the facets whose facet
/// `F_u = C(x) ∩ H_u` meets the open ball `B(x, ε)` gives a valid, larger bound; the
/// caller (who has the facet analysis) chooses that subset.
///
/// - Throws: `ProbabilityError` for `d < 1`, any negative or NaN distance, or an `ε`
///   that is not positive and finite.
public func exactCapBound(
    dimension d: Int, distances: [Double], epsilon: Double
) throws(ProbabilityError) -> Double {
    try unionBound(dimension: d, distances: distances, epsilon: epsilon, crossing: capMeasure)
}

/// `1 − Σ_{u: δ_u < ε} crossing(d, δ_u/ε)`, clamped to [0, 1]: the union bound
/// shared by the per-hyperplane and exact-cap bounds, which differ only in the
/// cap term (Ball's bound or the exact measure).
private func unionBound(
    dimension d: Int, distances: [Double], epsilon: Double,
    crossing: (_ dimension: Int, _ height: Double) -> Double
) throws(ProbabilityError) -> Double {
    try ProbabilityError.checkDimension(d)
    try ProbabilityError.checkDistances(distances)
    try ProbabilityError.checkEpsilon(epsilon)
    var mass = 0.0
    for delta in distances where delta < epsilon {
        mass += crossing(d, delta / epsilon)
    }
    return clampedComplement(mass: mass)
}
