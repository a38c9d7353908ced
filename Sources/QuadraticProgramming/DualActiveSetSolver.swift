/// The Goldfarb–Idnani dual active-set method (D. Goldfarb and A. Idnani, "A
/// numerically stable dual method for solving strictly convex quadratic
/// programs", Math. Programming 27, 1983, 1–33) for one validated program.
///
/// It starts at the unconstrained minimiser `y = −G⁻¹a`, which is optimal for the
/// empty active set, and keeps a *dual feasible* pair: `y` minimises the objective
/// subject to the active constraints holding with equality, with multipliers
/// `u ≥ 0` on the active inequalities. The equalities are added first, in order
/// (a dependent one is skipped when it already holds and proves infeasibility
/// otherwise). Then, while some constraint `p` is violated (the most violated one
/// relative to its row length is taken), `p` is brought in with the directions of
/// ``ActiveSetFactorization`` for its normal `n⁺`:
///
/// - the full step `t₂ = −s_p(y) / zᵀn⁺` makes `p` hold with equality;
/// - the partial step `t₁ = min { u_a / r_a : a active inequality, r_a > 0 }` is the
///   largest one that keeps every multiplier non-negative;
/// - step `t = min(t₁, t₂)`: `y += t z`, `u_a −= t r_a`, `u⁺ += t`. With `t = t₂`,
///   `p` joins the active set with multiplier `u⁺`; with `t = t₁`, the blocking
///   constraint leaves it and the step is repeated for the same `p`;
/// - when `n⁺` depends linearly on the active normals (`z = 0`) only the dual step
///   `t₁` is possible; when moreover no `r_a > 0` (`t₁ = ∞`), `n⁺ = Σ r_a n_a` with
///   `r_a ≤ 0` on the inequalities is a Farkas certificate: every feasible `y`
///   would have `n⁺·y ≤ Σ r_a β_a = n⁺·y_current < β⁺`, so the program is infeasible.
///
/// Each step raises the dual objective (strictly, unless degenerate), so no active
/// set repeats and the method ends after finitely many steps in exact arithmetic;
/// the first time no constraint is violated, `y` is optimal.
final class DualActiveSetSolver {
    private let program: QuadraticProgram
    private let rows: ConstraintRows
    private let options: QuadraticProgramOptions
    private let factorization: ActiveSetFactorization
    private let isIdentityHessian: Bool
    private let iterationLimit: Int
    /// The current primal point `y`.
    private var point: [Double]
    /// The active constraints in factorisation order, the sign applied to each
    /// normal (−1 only for an equality entered as `−e·y ≥ −f`), and their multipliers `u`.
    private var active: [QuadraticProgramConstraint] = []
    private var signs: [Double] = []
    private var multipliers: [Double] = []
    private var inequalityIsActive: [Bool]
    private var lowerIsActive: [Bool]
    private var upperIsActive: [Bool]
    private var iterations = 0
    /// When the solve started, for ``QuadraticProgramOptions/timeLimitSeconds``.
    private let start = ContinuousClock.now
    /// The length of the path `y` has travelled, `Σ |t|·‖z‖` over all primal steps.
    private var pathLength = 0.0
    /// For each inequality row: its slack when last evaluated and ``pathLength``
    /// then. By Cauchy–Schwarz the slack has since dropped by at most
    /// `‖c_j‖ · (pathLength − evaluatedAtPath)`, so a row whose bound stays positive
    /// cannot be violated and is not re-evaluated (the `O(mn)` scan becomes `O(m)`
    /// for rows far from `y`).
    private var evaluatedSlacks: [Double]
    private var evaluatedAtPath: [Double]

    /// A solver for `program`, which must be valid; `inverseCholesky` is `nil` exactly when `G = I`.
    init(program: QuadraticProgram, inverseCholesky: InverseCholeskyFactor?, options: QuadraticProgramOptions) {
        let n = program.dimension
        self.program = program
        self.rows = ConstraintRows(program)
        self.options = options
        self.isIdentityHessian = inverseCholesky == nil
        let factorization = ActiveSetFactorization(dimension: n, inverseCholesky: inverseCholesky)
        self.factorization = factorization
        self.iterationLimit = options.iterationLimit ?? 10 * (n + rows.constraintCount)
        self.inequalityIsActive = Array(repeating: false, count: rows.inequalityCount)
        self.lowerIsActive = Array(repeating: false, count: n)
        self.upperIsActive = Array(repeating: false, count: n)
        self.evaluatedSlacks = Array(repeating: -.infinity, count: rows.inequalityCount)
        self.evaluatedAtPath = Array(repeating: 0, count: rows.inequalityCount)
        // y = −G⁻¹a = −J(Jᵀa), the minimiser with no constraint active.
        var start = [Double](repeating: 0, count: n)
        if inverseCholesky == nil {
            start = program.linear.map { -$0 }
        } else {
            var transformed = [Double](repeating: 0, count: n)
            program.linear.withUnsafeBufferPointer { a in
                transformed.withUnsafeMutableBufferPointer {
                    factorization.transposedProduct(a.baseAddress!, into: $0.baseAddress!)
                }
            }
            transformed.withUnsafeBufferPointer { w in
                start.withUnsafeMutableBufferPointer { factorization.product(w.baseAddress!, into: $0.baseAddress!) }
            }
            for i in 0..<n { start[i] = -start[i] }
        }
        self.point = start
    }

