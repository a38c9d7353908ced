/// The one place where the project decides when a unit is active.
///
/// Docs/theory.md §1: a unit is *active* iff its pre-activation is strictly positive,
/// matching the paper's closed half-space `H⁻ = {w·x + b ≤ 0}` (since
/// `ReLU(t) = 0` for `t ≤ 0`). The Heaviside output is class 1 iff `z_out > 0`.
public enum ActivationConvention {
    /// Whether a unit with pre-activation `value` is active (`value > 0`).
    @inlinable
    public static func isActive(_ value: Double) -> Bool { value > 0 }

    /// The orientation `σ_u` of a face: `+1` when the unit is active, `-1` otherwise.
    @inlinable
    public static func orientation(active: Bool) -> Double { active ? 1 : -1 }
}
