/// The discrete state that defines a cell: which hidden units are active and
/// which class the output decides (Docs/theory.md §2).
public struct ActivationPattern: Hashable, Sendable {
    /// `hidden[l][i]` is true iff unit `i` of hidden layer `l` is active
    /// (pre-activation `> 0`, `ActivationConvention`).
    public var hidden: [[Bool]]
    /// The class on this cell (for `threshold`: 1 iff the output is `> 0`).
    public var predictedClass: Int
    /// For graph networks with max pooling: `maxPoolWinners[p][i]` is the
    /// position, in its window, of the input that output `i` of the `p`-th
    /// max-pool node takes (ties: the first). Empty for networks without pooling.
    public var maxPoolWinners: [[Int]]

    public init(hidden: [[Bool]], predictedClass: Int, maxPoolWinners: [[Int]] = []) {
        self.hidden = hidden
        self.predictedClass = predictedClass
        self.maxPoolWinners = maxPoolWinners
    }

    /// Number of active hidden units.
    public var activeCount: Int { hidden.reduce(0) { $0 + $1.filter { $0 }.count } }

    /// The same pattern with hidden unit `(layer, unit)` flipped: the pattern of
    /// the neighbouring cell across that unit's face.
    public func flipping(layer: Int, unit: Int) -> ActivationPattern {
        var copy = self
        copy.hidden[layer][unit].toggle()
        return copy
    }

    /// The pattern of the neighbouring cell across the face of `unit`: a ReLU
    /// flipped, or a max-pool window's winner replaced by the rival that overtakes
    /// it; `nil` for a face of the decision head (beyond it the class changes,
    /// there is no neighbouring cell of the same class).
    public func across(_ unit: FaceUnit) -> ActivationPattern? {
        switch unit {
        case let .hidden(layer, unit):
            return flipping(layer: layer, unit: unit)
        case let .poolComparison(pool, unit, rival):
            var copy = self
            copy.maxPoolWinners[pool][unit] = rival
            return copy
        case .output, .comparison:
            return nil
        }
    }
}

extension Network {
    /// The activation pattern of `x`, from a floating-point forward pass.
    public func activationPattern(at x: [Double]) -> ActivationPattern {
        let z = preActivations(x)
        let hidden = z.dropLast().map { $0.map(ActivationConvention.isActive) }
        let raw = z.last!
        let outputs = outputTransform?.apply(raw) ?? raw
        return ActivationPattern(hidden: hidden, predictedClass: decision.decide(outputs))
    }
}