    /// Runs the method to its conclusion and checks the result (``OptimalityCheck``).
    func solve() -> QuadraticProgramSolution {
        for i in 0..<rows.equalityCount {
            if let outcome = enterEquality(i) { return solution(outcome) }
        }
        while true {
            guard point.allSatisfy(\.isFinite) else {
                return solution(.numericalFailure("the iterate became non-finite"))
            }
            guard let (violated, slack) = mostViolatedConstraint() else { break }
            if let outcome = enter(violated, slack: slack) { return solution(outcome) }
        }
        return finalSolution()
    }

    // MARK: Steps

    /// Brings equality `i` into the active set with a full primal step, or
    /// concludes. Its multiplier may later take either sign; it never leaves.
    private func enterEquality(_ i: Int) -> QuadraticProgramStatus? {
        let constraint = QuadraticProgramConstraint.equality(i)
        let slack = point.withUnsafeBufferPointer { rows.slack(of: constraint, at: $0.baseAddress!) }
        // Entered as the violated (or tight) inequality sign·(e·y − f) ≥ 0.
        let sign: Double = slack > 0 ? -1 : 1
        rows.load(constraint, sign: sign, into: factorization)
        let (length, nullLength) = factorization.computeDirections()
        if !(nullLength > options.linearDependenceTolerance * length) {
            let tolerance = rows.tolerance(of: constraint, relative: options.feasibilityTolerance,
                                           scale: feasibilityScale())
            return abs(slack) <= tolerance ? nil : .infeasible
        }
        if let limit = nextStep() { return limit }
        let step = -(sign * slack) / (nullLength * nullLength)
        takeStep(step)
        updateMultipliers(by: step)
        factorization.appendLoadedNormal()
        active.append(constraint)
        signs.append(sign)
        multipliers.append(step)
        return nil
    }

    /// Counts a step; the limit status when the iteration or time limit is reached
    /// (the clock is read every 16 steps: a step costs `O(n²)` at most).
    private func nextStep() -> QuadraticProgramStatus? {
        iterations += 1
        guard iterations <= iterationLimit else { return .iterationLimit }
        if let seconds = options.timeLimitSeconds, iterations % 16 == 0 {
            let elapsed = start.duration(to: .now).components
            if Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18 > seconds { return .timeLimit }
        }
        return nil
    }

    /// Brings the violated inequality or bound `constraint` into the active set,
    /// dropping blocking constraints on the way, or concludes.
    private func enter(_ constraint: QuadraticProgramConstraint, slack initialSlack: Double) -> QuadraticProgramStatus? {
        var slack = initialSlack
        var newMultiplier = 0.0
        while true {
            if let limit = nextStep() { return limit }
            rows.load(constraint, sign: 1, into: factorization)
            let (length, nullLength) = factorization.computeDirections()
            guard length.isFinite, nullLength.isFinite else {
                return .numericalFailure("non-finite step direction")
            }
            let r = factorization.dualDirection
            var partialStep = Double.infinity
            var blocking = -1
            for a in active.indices where !isEquality(active[a]) && r[a] > 0 {
                let ratio = multipliers[a] / r[a]
                if ratio < partialStep {
                    partialStep = ratio
                    blocking = a
                }
            }
            let dependent = !(nullLength > options.linearDependenceTolerance * length)
            if dependent {
                // No primal step: z = 0. Only the multipliers can move.
                guard blocking >= 0 else { return .infeasible }
                updateMultipliers(by: partialStep)
                newMultiplier += partialStep
                removeActive(at: blocking)
                continue
            }
            let fullStep = max(0, -slack / (nullLength * nullLength))
            let step = min(partialStep, fullStep)
            takeStep(step)
            updateMultipliers(by: step)
            newMultiplier += step
            if fullStep <= partialStep {
                factorization.appendLoadedNormal()
                active.append(constraint)
                signs.append(1)
                multipliers.append(newMultiplier)
                setActive(constraint, true)
                return nil
            }
            removeActive(at: blocking)
            slack = point.withUnsafeBufferPointer { rows.slack(of: constraint, at: $0.baseAddress!) }
        }
    }

    /// `y += t z` for the loaded normal's primal direction.
    private func takeStep(_ t: Double) {
        guard t != 0 else { return }
        let z = factorization.primalDirection
        pathLength += abs(t) * dot(z, z, rows.dimension).squareRoot()
        point.withUnsafeMutableBufferPointer { axpy(t, z, $0.baseAddress!, $0.count) }
    }

    /// `u_a −= t r_a` for the active constraints; inequality multipliers are kept
    /// `≥ 0` (rounding can leave `−ε` at the blocking one, which would turn a later
    /// ratio `u_a / r_a` negative).
    private func updateMultipliers(by t: Double) {
        guard t != 0 else { return }
        let r = factorization.dualDirection
        for a in active.indices {
            multipliers[a] -= t * r[a]
            if !isEquality(active[a]) && multipliers[a] < 0 { multipliers[a] = 0 }
        }
    }

