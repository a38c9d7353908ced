/// Solves the strictly convex quadratic program `program`,
///
///     minimize ½ yᵀGy + aᵀy  subject to  e_i·y = f_i,  c_j·y ≥ b_j,  l ≤ y ≤ u,
///
/// with the Goldfarb–Idnani dual active-set method (see ``QuadraticProgramSolution``
/// for the multipliers' convention and the module README for the algorithm).
///
/// The program and options are validated before any iteration, and `G` is
/// factorised (`G = LLᵀ`; skipped when `G = I`, the projection case). The method
/// runs in `O(n²)` memory; each step costs `O(n² + m n)` for `m` general rows.
/// Bounds are handled as rows `±e_k` without materialising them.
///
/// - Returns: a solution whose status is ``QuadraticProgramStatus/optimal`` only
///   when the method ended with every constraint satisfied and the KKT conditions
///   passed the check of ``QuadraticProgramOptions/optimalityTolerance``;
///   ``QuadraticProgramStatus/infeasible`` when the dual step became unbounded.
/// - Throws: ``QuadraticProgramError`` for an invalid program (lengths, non-finite
///   numbers, `l > u`, asymmetric or not positive definite `G`) or invalid options.
///   Solver outcomes are statuses, not errors.
public func solve(_ program: QuadraticProgram,
                  options: QuadraticProgramOptions = .init()) throws -> QuadraticProgramSolution {
    try program.validate()
    try options.validate()
    let factor = program.hasIdentityHessian
        ? nil : try InverseCholeskyFactor(hessian: program.hessian, dimension: program.dimension)
    return DualActiveSetSolver(program: program, inverseCholesky: factor, options: options).solve()
}
