/// Solves the linear program `program` (its continuous relaxation: `integerVariables`
/// is ignored) with GLPK's simplex method, and with `glp_exact` afterwards when
/// ``SolverOptions/exactArithmetic`` is set.
///
/// The program and options are validated before any GLPK call. A fresh GLPK problem
/// is built, solved and deleted within this call on the calling thread, so the
/// function may run concurrently on different threads (GLPK keeps one environment
/// per thread). Terminal output is suppressed.
///
/// On numerical trouble the solve is retried from GLPK's advanced basis, the
/// standard basis, and with the other simplex method (see ``SimplexSession/solve(options:)``);
/// only then is ``SolverStatus/numericalFailure(_:)`` reported.
///
/// - Returns: a solution whose status is ``SolverStatus/optimal`` only if GLPK
///   reported `GLP_OPT`; then it carries the objective value (constant included),
///   the point and one dual per constraint.
/// - Throws: ``LinearProgramError`` if the program or options are invalid. Solver
///   outcomes (infeasible, unbounded, limits, failures) are statuses, not errors.
public func solve(_ program: LinearProgram, options: SolverOptions = .default) throws -> LinearProgramSolution {
    try program.validate()
    try options.validate()
    let problem = GLPKProblem(validated: program)
    return problem.solveContinuous(options: options, budget: TimeBudget(seconds: options.timeLimitSeconds))
}
