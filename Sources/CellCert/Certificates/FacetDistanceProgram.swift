import LinearProgramming
import QuadraticProgramming

/// The distance from a point `x` to one face of a cell, `F_u = C ∩ H_u ∩ D`
/// (THEORY.md §3: "the distance from x to a facet … an LP in ℓ∞ and ℓ1; a
/// convex QP in ℓ2"):
///
///     dist_p(x, F_u) = min ‖y − x‖_p   subject to   σ_v φ_v(y) ≥ 0 for every row v,
///                                                   φ_u(y) = 0,   y ∈ D.
///
/// It is at least the hyperplane distance `δ_u = |φ_u(x)| / ‖A_u‖_q`; it is
/// `+∞` (``FacetDistance/unreachable``) when the face misses the domain or is
/// empty. `x` need not lie in the cell (the search measures from the input to
/// faces of cells further out).
///
/// Formulation, in the displacement `z = y − x` and with rows normalised to
/// unit ℓ2 normals `n_v = σ_v A_v / ‖A_v‖₂` and signed distances
/// `s_v = σ_v φ_v(x) / ‖A_v‖₂` (so a row reads `n_v·z ≥ −s_v`, well scaled):
/// - ℓ∞: minimise `t` with `−t ≤ z_i ≤ t` (2d rows);
/// - ℓ1: `z = p − q`, `p, q ≥ 0`, minimise `Σ p_i + q_i`;
/// - ℓ2: the QP `min ½‖z‖²` solved by ``QuadraticProgramming``.
/// The domain becomes bounds on `z` (ℓ∞, ℓ2) or on `p` and `q` (ℓ1; exact
/// because `x ∈ D`, so an optimal split has `p_i q_i = 0`).
///
/// One GLPK problem per program, built once per cell: each query fixes row
/// `u` to equality, re-solves warm (the objective never changes, so the
/// previous basis stays dual feasible and the dual simplex repairs it), and
/// restores the row. Not `Sendable`: create, use and drop it on one thread.
///
/// Results are floating point within GLPK's tolerances (rows hold to ~1e-9 in
/// these normalised units), a numerical answer, not a rounding-proof one.
final class FacetDistanceProgram {
    let norm: Norm
    let x: [Double]
    /// The cell rows that take part, in order (face rows; degenerate rows bound nothing).
    let rows: [Int]
    /// `n_v` and `s_v` for each entry of `rows`.
    private let normals: [[Double]]
    private let signedDistances: [Double]
    private let rowPosition: [Int: Int]
    private let domainOffsets: (lower: [Double], upper: [Double])?
    private var session: SimplexSession?
    private var sessionBuildFailed = false
    /// LPs or QPs solved so far.
    private(set) var solveCount = 0

    /// A program for the faces of `cell`, measured from `x` in `norm`.
    ///
    /// - Precondition: `x` has the cell's dimension, and lies in `domain` when one is given.
    init(cell: Cell, from x: [Double], norm: Norm, domain: InputBox?) {
        precondition(x.count == cell.inputDimension, "point and cell dimensions differ")
        self.norm = norm
        self.x = x
        var rows: [Int] = []
        var normals: [[Double]] = []
        var distances: [Double] = []
        for u in cell.faceRows {
            let (normal, length) = cell.inwardUnitNormal(row: u)
            guard length > 0, length.isFinite else { continue }
            rows.append(u)
            normals.append(normal)
            distances.append(cell.orientations[u] * cell.value(row: u, at: x) / length)
        }
        self.rows = rows
        self.normals = normals
        self.signedDistances = distances
        self.rowPosition = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        self.domainOffsets = domain.map { box in
            precondition(box.contains(x), "the point lies outside the domain")
            return (zip(box.lower, x).map { $0 - $1 }, zip(box.upper, x).map { $0 - $1 })
        }
    }

    /// `dist_p(x, C ∩ H_u ∩ D)` for cell row `u`, with the nearest point.
    func distance(toRow u: Int, timeLimitSeconds: Double?) -> FacetDistance {
        guard let position = rowPosition[u] else { return .unreachable }
        solveCount += 1
        switch norm {
        case .l2:
            return projectionDistance(position: position, timeLimitSeconds: timeLimitSeconds)
        case .linf, .l1:
            return linearDistance(position: position, timeLimitSeconds: timeLimitSeconds)
        }
    }

    // MARK: ℓ∞ and ℓ1: one warm-started GLPK problem

    private func linearDistance(position: Int, timeLimitSeconds: Double?) -> FacetDistance {
        guard let session = linearSession() else {
            return .failed("the LP of the cell could not be built")
        }
        let bound = -signedDistances[position]
        do {
            try session.setConstraintBounds(position, lower: bound, upper: bound)
        } catch {
            return .failed("\(error)")
        }
        var options = SolverOptions.default
        options.timeLimitSeconds = timeLimitSeconds
        options.method = .dualThenPrimal
        let solution = session.solve(options: options)
        try? session.setConstraintBounds(position, lower: bound, upper: nil)
        switch solution.status {
        case .optimal:
            let values = solution.values!
            let d = x.count
            let displacement = norm == .l1 ? (0..<d).map { values[$0] - values[d + $0] } : Array(values[0..<d])
            let distance = max(0, solution.objectiveValue!)
            return .reached(distance: distance, point: zip(x, displacement).map { $0 + $1 })
        case .infeasible:
            return .unreachable
        default:
            return .failed(solution.status.description)
        }
    }

