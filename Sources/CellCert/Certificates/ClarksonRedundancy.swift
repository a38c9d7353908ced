import LinearProgramming

/// Clarkson's output-sensitive redundancy removal (K. L. Clarkson, "More
/// output-sensitive geometric algorithms", FOCS 1994) for one block of
/// candidate rows of a ``FacetConstraintSystem``, with one GLPK problem.
///
/// The program holds a set `P` of rows — the facets known so far — and for a
/// candidate `u` it solves `m_P = min a_u·z + c_u` over `P` with row `u`
/// relaxed to `≥ −δ`. Since `P` is a subset of all rows, `m_P` is at most the
/// minimum `m_u(δ)` over all rows. The criterion of ``FacetAnalysis`` uses the
/// relaxation `1`, but any `δ > τ` classifies alike: the values of the
/// row over the other rows' region form an interval containing `c_u ≥ 0`, so
/// `m_u(δ) = max(−δ, inf) < −τ` exactly when `m_u(1) = max(−1, inf) < −τ`. A small
/// `δ` (``relaxation``) keeps the optimum next to `H_u`, where the simplex
/// method reaches it in a few pivots. Then:
///
/// - `m_P ≥ −τ`: `m_u(δ) ≥ −τ`, so `u` is **redundant**.
/// - the optimum `z*` satisfies every row outside `P` (computed in floating
///   point): `z*` is feasible for the full program, `m_u(δ) = m_P < −τ`, a **facet**.
/// - otherwise shoot the ray from `x` (`z = 0`, inside every row) to `z*`. The
///   first row `f` it crosses is a facet of the cell (the points just past the
///   crossing satisfy every other row), and `f ∉ P`. Add `f` to `P` and
///   re-solve — warm, by the dual simplex, as only a row was added. If the
///   points between the first and the second crossing violate `f` by more than
///   `τ`, one of them is a witness that `f` is a facet (`m_f < −τ`); when `f`
///   is `u` itself, that decides `u`.
///
/// Every step adds a row to `P` or decides `u`, so a candidate needs at most
/// `|rows| − |P| + 1` LPs; the LPs have `|P| + 1` rows, `|P|` close to the
/// number of facets found. Each verdict rests on the criterion of
/// ``FacetAnalysis`` alone (a proof over a subset of rows, or a feasible
/// point), never on which facets were found first.
struct ClarksonRedundancy {
    let system: FacetConstraintSystem
    let tolerance: Double
    let timeLimitSeconds: Double?

    /// `δ`, in input units (a thousandth; `τ` is 10⁻⁹ by default); at least `2τ` is used.
    static let relaxation = 1e-3

    /// The outcome of one block.
    struct Outcome {
        /// A verdict for every candidate of the block.
        var verdicts: [Int: FacetAnalysis.Verdict] = [:]
        var linearProgramsSolved = 0
        var simplexIterations = 0
    }

    /// Classifies `candidates` (in this order), starting from the rows `knownFacets`.
    ///
    /// Creates, uses and releases its GLPK problem on the calling thread.
    func classify(candidates: [Int], knownFacets: [Int]) throws -> Outcome {
        var outcome = Outcome()
        guard !candidates.isEmpty else { return outcome }
        let program = try FacetLinearProgram(system: system, rows: knownFacets,
                                             relaxation: max(Self.relaxation, 2 * tolerance))
        let ownCandidates = Set(candidates)
        for u in candidates where outcome.verdicts[u] == nil {
            let wasPresent = program.contains(u)
            let verdict = try check(u, in: program, outcome: &outcome, ownCandidates: ownCandidates)
            outcome.verdicts[u] = verdict
            switch verdict {
            case .facetByLP:
                try program.restoreRelaxedRow()
            case .redundant, .unknown:
                // A redundant row constrains nothing the others don't; a row the solver
                // could not decide is not known to be a facet. Keep it only if it was
                // in P before (P may hold any rows of the system: the bounds stay valid).
                if wasPresent { try program.restoreRelaxedRow() } else { try program.remove(u) }
            case .facetByProjection, .duplicate, .degenerate:
                preconditionFailure("Clarkson's test decides only facets by LP, redundant and unknown rows")
            }
        }
        return outcome
    }

