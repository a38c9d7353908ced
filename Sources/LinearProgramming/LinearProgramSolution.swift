/// The outcome of one solve: a ``SolverStatus`` and, only when it is
/// ``SolverStatus/optimal``, the optimum.
///
/// Invariant (checked by the initializer): `objectiveValue`, `values` and `rowDuals`
/// are `nil` unless `status == .optimal`, so a failed solve cannot be mistaken for
/// a solution. The values are GLPK's floating-point results: rows and bounds hold
/// up to GLPK's primal feasibility tolerance (`tol_bnd` = 1e-7, scaled by
/// `1 + |bound|`), not exactly; with ``SolverOptions/exactArithmetic`` they are the
/// exact rational optimum rounded to `Double`.
public struct LinearProgramSolution: Sendable {
    /// What GLPK concluded.
    public let status: SolverStatus
    /// The optimal objective value `c·x + c₀` (including the constant); only when optimal.
    public let objectiveValue: Double?
    /// The optimal point `x`, one entry per variable; only when optimal.
    public let values: [Double]?
    /// One dual value per constraint (`glp_get_row_dual`); only when optimal and for
    /// a pure LP (`nil` for MILP). `rowDuals[i]` is the Lagrange multiplier of row
    /// `i`: the rate of change of the optimal objective (in the program's own
    /// direction) per unit increase of the row's active bound; 0 for a row whose
    /// bounds are not active. With free variables this gives `c = Aᵀ·rowDuals`.
    public let rowDuals: [Double]?
    /// Simplex iterations spent in this call (all retries and `glp_exact` included;
    /// for a MILP, those of the relaxation and of branch-and-bound), when known.
    public let iterations: Int?
    /// For a MILP stopped before a proven optimum (status ``SolverStatus/timeLimit``,
    /// ``SolverStatus/feasible``, a failure) with an integer-feasible incumbent: its objective value. It is feasible but not
    /// proven optimal; the caller decides whether it is good enough. `nil` otherwise.
    public let incumbentObjectiveValue: Double?
    /// The incumbent point matching ``incumbentObjectiveValue``, or `nil`.
    public let incumbentValues: [Double]?
    /// For a MILP: a bound on its optimum proven by branch and bound, on the side
    /// the search works from (a lower bound when minimizing, an upper bound when
    /// maximizing): the optimum itself when optimal; otherwise the best local bound
    /// of the open nodes at the last branch-and-bound callback, or the LP
    /// relaxation's optimum if none came, and never past the incumbent. Valid up
    /// to GLPK's LP tolerances. `nil` for LPs, and when the relaxation was not solved.
    public let objectiveBound: Double?

    /// A solution record.
    ///
    /// - Precondition: when `status` is not ``SolverStatus/optimal``,
    ///   `objectiveValue`, `values` and `rowDuals` are `nil`.
    public init(status: SolverStatus,
                objectiveValue: Double? = nil,
                values: [Double]? = nil,
                rowDuals: [Double]? = nil,
                iterations: Int? = nil,
                incumbentObjectiveValue: Double? = nil,
                incumbentValues: [Double]? = nil,
                objectiveBound: Double? = nil) {
        precondition(status == .optimal || (objectiveValue == nil && values == nil && rowDuals == nil),
                     "LinearProgramSolution: only an optimal status may carry a solution")
        self.status = status
        self.objectiveValue = objectiveValue
        self.values = values
        self.rowDuals = rowDuals
        self.iterations = iterations
        self.incumbentObjectiveValue = incumbentObjectiveValue
        self.incumbentValues = incumbentValues
        self.objectiveBound = objectiveBound
    }
}
