/// Whether a linear program asks for the smallest or the largest value of its objective.
public enum OptimizationDirection: Sendable, Hashable {
    /// Find the smallest value of `c·x + c₀` over the feasible set.
    case minimize
    /// Find the largest value of `c·x + c₀` over the feasible set.
    case maximize
}