    /// The GLPK problem with every row at `n_v·z ≥ −s_v`, built on first use.
    private func linearSession() -> SimplexSession? {
        if let session { return session }
        if sessionBuildFailed { return nil }
        let d = x.count
        let program: LinearProgram
        switch norm {
        case .linf, .l2:  // ℓ2 uses the ℓ∞ program only to confirm that a face is empty
            var lp = LinearProgram(variableCount: d + 1, direction: .minimize)
            lp.objective[d] = 1
            lp.variableBounds[d] = .nonNegative
            if let (lower, upper) = domainOffsets {
                for i in 0..<d { lp.variableBounds[i] = .between(lower[i], upper[i]) }
            }
            for (n, s) in zip(normals, signedDistances) {
                lp.addConstraint(coefficients: n + [0], lower: -s, upper: nil)
            }
            for i in 0..<d {
                var below = [Double](repeating: 0, count: d + 1)
                below[i] = 1; below[d] = 1           // z_i + t ≥ 0
                lp.addConstraint(coefficients: below, lower: 0, upper: nil)
                var above = below
                above[d] = -1                         // z_i − t ≤ 0
                lp.addConstraint(coefficients: above, lower: nil, upper: 0)
            }
            program = lp
        case .l1:
            var lp = LinearProgram(variableCount: 2 * d, direction: .minimize)
            lp.objective = Array(repeating: 1, count: 2 * d)
            for i in 0..<d {
                if let (lower, upper) = domainOffsets {
                    lp.variableBounds[i] = .between(0, max(0, upper[i]))
                    lp.variableBounds[d + i] = .between(0, max(0, -lower[i]))
                } else {
                    lp.variableBounds[i] = .nonNegative
                    lp.variableBounds[d + i] = .nonNegative
                }
            }
            for (n, s) in zip(normals, signedDistances) {
                lp.addConstraint(coefficients: n + n.map { -$0 }, lower: -s, upper: nil)
            }
            program = lp
        }
        do {
            session = try SimplexSession(program)
        } catch {
            sessionBuildFailed = true
        }
        return session
    }

    // MARK: ℓ2: a QP per face

    /// `min ½‖z‖²` subject to `n_v·z ≥ −s_v` (every other row), `n_u·z = −s_u`
    /// and the domain offsets as bounds, by the Goldfarb–Idnani solver. Its dual
    /// method has no clock: `timeLimitSeconds` is not used (its iteration limit
    /// ends it instead). The distance is computed from the optimal point, never
    /// from the objective (see ``QuadraticProgram/projection(of:)``).
    private func projectionDistance(position: Int, timeLimitSeconds: Double?) -> FacetDistance {
        let d = x.count
        var program = QuadraticProgram.projection(of: [Double](repeating: 0, count: d))
        program.equalities = [QuadraticProgramRow(coefficients: normals[position], bound: -signedDistances[position])]
        program.inequalities = normals.indices.filter { $0 != position }.map {
            QuadraticProgramRow(coefficients: normals[$0], bound: -signedDistances[$0])
        }
        if let (lower, upper) = domainOffsets {
            program.lowerBounds = lower.map { Optional($0) }
            program.upperBounds = upper.map { Optional($0) }
        }
        let solution: QuadraticProgramSolution
        do {
            solution = try solve(program)
        } catch {
            return .failed("\(error)")
        }
        switch solution.status {
        case .optimal:
            let z = solution.point!
            return .reached(distance: Norm.l2.length(z), point: zip(x, z).map { $0 + $1 })
        case .infeasible:
            // The QP may call a face with a nearly dependent row infeasible when its
            // points lie far away (module README); an empty face must not hide a
            // path, so the ℓ∞ LP of the same face has to agree.
            switch linearDistance(position: position, timeLimitSeconds: timeLimitSeconds) {
            case .unreachable: return .unreachable
            case .reached: return .failed("the QP found the face empty, the LP did not")
            case .failed(let reason): return .failed("the QP found the face empty, the LP failed to confirm it (\(reason))")
            }
        default:
            return .failed("QP \(solution.status)")
        }
    }
}

/// The outcome of one facet-distance program.
enum FacetDistance {
    /// The face is reached at `distance`, at `point` (raw input units).
    case reached(distance: Double, point: [Double])
    /// The face is empty or misses the domain: no point of it to reach.
    case unreachable
    /// The solver failed or ran out of time: nothing is known beyond `δ_u`.
    case failed(String)
}
