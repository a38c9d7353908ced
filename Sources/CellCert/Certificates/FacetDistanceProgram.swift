import LinearProgramming
import QuadraticProgramming

/// The distance from a point `x` to one face of a cell, `F_u = C ∩ H_u ∩ D`
/// (Docs/theory.md §3, "Face distances": an LP in ℓ∞ and ℓ1, a convex QP in ℓ2):
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
/// The optimum is floating point within GLPK's tolerances (rows hold to ~1e-9
/// in these normalised units), a numerical answer. Beside it every reached face
/// gets a rigorous lower bound (``FacetDistance/reached(distance:certified:point:)``):
/// the solver's Lagrange multipliers turned into a ``FaceDistanceCertificate``
/// and checked against the exact rows, or the certified hyperplane distance when
/// that proves less. An empty face is only a claim until
/// ``provesUnreachable(row:within:timeLimitSeconds:)`` proves it.
final class FacetDistanceProgram {
    let norm: Norm
    let x: [Double]
    /// The cell rows that take part, in order (face rows; degenerate rows bound nothing).
    let rows: [Int]
    private let cell: Cell
    private let domain: InputBox?
    /// `n_v` and `s_v` for each entry of `rows`, and the lengths `‖Â_v‖₂` that normalise them.
    private let normals: [[Double]]
    private let signedDistances: [Double]
    private let lengths: [Double]
    /// `φ̂_v(x)` and their error bounds, for the certificates.
    private let valueBounds: (values: [Double], errors: [Double])
    /// Certified lower bounds on the distances from `x` to every row's hyperplane (either side).
    let hyperplaneDistances: [Double]
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
        self.cell = cell
        self.domain = domain
        var rows: [Int] = []
        var normals: [[Double]] = []
        var distances: [Double] = []
        var lengths: [Double] = []
        for u in cell.faceRows {
            let (normal, length) = cell.inwardUnitNormal(row: u)
            let distance = cell.orientations[u] * cell.value(row: u, at: x) / length
            // Rows whose normalisation over- or underflows cannot enter a program.
            guard length > 0, length.isFinite, distance.isFinite, normal.allSatisfy(\.isFinite) else { continue }
            rows.append(u)
            normals.append(normal.map(Self.solverSafe))
            distances.append(Self.solverSafe(distance))
            lengths.append(length)
        }
        self.rows = rows
        self.normals = normals
        self.signedDistances = distances
        self.lengths = lengths
        self.valueBounds = cell.valueBounds(at: x)
        self.hyperplaneDistances = cell.certifiedHyperplaneDistances(from: x, norm: norm)
        self.rowPosition = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        self.domainOffsets = domain.map { box in
            precondition(box.contains(x), "the point lies outside the domain")
            return (zip(box.lower, x).map { Self.solverSafe($0 - $1) }, zip(box.upper, x).map { Self.solverSafe($0 - $1) })
        }
    }

    /// `value` within what GLPK handles (``LinearProgram/safeMagnitudes``): tinier
    /// magnitudes become 0, larger ones the largest safe one. The programs only
    /// propose an optimum and multipliers, and every bound taken from them is
    /// re-proven on the exact rows, so this changes how tight a proof is, never
    /// whether it holds.
    static func solverSafe(_ value: Double) -> Double {
        let magnitude = abs(value)
        if magnitude < LinearProgram.safeMagnitudes.lowerBound { return 0 }
        if magnitude > LinearProgram.safeMagnitudes.upperBound {
            return value < 0 ? -LinearProgram.safeMagnitudes.upperBound : LinearProgram.safeMagnitudes.upperBound
        }
        return value
    }

    /// `dist_p(x, C ∩ H_u ∩ D)` for cell row `u`, with the nearest point.
    /// A face row that could not enter the program (its normalisation overflows)
    /// is reported as failed: nothing is known of it beyond its hyperplane distance.
    func distance(toRow u: Int, timeLimitSeconds: Double?) -> FacetDistance {
        guard let position = rowPosition[u] else {
            return cell.faceRows.contains(u) ? .failed("row \(u) cannot be normalised") : .unreachable
        }
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
            // Row duals: y_v ≥ 0 on the rows `n_v·z ≥ −s_v`, y_u on the face's equality
            // (negative: raising its right-hand side moves the face towards x).
            let duals = solution.rowDuals!
            let certified = certifiedDistance(position: position, faceMultiplier: -duals[position],
                                              rowMultipliers: Array(duals[0..<rows.count]), distance: distance)
            return .reached(distance: distance, certified: certified, point: zip(x, displacement).map { $0 + $1 })
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

    // MARK: Rigorous bounds

    /// The rigorous lower bound on face `position`'s distance: the certificate of
    /// the multipliers `ν` (the face) and `λ_v` (the other rows, in normalised
    /// units), proven up to the solver's `distance`, or the certified hyperplane
    /// distance if that is larger.
    private func certifiedDistance(position: Int, faceMultiplier nu: Double, rowMultipliers: [Double],
                                   distance: Double) -> Double {
        let u = rows[position]
        let fallback = hyperplaneDistances[u]
        guard nu > 0, nu.isFinite else { return min(fallback, distance) }
        // In the cell's own rows σ_v φ_v = ℓ_v (n_v·z + s_v): κ_v = λ_v ℓ_u / (ν ℓ_v).
        var weights: [(row: Int, weight: Double)] = []
        for (v, lambda) in rowMultipliers.enumerated() where v != position && lambda > 0 {
            weights.append((rows[v], lambda * lengths[position] / (nu * lengths[v])))
        }
        guard let certificate = FaceDistanceCertificate(cell: cell, from: x, values: valueBounds, row: u,
                                                        weights: weights, norm: norm, domain: domain) else {
            return min(fallback, distance)
        }
        return max(min(fallback, distance), certificate.provenDistance(upTo: distance))
    }

    /// Whether no point of the face of row `u` lies within `radius` of `x` (inside
    /// the domain), proven: the LP `min n_u·z` over the cell's other rows and
    /// `(D − x) ∩ [−radius, radius]^d` supplies multipliers for a
    /// ``FaceDistanceCertificate``. `radius` may be `+∞` with a bounded domain.
    /// `false` means "not proven", not "reachable".
    func provesUnreachable(row u: Int, within radius: Double, timeLimitSeconds: Double?) -> Bool {
        guard let position = rowPosition[u], radius > 0 else { return false }
        if hyperplaneDistances[u] > radius { return true }
        // Often the domain alone keeps the hyperplane away: no LP needed then.
        if let alone = FaceDistanceCertificate(cell: cell, from: x, values: valueBounds, row: u, weights: [],
                                               norm: norm, domain: domain), alone.proves(radius: radius) {
            return true
        }
        let d = x.count
        var lp = LinearProgram(variableCount: d, direction: .minimize)
        lp.objective = normals[position]
        let reach = Self.solverSafe(radius)
        for i in 0..<d {
            var lower = -reach, upper = reach
            if let (low, high) = domainOffsets { lower = max(lower, low[i]); upper = min(upper, high[i]) }
            lp.variableBounds[i] = VariableBounds(lower: lower, upper: upper)
        }
        for v in rows.indices where v != position {
            lp.addConstraint(coefficients: normals[v], lower: -signedDistances[v], upper: nil)
        }
        var options = SolverOptions.default
        options.timeLimitSeconds = timeLimitSeconds
        guard let solution = try? solve(lp, options: options), solution.status == .optimal,
              let duals = solution.rowDuals else { return false }
        // Rows were added after none, so dual k belongs to rows[v] for the k-th v ≠ position.
        var weights: [(row: Int, weight: Double)] = []
        var k = 0
        for v in rows.indices where v != position {
            if duals[k] > 0 { weights.append((rows[v], duals[k] * lengths[position] / lengths[v])) }
            k += 1
        }
        guard let certificate = FaceDistanceCertificate(cell: cell, from: x, values: valueBounds, row: u,
                                                        weights: weights, norm: norm, domain: domain) else { return false }
        return certificate.proves(radius: radius)
    }

    // MARK: ℓ2: a QP per face

    /// `min ½‖z‖²` subject to `n_v·z ≥ −s_v` (every other row), `n_u·z = −s_u`
    /// and the domain offsets as bounds, by the Goldfarb–Idnani solver, within
    /// `timeLimitSeconds` (and its iteration limit). The distance is computed from
    /// the optimal point, never from the objective (see ``QuadraticProgram/projection(of:)``).
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
            let limit = timeLimitSeconds.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
            solution = try solve(program, options: QuadraticProgramOptions(timeLimitSeconds: limit))
        } catch {
            return .failed("\(error)")
        }
        switch solution.status {
        case .optimal:
            let z = solution.point!
            let distance = Norm.l2.length(z)
            // μ of the equality (negative, as for the LP's dual), λ_j of the other rows.
            var multipliers = solution.inequalityMultipliers!
            multipliers.insert(0, at: position)
            let certified = certifiedDistance(position: position, faceMultiplier: -solution.equalityMultipliers![0],
                                              rowMultipliers: multipliers, distance: distance)
            return .reached(distance: distance, certified: certified, point: zip(x, z).map { $0 + $1 })
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
    /// The face is reached at `distance` (the solver's optimum), at `point` (raw
    /// input units); `certified ≤ distance` is a rigorous lower bound on the exact
    /// face distance.
    case reached(distance: Double, certified: Double, point: [Double])
    /// The solver found the face empty or outside the domain: a claim, not a proof
    /// (see ``FacetDistanceProgram/provesUnreachable(row:within:timeLimitSeconds:)``).
    case unreachable
    /// The solver failed or ran out of time: nothing is known beyond `δ_u`.
    case failed(String)
}
