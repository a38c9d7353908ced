/// An affine layer `z = W h + b`.
public struct DenseLayer: Equatable, Sendable {
    /// The weights `W`, one row per output unit (row `i` holds the weights into unit `i`).
    public var weights: Matrix
    /// The biases `b`, one per output unit.
    public var bias: [Double]

    /// A layer; `bias.count` must equal `weights.rows`.
    public init(weights: Matrix, bias: [Double]) {
        precondition(bias.count == weights.rows, "bias length \(bias.count) ≠ \(weights.rows) units")
        self.weights = weights
        self.bias = bias
    }

    /// Number of inputs (`W`'s columns).
    public var inputCount: Int { weights.columns }
    /// Number of units (`W`'s rows).
    public var outputCount: Int { weights.rows }

    /// `W h + b` in floating point.
    public func apply(_ input: [Double]) -> [Double] {
        var z = weights.multiplied(by: input)
        for i in z.indices { z[i] += bias[i] }
        return z
    }
}
