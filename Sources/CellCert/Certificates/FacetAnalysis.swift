import LinearProgramming

/// Which face hyperplanes of a cell are true facets (THEORY.md §3).
public struct FacetAnalysis: Sendable, Equatable {
    /// How a row's facet status was decided.
    public enum Verdict: String, Sendable, Codable {
        /// The projection of `x` onto the hyperplane satisfies every other
        /// constraint strictly: a facet, at distance exactly `δ_u` (ℓ2).
        case facetByProjection
        /// The LP found a point of the cell's other constraints that violates this one.
        case facetByLP
        /// The LP proved the constraint implied by the others.
        case redundant
        /// A coincident copy of another row (same normalised hyperplane and
        /// side); that row carries the verdict.
        case duplicate
        /// The LP solver failed or timed out: neither proved nor refuted.
        case unknown
        /// A degenerate row (zero normal): no face at all.
        case degenerate
    }

    /// One verdict per cell row.
    public let verdicts: [Verdict]
    /// For `.duplicate` rows, the row that represents the merged hyperplane.
    public let representative: [Int?]
    /// Number of LPs solved.
    public let linearProgramsSolved: Int

    /// Rows that are facets (one per merged hyperplane).
    public var facetRows: [Int] {
        verdicts.indices.filter { verdicts[$0] == .facetByProjection || verdicts[$0] == .facetByLP }
    }
    /// Number of facets.
    public var facetCount: Int { facetRows.count }
    /// Number of rows the solver could not decide (never counted as facets or as redundant).
    public var unknownCount: Int { verdicts.filter { $0 == .unknown }.count }
}

/// Options for the facet search.
public struct FacetOptions: Sendable {
    /// Two normalised hyperplanes coincide when their normals and offsets agree
    /// within this absolute tolerance.
    public var coincidenceTolerance: Double = 1e-12
    /// A row is a facet by LP when the relaxed constraint can be violated by
    /// more than this (constraints are normalised to unit ℓ2 normals, so this
    /// is a distance in input units).
    public var violationTolerance: Double = 1e-9
    /// Strictness of the projection test, in the same units.
    public var projectionTolerance: Double = 1e-9
    /// Time limit for each LP.
    public var timeLimitSeconds: Double? = 60

    public init() {}
}

