/// The outcome of one solve: a ``QuadraticProgramStatus`` and, only when it is
/// ``QuadraticProgramStatus/optimal``, the optimum with its multipliers.
///
/// The multipliers belong to the Lagrangian
///
///     L(y) = ½ yᵀGy + aᵀy − Σ μ_i (e_i·y − f_i) − Σ λ_j (c_j·y − b_j)
///            − Σ λˡ_k (y_k − l_k) − Σ λᵘ_k (u_k − y_k),
///
/// so at the optimum `Gy + a = Σ μ_i e_i + Σ λ_j c_j + Σ (λˡ_k − λᵘ_k) e_k`
/// with `λ, λˡ, λᵘ ≥ 0` and each multiplier zero unless its constraint is in
/// ``activeSet``. `μ_i` is the rate at which the optimal value grows per unit
/// increase of `f_i`, and likewise `λ_j` for `b_j`.
///
/// Invariant (checked by the initializer): every optional field is `nil` unless
/// `status == .optimal`.
public struct QuadraticProgramSolution: Sendable {
    /// What the solver concluded.
    public let status: QuadraticProgramStatus
    /// The minimiser `y`; only when optimal.
    public let point: [Double]?
    /// `½ yᵀGy + aᵀy` evaluated at ``point``; only when optimal.
    public let objectiveValue: Double?
    /// `μ_i`, one per equality (0 for an equality found redundant); only when optimal.
    public let equalityMultipliers: [Double]?
    /// `λ_j ≥ 0`, one per inequality; only when optimal.
    public let inequalityMultipliers: [Double]?
    /// `λˡ_k ≥ 0`, one per variable (0 where there is no lower bound); only when optimal.
    public let lowerBoundMultipliers: [Double]?
    /// `λᵘ_k ≥ 0`, one per variable (0 where there is no upper bound); only when optimal.
    public let upperBoundMultipliers: [Double]?
    /// The constraints of the final active set, in the order they entered it
    /// (equalities first). Their normals are linearly independent; a constraint
    /// that holds with equality but is dependent on them is not listed.
    public let activeSet: [QuadraticProgramConstraint]?
    /// Steps taken (see ``QuadraticProgramOptions/iterationLimit``).
    public let iterations: Int

    /// A solution record.
    ///
    /// - Precondition: when `status` is not ``QuadraticProgramStatus/optimal``,
    ///   every optional field is `nil`.
    public init(status: QuadraticProgramStatus,
                point: [Double]? = nil,
                objectiveValue: Double? = nil,
                equalityMultipliers: [Double]? = nil,
                inequalityMultipliers: [Double]? = nil,
                lowerBoundMultipliers: [Double]? = nil,
                upperBoundMultipliers: [Double]? = nil,
                activeSet: [QuadraticProgramConstraint]? = nil,
                iterations: Int) {
        precondition(status == .optimal
                     || (point == nil && objectiveValue == nil && equalityMultipliers == nil
                         && inequalityMultipliers == nil && lowerBoundMultipliers == nil
                         && upperBoundMultipliers == nil && activeSet == nil),
                     "QuadraticProgramSolution: only an optimal status may carry a solution")
        self.status = status
        self.point = point
        self.objectiveValue = objectiveValue
        self.equalityMultipliers = equalityMultipliers
        self.inequalityMultipliers = inequalityMultipliers
        self.lowerBoundMultipliers = lowerBoundMultipliers
        self.upperBoundMultipliers = upperBoundMultipliers
        self.activeSet = activeSet
        self.iterations = iterations
    }
}
