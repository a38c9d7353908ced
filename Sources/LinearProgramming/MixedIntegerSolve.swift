/// Solves `program` as a mixed-integer linear program: the variables in
/// `integerVariables` must take integer values.
///
/// Runs `glp_simplex` on the LP relaxation, then `glp_intopt` (branch and bound)
/// from its optimal basis; the status comes from `glp_mip_status`. Before any GLPK
/// call the program and options are validated, and the bounds of integer variables
/// are rounded inward (`⌈lower⌉`, `⌊upper⌋`), which leaves the integer feasible set
/// unchanged; if that empties a variable's interval the result is
/// ``SolverStatus/infeasible`` without calling GLPK.
///
/// Outcomes: ``SolverStatus/optimal`` only for a proven integer optimum (values
/// of integer variables are integral up to GLPK's tolerance 1e-5; no row duals).
/// ``SolverStatus/unbounded`` means the LP relaxation is unbounded. On
/// ``SolverStatus/timeLimit`` an integer-feasible incumbent, if GLPK found one, is
/// in ``LinearProgramSolution/incumbentValues``; it is not proven optimal.
/// ``SolverStatus/feasible`` (only with ``BranchAndBoundOptions/stopAtFirstSolution``):
/// the first integer point found, in the same place. Every outcome after a solved
/// relaxation carries ``LinearProgramSolution/objectiveBound``, the bound on the
/// optimum that branch and bound proved. `branchAndBound` tunes the search.
/// ``SolverOptions/exactArithmetic`` is ignored; ``SolverOptions/presolve`` affects
/// the relaxation only. Same thread rule as ``solve(_:options:)``.
///
/// - Throws: ``LinearProgramError`` if the program or options are invalid.
public func solveMixedInteger(_ program: LinearProgram, options: SolverOptions = .default,
                              branchAndBound: BranchAndBoundOptions = .default) throws -> LinearProgramSolution {
    try program.validate()
    try options.validate()
    var rounded = program
    for column in program.integerVariables {
        let bounds = program.variableBounds[column]
        let lower = bounds.lower?.rounded(.up)
        let upper = bounds.upper?.rounded(.down)
        if let lower, let upper, lower > upper {
            return LinearProgramSolution(status: .infeasible, iterations: 0)
        }
        rounded.variableBounds[column] = VariableBounds(lower: lower, upper: upper)
    }
    let problem = GLPKProblem(validated: rounded, integerColumns: program.integerVariables)
    return problem.solveMixedInteger(options: options, branchAndBound: branchAndBound, direction: program.direction,
                                     budget: TimeBudget(seconds: options.timeLimitSeconds))
}
