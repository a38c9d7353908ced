/// One row of a linear program: `lower ≤ a·x ≤ upper`.
///
/// `coefficients` is dense, with one entry per variable of the program; zero entries
/// are skipped when the row is handed to GLPK. A `nil` bound means that side is
/// unbounded; both `nil` gives a free row (it constrains nothing, but still has a
/// row dual of 0). `lower == upper` is an equality row. As for ``VariableBounds``,
/// NaN/±∞ values and `lower > upper` are rejected by ``LinearProgram/validate()``.
public struct LinearConstraint: Equatable, Sendable {
    /// The row vector `a`, one coefficient per variable.
    public var coefficients: [Double]
    /// The row lower bound, or `nil` for −∞.
    public var lower: Double?
    /// The row upper bound, or `nil` for +∞.
    public var upper: Double?

    /// The row `lower ≤ coefficients·x ≤ upper`. Not validated here.
    public init(coefficients: [Double], lower: Double?, upper: Double?) {
        self.coefficients = coefficients
        self.lower = lower
        self.upper = upper
    }

    /// The row `coefficients·x ≤ bound`.
    public static func lessOrEqual(_ coefficients: [Double], _ bound: Double) -> LinearConstraint {
        LinearConstraint(coefficients: coefficients, lower: nil, upper: bound)
    }

    /// The row `coefficients·x ≥ bound`.
    public static func greaterOrEqual(_ coefficients: [Double], _ bound: Double) -> LinearConstraint {
        LinearConstraint(coefficients: coefficients, lower: bound, upper: nil)
    }

    /// The row `coefficients·x = value`.
    public static func equal(_ coefficients: [Double], _ value: Double) -> LinearConstraint {
        LinearConstraint(coefficients: coefficients, lower: value, upper: value)
    }
}
