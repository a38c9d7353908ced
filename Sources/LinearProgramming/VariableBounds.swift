/// The interval `[lower, upper]` that one variable (column) must lie in.
///
/// `nil` means "no bound on that side" (−∞ for `lower`, +∞ for `upper`). Infinite
/// values are *not* accepted as a spelling of "no bound": ``LinearProgram/validate()``
/// rejects any bound that is NaN or ±∞, and any pair with `lower > upper`. The
/// initializer itself does not check, because the stored properties are mutable
/// anyway; validation happens once, before any GLPK call.
///
/// GLPK bound type used for each shape (see `GLPKProblem`):
/// `nil/nil` → `GLP_FR`, lower only → `GLP_LO`, upper only → `GLP_UP`,
/// `lower == upper` → `GLP_FX`, otherwise → `GLP_DB`.
public struct VariableBounds: Equatable, Hashable, Sendable {
    /// The lower bound, or `nil` for −∞.
    public var lower: Double?
    /// The upper bound, or `nil` for +∞.
    public var upper: Double?

    /// A bound pair; `nil` leaves that side unbounded. Not validated here (see the type's documentation).
    public init(lower: Double?, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    /// No bound on either side: the variable ranges over all of ℝ.
    public static let free = VariableBounds(lower: nil, upper: nil)

    /// `x ≥ 0`, the textbook standard-form sign constraint.
    public static let nonNegative = VariableBounds(lower: 0, upper: nil)

    /// `x = value`.
    public static func fixed(_ value: Double) -> VariableBounds {
        VariableBounds(lower: value, upper: value)
    }

    /// `lower ≤ x ≤ upper`.
    public static func between(_ lower: Double, _ upper: Double) -> VariableBounds {
        VariableBounds(lower: lower, upper: upper)
    }
}