    /// The verdict of candidate `u`. Facets found on the way that belong to this
    /// block are recorded in `outcome`; every facet found joins the program.
    private func check(_ u: Int, in program: FacetLinearProgram, outcome: inout Outcome,
                       ownCandidates: Set<Int>) throws -> FacetAnalysis.Verdict {
        try program.makeCandidate(u)
        // The objective changed: the last basis is still primal feasible (up to the
        // rows' bound changes), not dual feasible, so the primal simplex starts.
        var method = SimplexMethod.primal
        var fresh = false
        var rebuilds = 0
        while true {
            // A warm start that stalls on a degenerate vertex (GLPK has no anti-cycling
            // rule) is cut short and retried afresh; a fresh start gets the time limit only.
            let limit = fresh ? nil : Self.warmIterationLimit(rows: program.rowCount, columns: system.dimension)
            let solution = program.solve(method: method, timeLimitSeconds: timeLimitSeconds, iterationLimit: limit)
            outcome.linearProgramsSolved += 1
            outcome.simplexIterations += solution.iterations ?? 0
            fresh = false
            guard solution.status == .optimal, let minimum = solution.objectiveValue, let z = solution.values else {
                // SimplexSession has already retried from other bases and with the other
                // method; try again in a fresh GLPK problem, then give up on this row.
                guard rebuilds < Self.maximumRebuilds else { return .unknown }
                rebuilds += 1
                try program.rebuild()
                method = .primal
                fresh = true
                continue
            }
            if minimum >= -tolerance { return .redundant }
            let values = system.values(at: z)
            let crossings = RayCrossings(reference: system.referenceValues, target: values,
                                         candidate: u, skipping: program.contains)
            guard let first = crossings.first else {
                // z* satisfies every row outside P: it is feasible for the full program.
                return .facetByLP
            }
            let witnessed = crossings.witnessesFacet(first, reference: system.referenceValues, target: values,
                                                     tolerance: tolerance)
            if first == u {
                if witnessed { return .facetByLP }
                // Row u is crossed first but too briefly to tell: the second crossing's
                // row cuts in; it is not in P (P's rows hold at z*), so adding it is progress.
                try program.add([crossings.second!])
            } else {
                if witnessed, ownCandidates.contains(first), outcome.verdicts[first] == nil {
                    outcome.verdicts[first] = .facetByLP
                }
                try program.add([first])
            }
            method = .dual
        }
    }
}

extension ClarksonRedundancy {
    /// Fresh GLPK problems tried per candidate after failures, before `.unknown`.
    static let maximumRebuilds = 2

    /// The iteration limit of a warm-started solve: far more than the simplex
    /// method needs on these programs (a few times rows + columns), far less
    /// than a stalled run would spend before the time limit.
    static func warmIterationLimit(rows: Int, columns: Int) -> Int {
        10 * (rows + 1 + columns) + 1000
    }
}

/// Where the segment from `x` (`z = 0`, values `c`) to `z*` (values `v`) crosses
/// the rows violated at `z*`: row `j` at `t_j = c_j / (c_j − v_j) ∈ [0, 1)`.
struct RayCrossings {
    /// The rows crossed, by increasing `t` (ties by row index).
    let rows: [Int]
    /// Their crossing parameters.
    let times: [Double]

    /// The crossings of the candidate `u` (violated at `z*` by construction) and of
    /// every other row with `v_j < 0` for which `skipping(j)` is false.
    init(reference c: [Double], target v: [Double], candidate u: Int, skipping: (Int) -> Bool) {
        var crossed: [(t: Double, row: Int)] = []
        for j in v.indices where v[j] < 0 && (j == u || !skipping(j)) {
            crossed.append((Self.time(c[j], v[j]), j))
        }
        // With u alone crossed, z* is feasible for every other row: no ray needed.
        if crossed.count == 1, crossed[0].row == u { crossed = [] }
        crossed.sort { $0.t != $1.t ? $0.t < $1.t : $0.row < $1.row }
        rows = crossed.map(\.row)
        times = crossed.map(\.t)
    }

    /// The first row crossed.
    var first: Int? { rows.first }
    /// The second row crossed.
    var second: Int? { rows.count > 1 ? rows[1] : nil }

    /// Whether the midpoint between the first and the second crossing (or `z*`)
    /// violates row `f` (the first) by more than `tolerance` while every other row
    /// holds there, evaluated in floating point: a witness that `m_f < −tolerance`.
    func witnessesFacet(_ f: Int, reference c: [Double], target v: [Double], tolerance: Double) -> Bool {
        let end = times.count > 1 ? times[1] : 1
        let t = (times[0] + end) / 2
        for j in c.indices {
            let value = (1 - t) * c[j] + t * v[j]
            if j == f {
                if !(value < -tolerance) { return false }
            } else if !(value >= 0) {
                return false
            }
        }
        return true
    }

    /// `c / (c − v)` for `v < 0`, clamped to 0 for a row already violated at `x`.
    private static func time(_ c: Double, _ v: Double) -> Double {
        c <= 0 ? 0 : c / (c - v)
    }
}
