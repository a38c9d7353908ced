/// How ``solve(_:options:)`` runs the dual active-set method.
public struct QuadraticProgramOptions: Sendable, Equatable {
    /// The most steps (constraint additions, partial steps and pure dual steps,
    /// counted together) before giving up with
    /// ``QuadraticProgramStatus/iterationLimit``; `nil` means
    /// `10 · (n + number of constraints)`, a bound counting once per finite side.
    /// Must be positive.
    public var iterationLimit: Int?
    /// Wall-clock seconds before giving up with ``QuadraticProgramStatus/timeLimit``
    /// (checked every few steps), or `nil` for no limit. Must be positive and finite.
    public var timeLimitSeconds: Double?
    /// `τ`: a constraint `n · y ≥ β` counts as violated when
    /// `n · y − β < −τ · max(‖n‖₂ · max(1, ‖y‖∞), |β|)`, that is when `y` lies more
    /// than about `τ · max(1, ‖y‖∞)` outside its half-space, relative to the scale
    /// of the row; equalities use `|e · y − f|`. Default 1e-10; must be in (0, 1).
    public var feasibilityTolerance: Double
    /// A candidate normal `n` counts as linearly dependent on the active normals
    /// when its component in the `G⁻¹`-metric orthogonal complement of their span
    /// is at most this fraction of its length (`‖J₂ᵀn‖ ≤ δ‖Jᵀn‖`, a sine of an
    /// angle). Then no primal step is possible. Default 1e-10; must be in (0, 1).
    public var linearDependenceTolerance: Double
    /// The final KKT check: constraint violations up to this multiple
    /// of the feasibility scale above, multipliers no more negative than it times the
    /// largest multiplier, and a stationarity residual
    /// `‖Gy + a − Σ λ n‖∞ ≤ tolerance · (‖Gy‖∞ + ‖a‖∞ + Σ |λ| ‖n‖∞)`. A failure is
    /// reported as ``QuadraticProgramStatus/numericalFailure(_:)``. Default 1e-7;
    /// must be in (0, 1).
    public var optimalityTolerance: Double

    /// Options with the given fields.
    public init(iterationLimit: Int? = nil,
                timeLimitSeconds: Double? = nil,
                feasibilityTolerance: Double = 1e-10,
                linearDependenceTolerance: Double = 1e-10,
                optimalityTolerance: Double = 1e-7) {
        self.iterationLimit = iterationLimit
        self.timeLimitSeconds = timeLimitSeconds
        self.feasibilityTolerance = feasibilityTolerance
        self.linearDependenceTolerance = linearDependenceTolerance
        self.optimalityTolerance = optimalityTolerance
    }

    /// Throws ``QuadraticProgramError/invalidOption(_:)`` for an out-of-range field.
    public func validate() throws {
        if let limit = iterationLimit, limit <= 0 {
            throw QuadraticProgramError.invalidOption("iterationLimit must be positive, got \(limit)")
        }
        if let seconds = timeLimitSeconds, !(seconds > 0 && seconds.isFinite) {
            throw QuadraticProgramError.invalidOption("timeLimitSeconds must be positive and finite, got \(seconds)")
        }
        for (name, value) in [("feasibilityTolerance", feasibilityTolerance),
                              ("linearDependenceTolerance", linearDependenceTolerance),
                              ("optimalityTolerance", optimalityTolerance)]
        where !(value > 0 && value < 1) {
            throw QuadraticProgramError.invalidOption("\(name) must be in (0, 1), got \(value)")
        }
    }
}
