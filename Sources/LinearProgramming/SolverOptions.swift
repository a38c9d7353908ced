/// How ``solve(_:options:)``, ``solveMixedInteger(_:options:)`` and
/// ``SimplexSession/solve(options:)`` drive GLPK.
///
/// GLPK's terminal output is always switched off (`glp_term_out(GLP_OFF)`,
/// `msg_lev = GLP_MSG_OFF`); there is no option to turn it on.
public struct SolverOptions: Sendable, Equatable {
    /// Wall-clock budget for the whole call, in seconds, or `nil` for none.
    ///
    /// It covers every GLPK call the solve makes (retries, `glp_exact`, `glp_intopt`):
    /// each gets the remaining time as its `tm_lim` (milliseconds, rounded up to at
    /// least 1 ms and capped at `Int32.max` ms ≈ 24.8 days). Must be finite and > 0.
    /// Running out is reported as ``SolverStatus/timeLimit``.
    public var timeLimitSeconds: Double?
    /// The simplex variant tried first. Default ``SimplexMethod/dualThenPrimal``.
    public var method: SimplexMethod
    /// After `glp_simplex`, re-solve with `glp_exact` (simplex in rational arithmetic,
    /// starting from the floating-point basis), and report *its* status and solution.
    /// The data are the `Double` inputs taken exactly; the reported values are the
    /// exact rational results rounded to `Double`. Ignored by
    /// ``solveMixedInteger(_:options:)``. Default `false`.
    public var exactArithmetic: Bool
    /// Use GLPK's LP presolver (`presolve = GLP_ON`). The presolver always starts
    /// from scratch, so it defeats warm starts in ``SimplexSession``. When it reports
    /// "no dual feasible solution" the problem is re-solved without it to tell
    /// infeasible from unbounded. For ``solveMixedInteger(_:options:)`` it applies
    /// to the LP relaxation only (the MIP presolver is never used). Default `false`.
    public var presolve: Bool
    /// The most simplex iterations each `glp_simplex` call may take (its `it_lim`),
    /// or `nil` for no limit. Reaching it is reported as
    /// ``SolverStatus/iterationLimit``, without retries: a guard against a warm start
    /// that stalls on a degenerate vertex, after which the caller can start afresh.
    /// Must be in `1...Int32.max`. Default `nil`.
    public var iterationLimit: Int?
    /// GLPK's primal feasibility tolerance `tol_bnd` for `glp_simplex` (a basic
    /// solution is feasible when each row and column is within it of its bounds,
    /// relative to `1 + |bound|`), or `nil` for GLPK's 1e-7. A tighter one lets an
    /// optimal basis tell apart values closer than 1e-7, at some risk of numerical
    /// failure. Must be in `1e-14...1e-3`. Default `nil`.
    public var primalFeasibilityTolerance: Double?

    /// Options with the given fields.
    public init(timeLimitSeconds: Double? = nil,
                method: SimplexMethod = .dualThenPrimal,
                exactArithmetic: Bool = false,
                presolve: Bool = false,
                iterationLimit: Int? = nil,
                primalFeasibilityTolerance: Double? = nil) {
        self.timeLimitSeconds = timeLimitSeconds
        self.method = method
        self.exactArithmetic = exactArithmetic
        self.presolve = presolve
        self.iterationLimit = iterationLimit
        self.primalFeasibilityTolerance = primalFeasibilityTolerance
    }

    /// No time limit, dual-then-primal simplex, floating point only, no presolver.
    public static let `default` = SolverOptions()

    /// Throws ``LinearProgramError/invalidOption(_:)`` unless the time limit, if any, is
    /// finite and positive, the iteration limit, if any, is in `1...Int32.max`, and the
    /// primal feasibility tolerance, if any, is in `1e-14...1e-3`.
    public func validate() throws {
        if let seconds = timeLimitSeconds, !(seconds.isFinite && seconds > 0) {
            throw LinearProgramError.invalidOption("timeLimitSeconds must be finite and > 0, got \(seconds)")
        }
        if let iterations = iterationLimit, !(1...Int(Int32.max)).contains(iterations) {
            throw LinearProgramError.invalidOption("iterationLimit must be in 1...\(Int32.max), got \(iterations)")
        }
        if let tolerance = primalFeasibilityTolerance, !(1e-14...1e-3).contains(tolerance) {
            throw LinearProgramError.invalidOption("primalFeasibilityTolerance must be in 1e-14...1e-3, got \(tolerance)")
        }
    }
}
