/// What GLPK concluded about a program.
///
/// Only ``optimal`` carries a solution (see ``LinearProgramSolution``). Everything
/// else — including the limits and failures — means "no certified optimum"; a
/// caller must never treat a non-`optimal` status as success.
public enum SolverStatus: Equatable, Hashable, Sendable {
    /// GLPK proved optimality (`glp_get_status` / `glp_mip_status` said `GLP_OPT`).
    /// Optimality is up to GLPK's tolerances (primal/dual feasibility 1e-7 relative)
    /// for floating point, or exact for ``SolverOptions/exactArithmetic``.
    case optimal
    /// The program has no feasible point (`GLP_NOFEAS`, or `GLP_ENOPFS` from the
    /// presolver). For a MILP: no *integer* feasible point.
    case infeasible
    /// The program is feasible and its objective is unbounded in the requested
    /// direction (`GLP_UNBND`). For a MILP: the LP relaxation is unbounded, so the
    /// MILP is unbounded if it has any integer feasible point (for rational data).
    case unbounded
    /// A MILP searched with ``BranchAndBoundOptions/stopAtFirstSolution``: branch
    /// and bound stopped at its first integer-feasible point, which is in
    /// ``LinearProgramSolution/incumbentValues``; it is not proven optimal.
    case feasible
    /// The time budget ran out (`GLP_ETMLIM`, or the budget was spent before a retry).
    case timeLimit
    /// GLPK's iteration limit was reached (`GLP_EITLIM`).
    case iterationLimit
    /// GLPK failed numerically (`GLP_EBADB`, `GLP_ESING`, `GLP_ECOND`, `GLP_EFAIL`)
    /// on every retry, or produced a non-finite value. The string names the last
    /// GLPK return code and its meaning.
    case numericalFailure(String)
    /// Any other failure (unexpected GLPK return code or inconclusive status, wrong
    /// thread, invalid options given to a non-throwing call). The string says which.
    case otherFailure(String)

    /// `true` exactly for ``optimal``.
    public var isOptimal: Bool { self == .optimal }
}

extension SolverStatus: CustomStringConvertible {
    /// A one-line summary, including the GLPK reason for failures.
    public var description: String {
        switch self {
        case .optimal: return "optimal"
        case .infeasible: return "infeasible"
        case .unbounded: return "unbounded"
        case .feasible: return "feasible (search stopped at the first integer solution)"
        case .timeLimit: return "time limit reached"
        case .iterationLimit: return "iteration limit reached"
        case .numericalFailure(let reason): return "numerical failure: \(reason)"
        case .otherFailure(let reason): return "solver failure: \(reason)"
        }
    }
}
