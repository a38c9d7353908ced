/// What the solver concluded about a program.
///
/// Only ``optimal`` carries a solution (see ``QuadraticProgramSolution``); a
/// caller must never treat any other status as success.
public enum QuadraticProgramStatus: Equatable, Hashable, Sendable {
    /// The dual active-set method stopped with every constraint satisfied and
    /// the solver's own check of the KKT conditions passed (see
    /// ``QuadraticProgramOptions/optimalityTolerance``).
    case optimal
    /// No point satisfies the constraints: the dual step became unbounded, that
    /// is a violated constraint's normal is a combination of the active normals
    /// with no positive weight on an active inequality (a Farkas certificate),
    /// or the equalities are inconsistent.
    case infeasible
    /// ``QuadraticProgramOptions/iterationLimit`` steps were taken without
    /// reaching a conclusion.
    case iterationLimit
    /// ``QuadraticProgramOptions/timeLimitSeconds`` passed without a conclusion.
    case timeLimit
    /// The iteration produced a non-finite value, or its final point failed the
    /// KKT check. The string gives the failed condition and its size.
    case numericalFailure(String)

    /// `true` exactly for ``optimal``.
    public var isOptimal: Bool { self == .optimal }
}

extension QuadraticProgramStatus: CustomStringConvertible {
    /// A one-line summary.
    public var description: String {
        switch self {
        case .optimal: return "optimal"
        case .infeasible: return "infeasible"
        case .iterationLimit: return "iteration limit reached"
        case .timeLimit: return "time limit reached"
        case .numericalFailure(let reason): return "numerical failure: \(reason)"
        }
    }
}
