/// One constraint of a ``QuadraticProgram``, named by its kind and 0-based index.
///
/// Written as a row `n · y ≥ β` the kinds are: ``equality(_:)`` `e_i · y = f_i`,
/// ``inequality(_:)`` `c_j · y ≥ b_j`, ``lowerBound(_:)`` `y_k ≥ l_k` (`n = +e_k`)
/// and ``upperBound(_:)`` `−y_k ≥ −u_k` (`n = −e_k`).
public enum QuadraticProgramConstraint: Hashable, Sendable {
    case equality(Int)
    case inequality(Int)
    case lowerBound(Int)
    case upperBound(Int)
}