    private func removeActive(at position: Int) {
        factorization.remove(at: position)
        setActive(active[position], false)
        active.remove(at: position)
        signs.remove(at: position)
        multipliers.remove(at: position)
    }

    private func setActive(_ constraint: QuadraticProgramConstraint, _ value: Bool) {
        switch constraint {
        case .equality: break
        case .inequality(let j): inequalityIsActive[j] = value
        case .lowerBound(let k): lowerIsActive[k] = value
        case .upperBound(let k): upperIsActive[k] = value
        }
    }

    private func isEquality(_ constraint: QuadraticProgramConstraint) -> Bool {
        if case .equality = constraint { return true }
        return false
    }

    // MARK: Choosing the constraint to add

    /// `max(1, ‖y‖∞)`, the scale of ``QuadraticProgramOptions/feasibilityTolerance``.
    private func feasibilityScale() -> Double {
        point.reduce(1) { max($0, abs($1)) }
    }

    /// The inactive inequality or bound with the most negative `s(y) / ‖n‖` among
    /// those violated beyond the feasibility tolerance, with its slack `s(y)`; a
    /// violated zero row comes first (it proves infeasibility at once).
    private func mostViolatedConstraint() -> (QuadraticProgramConstraint, Double)? {
        let n = rows.dimension
        let tau = options.feasibilityTolerance
        let scale = feasibilityScale()
        var worst = 0.0
        var choice: (QuadraticProgramConstraint, Double)?
        point.withUnsafeBufferPointer { yBuffer in
            let y = yBuffer.baseAddress!
            rows.inequalityCoefficients.withUnsafeBufferPointer { coefficients in
                for j in 0..<rows.inequalityCount where !inequalityIsActive[j] {
                    let bound = rows.inequalityBounds[j], length = rows.inequalityLengths[j]
                    // The margins cover the rounding of the path sums (relative 1e-6 and 1e-12).
                    let travelled = (pathLength - evaluatedAtPath[j]) * (1 + 1e-6) + 1e-12 * pathLength
                    if evaluatedSlacks[j] - length * travelled > 0 { continue }
                    let slack = dot(coefficients.baseAddress! + j * n, y, n) - bound
                    evaluatedSlacks[j] = slack
                    evaluatedAtPath[j] = pathLength
                    guard slack < -tau * max(length * scale, abs(bound)) else { continue }
                    let violation = length > 0 ? slack / length : -Double.infinity
                    if violation < worst {
                        worst = violation
                        choice = (.inequality(j), slack)
                    }
                }
            }
            for k in 0..<n {
                let lower = rows.lower[k], upper = rows.upper[k]
                if lower.isFinite && !lowerIsActive[k] {
                    let slack = y[k] - lower
                    if slack < -tau * max(scale, abs(lower)) && slack < worst {
                        worst = slack
                        choice = (.lowerBound(k), slack)
                    }
                }
                if upper.isFinite && !upperIsActive[k] {
                    let slack = upper - y[k]
                    if slack < -tau * max(scale, abs(upper)) && slack < worst {
                        worst = slack
                        choice = (.upperBound(k), slack)
                    }
                }
            }
        }
        return choice
    }

    // MARK: Results

    private func solution(_ status: QuadraticProgramStatus) -> QuadraticProgramSolution {
        QuadraticProgramSolution(status: status, iterations: iterations)
    }

    /// The optimum with its multipliers, once the KKT check has passed.
    private func finalSolution() -> QuadraticProgramSolution {
        let n = rows.dimension
        var equalityMultipliers = [Double](repeating: 0, count: rows.equalityCount)
        var inequalityMultipliers = [Double](repeating: 0, count: rows.inequalityCount)
        var lowerMultipliers = [Double](repeating: 0, count: n)
        var upperMultipliers = [Double](repeating: 0, count: n)
        for (a, constraint) in active.enumerated() {
            let value = signs[a] * multipliers[a]
            switch constraint {
            case .equality(let i): equalityMultipliers[i] = value
            case .inequality(let j): inequalityMultipliers[j] = value
            case .lowerBound(let k): lowerMultipliers[k] = value
            case .upperBound(let k): upperMultipliers[k] = value
            }
        }
        let check = OptimalityCheck(program: program, rows: rows, isIdentityHessian: isIdentityHessian,
                                    tolerance: options.optimalityTolerance)
        let signedMultipliers = zip(signs, multipliers).map { $0 * $1 }
        if let failure = check.failure(point: point, active: active, multipliers: signedMultipliers) {
            return solution(.numericalFailure(failure))
        }
        return QuadraticProgramSolution(
            status: .optimal,
            point: point,
            objectiveValue: check.objective(at: point),
            equalityMultipliers: equalityMultipliers,
            inequalityMultipliers: inequalityMultipliers,
            lowerBoundMultipliers: lowerMultipliers,
            upperBoundMultipliers: upperMultipliers,
            activeSet: active,
            iterations: iterations)
    }
}
