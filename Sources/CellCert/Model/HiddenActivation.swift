/// The nonlinearity applied after a hidden layer.
public enum HiddenActivation: String, Codable, Sendable, CaseIterable {
    /// `ReLU(t) = max(t, 0)`: the paper's deep networks (Theorem 4.2).
    case relu
    /// `ϑ(t) = 1[t > 0]`: hidden Heaviside perceptrons (Corollary 3.2's shallow network).
    case heaviside

    /// The activation applied to one pre-activation value.
    @inlinable
    public func apply(_ value: Double) -> Double {
        switch self {
        case .relu: return ActivationConvention.isActive(value) ? value : 0
        case .heaviside: return ActivationConvention.isActive(value) ? 1 : 0
        }
    }
}
