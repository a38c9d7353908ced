/// A linear (or mixed-integer linear) program in dense form:
///
///     minimize / maximize   c·x + c₀
///     subject to            lowerᵢ ≤ aᵢ·x ≤ upperᵢ     for every constraint i
///                           lⱼ ≤ xⱼ ≤ uⱼ               for every variable j
///                           xⱼ ∈ ℤ                     for j in integerVariables (MILP only)
///
/// This is a plain value: building one calls no C code. ``validate()`` checks it;
/// ``solve(_:options:)``, ``solveMixedInteger(_:options:)`` and ``SimplexSession``
/// call ``validate()`` before anything reaches GLPK.
///
/// The number of variables is `objective.count`; `variableBounds` and every
/// constraint's `coefficients` must have the same length.
public struct LinearProgram: Equatable, Sendable {
    /// Minimize or maximize.
    public var direction: OptimizationDirection
    /// The objective vector `c`, one entry per variable.
    public var objective: [Double]
    /// The constant `c₀` added to the objective (reported objective values include it).
    public var objectiveConstant: Double
    /// The interval of each variable. Defaults to ``VariableBounds/free`` for every variable.
    public var variableBounds: [VariableBounds]
    /// 0-based indices of the variables that must take integer values. Only
    /// ``solveMixedInteger(_:options:)`` honours this; ``solve(_:options:)`` and
    /// ``SimplexSession`` solve the continuous relaxation. A binary variable is an
    /// integer variable with bounds `[0, 1]`.
    public var integerVariables: Set<Int>
    /// The rows `lower ≤ a·x ≤ upper`, in order (row `i` here is GLPK row `i + 1`).
    public var constraints: [LinearConstraint]

    /// A program with `variableCount` free variables, a zero objective, no constant,
    /// no constraints and no integer variables.
    ///
    /// - Precondition: `variableCount >= 0`. (A program with zero variables can be
    ///   built but ``validate()`` rejects it.)
    public init(variableCount: Int, direction: OptimizationDirection) {
        precondition(variableCount >= 0, "LinearProgram: variableCount must be non-negative, got \(variableCount)")
        self.direction = direction
        self.objective = Array(repeating: 0, count: variableCount)
        self.objectiveConstant = 0
        self.variableBounds = Array(repeating: .free, count: variableCount)
        self.integerVariables = []
        self.constraints = []
    }

    /// The number of variables (columns): `objective.count`.
    public var variableCount: Int { objective.count }

    /// Appends the row `constraint`.
    public mutating func addConstraint(_ constraint: LinearConstraint) {
        constraints.append(constraint)
    }

    /// Appends the row `lower ≤ coefficients·x ≤ upper`.
    public mutating func addConstraint(coefficients: [Double], lower: Double?, upper: Double?) {
        constraints.append(LinearConstraint(coefficients: coefficients, lower: lower, upper: upper))
    }
}
