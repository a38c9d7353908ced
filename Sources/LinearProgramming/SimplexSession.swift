/// A GLPK problem kept alive between solves, for warm-started re-solves.
///
/// Built once from a ``LinearProgram`` (its continuous relaxation:
/// `integerVariables` is ignored). Afterwards the objective, row bounds and column
/// bounds can be changed in place, and ``solve(options:)`` restarts the simplex
/// method from the basis left by the previous solve. Changing a row bound keeps the
/// previous basis dual feasible (the dual simplex repairs it quickly); changing the
/// objective keeps it primal feasible (the primal simplex does). The constraint
/// matrix itself cannot be changed.
///
/// Thread rule: a session is **not** `Sendable`. Create it, use it and let it be
/// freed on one thread; do not keep it across an `await` (an async function may
/// resume on another thread). Different threads may each own their own session.
/// A call from another thread is refused (``LinearProgramError/wrongThread`` or an
/// ``SolverStatus/otherFailure(_:)`` status) and a session released on another
/// thread leaks its GLPK object instead of deleting it; the check is best effort.
/// `deinit` calls `glp_delete_prob`.
public final class SimplexSession {
    let problem: GLPKProblem

    /// Validates `program` and builds its GLPK problem (no solve yet).
    ///
    /// - Throws: ``LinearProgramError`` if `program` is invalid; no GLPK call is made then.
    public init(_ program: LinearProgram) throws {
        try program.validate()
        problem = GLPKProblem(validated: program)
    }

    /// The number of variables (columns).
    public var variableCount: Int { problem.variableCount }

    /// The number of constraints (rows).
    public var constraintCount: Int { problem.constraintCount }

    /// Replaces the objective `c·x + c₀` and its direction. The basis is kept.
    ///
    /// - Throws: ``LinearProgramError`` for a wrong length, a non-finite entry or
    ///   constant, or a call from the wrong thread; the session is then unchanged.
    public func setObjective(_ coefficients: [Double], constant: Double, direction: OptimizationDirection) throws {
        try checkThread()
        try validateCoefficients(coefficients, count: variableCount, what: "objective")
        guard constant.isFinite else { throw LinearProgramError.nonFiniteValue(what: "objective constant") }
        problem.setObjective(validated: coefficients, constant: constant, direction: direction)
    }

    /// Replaces the bounds `lower ≤ a·x ≤ upper` of 0-based row `row` (`nil` = unbounded side).
    /// The basis is kept.
    ///
    /// - Throws: ``LinearProgramError`` for a row index outside `0..<constraintCount`,
    ///   a non-finite bound, `lower > upper`, or a call from the wrong thread; the
    ///   session is then unchanged.
    public func setConstraintBounds(_ row: Int, lower: Double?, upper: Double?) throws {
        try checkThread()
        try validateIndex(row, count: constraintCount, what: "constraint")
        try validateBoundPair(lower: lower, upper: upper, what: "bounds of constraint \(row)")
        problem.setRowBounds(validated: row, lower: lower, upper: upper)
    }

    /// Replaces the bounds of 0-based variable `column`. The basis is kept.
    ///
    /// - Throws: ``LinearProgramError`` for a column index outside `0..<variableCount`,
    ///   a non-finite bound, `lower > upper`, or a call from the wrong thread; the
    ///   session is then unchanged.
    public func setVariableBounds(_ column: Int, _ bounds: VariableBounds) throws {
        try checkThread()
        try validateIndex(column, count: variableCount, what: "variable")
        try validateBoundPair(lower: bounds.lower, upper: bounds.upper, what: "bounds of variable \(column)")
        problem.setColumnBounds(validated: column, lower: bounds.lower, upper: bounds.upper)
    }

    /// Solves the current problem, warm-started from the current basis.
    ///
    /// On a numerical failure (`GLP_EBADB`, `GLP_ESING`, `GLP_ECOND`, `GLP_EFAIL`)
    /// it retries from `glp_adv_basis`, then `glp_std_basis`, then `glp_std_basis`
    /// with the other simplex method, and only then reports
    /// ``SolverStatus/numericalFailure(_:)``. With ``SolverOptions/exactArithmetic``
    /// the result is confirmed by `glp_exact`. With ``SolverOptions/presolve`` the
    /// warm start is lost (GLPK's presolver starts from scratch).
    ///
    /// Never throws: invalid options or a call from the wrong thread give an
    /// ``SolverStatus/otherFailure(_:)`` status, and nothing is solved.
    public func solve(options: SolverOptions = .default) -> LinearProgramSolution {
        guard problem.isOnOwningThread else {
            return LinearProgramSolution(status: .otherFailure(LinearProgramError.wrongThread.description))
        }
        do {
            try options.validate()
        } catch {
            return LinearProgramSolution(status: .otherFailure("\(error)"))
        }
        return problem.solveContinuous(options: options, budget: TimeBudget(seconds: options.timeLimitSeconds))
    }

    func checkThread() throws {
        guard problem.isOnOwningThread else { throw LinearProgramError.wrongThread }
    }
}

@available(*, unavailable, message: "a SimplexSession must stay on the thread that created it")
extension SimplexSession: Sendable {}
