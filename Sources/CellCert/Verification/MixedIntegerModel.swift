import LinearProgramming

/// A mixed-integer linear program under construction: variables with bounds,
/// some of them integer, and rows `lower ≤ e(v) ≤ upper` over affine expressions.
///
/// Rows stay sparse until ``program(objective:direction:)`` writes the dense
/// ``LinearProgram`` that the `LinearProgramming` module solves.
struct MixedIntegerModel: Sendable {
    /// One row `lower ≤ Σ c_j v_j ≤ upper` (the expression's constant already moved to the bounds).
    struct Row: Sendable {
        var expression: AffineExpression
        var lower: Double?
        var upper: Double?
    }

    /// The bounds of each variable.
    private(set) var variableBounds: [VariableBounds] = []
    /// The variables that must take integer values.
    private(set) var integerVariables: Set<Int> = []
    /// The rows, in order.
    private(set) var rows: [Row] = []

    /// The number of variables.
    var variableCount: Int { variableBounds.count }

    /// Adds a variable and returns its index.
    mutating func addVariable(_ bounds: VariableBounds, integer: Bool = false) -> Int {
        variableBounds.append(bounds)
        if integer { integerVariables.insert(variableBounds.count - 1) }
        return variableBounds.count - 1
    }

    /// Adds the row `lower ≤ expression ≤ upper` (`nil` = no bound on that side).
    mutating func addRow(_ expression: AffineExpression, lower: Double? = nil, upper: Double? = nil) {
        var linear = expression
        linear.constant = 0
        rows.append(Row(expression: linear, lower: lower.map { $0 - expression.constant },
                        upper: upper.map { $0 - expression.constant }))
    }

    /// The interval of values `expression` takes over the variables' bounds.
    func range(of expression: AffineExpression) -> (lower: Double, upper: Double) {
        expression.range(over: variableBounds)
    }

    /// The dense program `minimize/maximize objective` subject to every row and
    /// bound, with the integer variables marked (ignored by LP solves).
    func program(objective: AffineExpression, direction: OptimizationDirection) -> LinearProgram {
        let n = variableCount
        var program = LinearProgram(variableCount: n, direction: direction)
        program.objective = objective.denseCoefficients(count: n)
        program.objectiveConstant = objective.constant
        program.variableBounds = variableBounds
        program.integerVariables = integerVariables
        program.constraints = rows.map {
            LinearConstraint(coefficients: $0.expression.denseCoefficients(count: n), lower: $0.lower, upper: $0.upper)
        }
        return program
    }
}
