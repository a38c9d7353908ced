import LinearProgramming

/// The projection test again, from a point deep inside the cell instead of `x`.
///
/// `x` often lies close to a few hyperplanes, and then projecting it onto a
/// farther hyperplane crosses those first: on a 784-256-256-10 cell only 35 of
/// 521 facets pass the test from `x`. From a centre `y₀` of the cell — a point
/// of the Chebyshev LP `max r : n_j·y + b_j ≥ r for all j, r ≤ 1` (capped, as
/// cells are often unbounded) — most do (328 there), which spares Clarkson's
/// LPs those rows.
///
/// The conclusion is a witness in the sense of ``FacetAnalysis``: with
/// `s_j = n_j·y₀ + b_j` and `w = y₀ − (s_u + 2τ) n_u` (a point `2τ` beyond `H_u`),
/// `n_j·w + b_j = s_j − (s_u + 2τ) G_ju`; if this exceeds the projection margin
/// (``FacetOptions/projectionTolerance``, `≥ 0`) for every `j ≠ u`, then `w`
/// satisfies every other row and violates `u` by `2τ > τ`, so `m_u < −τ`.
/// These rows are `.facetByLP` (the distance `δ_u` from `x` is not claimed).
enum CentreProjectionTest {
    /// The coordinates `z` of a capped Chebyshev centre, or `nil` if the LP did not
    /// reach an optimum (the test is then skipped; nothing is concluded from a failure).
    static func centre(of system: FacetConstraintSystem, timeLimitSeconds: Double?) throws -> [Double]? {
        let k = system.dimension
        // Variables (z, r): maximise r subject to a_j·z − r ≥ −c_j and r ≤ 1.
        var program = LinearProgram(variableCount: k + 1, direction: .maximize)
        program.variableBounds = Array(repeating: .free, count: k) + [VariableBounds(lower: nil, upper: 1)]
        program.objective = Array(repeating: 0, count: k) + [1]
        program.constraints = (0..<system.rowCount).map { j in
            .greaterOrEqual(system.row(j) + [-1], -system.referenceValues[j])
        }
        let solution = try solve(program, options: SolverOptions(timeLimitSeconds: timeLimitSeconds))
        guard solution.status == .optimal, let point = solution.values, let radius = solution.objectiveValue,
              radius > 0 else { return nil }
        return Array(point.prefix(k))
    }

    /// The rows among `candidates` whose witness from the centre with values `s`
    /// (one per row) holds with `margin`, given the Gram matrix `gram` of the unit normals.
    static func witnessedFacets(candidates: [Int], values s: [Double], gram: Matrix,
                                tolerance: Double, margin: Double) -> [Int] {
        candidates.filter { u in
            let depth = s[u] + 2 * tolerance
            return s.indices.allSatisfy { j in j == u || s[j] - depth * gram[j, u] > max(margin, 0) }
        }
    }
}