extension Cell {
    /// Decides which face hyperplanes are facets (non-redundant constraints) of the cell.
    ///
    /// 1. Rows are normalised to unit ℓ2 normals (oriented inward) and
    ///    coincident ones merged first, since each copy would make the other
    ///    look redundant and a true facet would be lost.
    /// 2. Projection test (sufficient): if the ℓ2 projection `p` of `x` onto
    ///    `H_u` satisfies every other constraint with margin, a neighbourhood
    ///    of `p` in `H_u` lies in the cell, so `u` is a facet.
    /// 3. For the rest, one warm-started GLPK problem over all constraints:
    ///    relax row `u` to `n_u·y + b_u ≥ −1` and minimise `n_u·y + b_u`; the
    ///    row is a facet iff the minimum is `< −violationTolerance`.
    ///
    /// The LP test works in floating point with the stated tolerances: it is a
    /// numerical classification, not a certificate; solver failures are
    /// reported as `.unknown`, never guessed.
    ///
    /// - Parameter x: a point of the cell (the input it was built from), used by the projection test.
    public func facets(near x: [Double], options: FacetOptions = FacetOptions()) throws -> FacetAnalysis {
        let d = inputDimension
        var verdicts = [FacetAnalysis.Verdict](repeating: .degenerate, count: rowCount)
        var representative = [Int?](repeating: nil, count: rowCount)
        let constraints = normalizedConstraints()
        // Merge coincident hyperplanes: sort by a generic projection, compare neighbours in a window.
        let probe = (0..<d).map { k in 1.0 + Double((k * 7919) % 101) / 101.0 }
        let keys = constraints.map { c in zip(c.normal, probe).reduce(c.offset) { $0 + $1.0 * $1.1 } }
        let order = constraints.indices.sorted { keys[$0] < keys[$1] }
        var unique: [Int] = []  // indices into `constraints`
        for (position, i) in order.enumerated() {
            var duplicateOf: Int? = nil
            var back = position - 1
            while back >= 0, keys[i] - keys[order[back]] <= options.coincidenceTolerance * Double(d + 1) * 4 {
                let j = order[back]
                if representative[constraints[j].row] == nil, constraints[i].coincides(with: constraints[j], tolerance: options.coincidenceTolerance) {
                    duplicateOf = j
                    break
                }
                back -= 1
            }
            if let j = duplicateOf {
                verdicts[constraints[i].row] = .duplicate
                representative[constraints[i].row] = constraints[j].row
            } else {
                unique.append(i)
            }
        }
        unique.sort()
        // Projection test. With unit normals, the projection of x onto H_i is
        // p_i = x − s_i n_i (s_j = n_j·x + b_j), and n_j·p_i + b_j = s_j − s_i (n_j·n_i),
        // so one Gram matrix gives every constraint at every projection.
        let uniqueNormals = Matrix(rowArrays: unique.map { constraints[$0].normal })
        let gram = uniqueNormals.multiplied(by: uniqueNormals.transposed())
        let slacks = unique.map { constraints[$0].value(at: x) }
        var undecided: [Int] = []
        for (a, i) in unique.enumerated() {
            let passes = unique.indices.allSatisfy { b in
                b == a || slacks[b] - slacks[a] * gram[b, a] > options.projectionTolerance
            }
            if passes { verdicts[constraints[i].row] = .facetByProjection } else { undecided.append(i) }
        }
        var solved = 0
        if !undecided.isEmpty {
            var program = LinearProgram(variableCount: d, direction: .minimize)
            program.variableBounds = Array(repeating: .free, count: d)
            program.objective = Array(repeating: 0, count: d)
            program.constraints = unique.map { j in
                LinearConstraint(coefficients: constraints[j].normal, lower: -constraints[j].offset, upper: nil)
            }
            let session = try SimplexSession(program)
            var solverOptions = SolverOptions.default
            solverOptions.timeLimitSeconds = options.timeLimitSeconds
            // Each check changes the objective: the previous optimal basis stays primal
            // feasible but not dual feasible, so the primal simplex is the warm start.
            solverOptions.method = .primal
            for i in undecided {
                let row = unique.firstIndex(of: i)!
                let c = constraints[i]
                try session.setConstraintBounds(row, lower: -c.offset - 1, upper: nil)
                try session.setObjective(c.normal, constant: c.offset, direction: .minimize)
                let solution = session.solve(options: solverOptions)
                solved += 1
                try session.setConstraintBounds(row, lower: -c.offset, upper: nil)
                switch solution.status {
                case .optimal:
                    let minimum = solution.objectiveValue!
                    verdicts[c.row] = minimum < -options.violationTolerance ? .facetByLP : .redundant
                default:
                    verdicts[c.row] = .unknown
                }
            }
        }
        return FacetAnalysis(verdicts: verdicts, representative: representative, linearProgramsSolved: solved)
    }

    /// The face rows as inward-oriented constraints `n·y + b ≥ 0` with `‖n‖_2 = 1`.
    func normalizedConstraints() -> [NormalizedConstraint] {
        faceRows.map { u in
            let a = normals.row(u)
            let length = Norm.l2.length(a)
            let sigma = orientations[u]
            return NormalizedConstraint(row: u, normal: a.map { sigma * $0 / length }, offset: sigma * offsets[u] / length)
        }
    }
}

/// An inward-oriented face constraint `normal·y + offset ≥ 0` with a unit ℓ2 normal.
struct NormalizedConstraint {
    let row: Int
    let normal: [Double]
    let offset: Double

    /// `normal·y + offset`: the signed ℓ2 distance of `y` to the hyperplane (positive inside).
    func value(at y: [Double]) -> Double {
        zip(normal, y).reduce(offset) { $0 + $1.0 * $1.1 }
    }

    func coincides(with other: NormalizedConstraint, tolerance: Double) -> Bool {
        abs(offset - other.offset) <= tolerance
            && zip(normal, other.normal).allSatisfy { abs($0 - $1) <= tolerance }
    }
}
