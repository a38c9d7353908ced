/// An affine operator `y = L x + b` of an operator graph.
struct AffineOperator: Sendable {
    /// The linear part `L`.
    let map: any LinearMap
    /// The offset `b` (`nil`: zero).
    let bias: [Double]?

    /// Whether every coefficient and offset is finite.
    var isFinite: Bool { map.isFinite && (bias?.allSatisfy(\.isFinite) ?? true) }

    /// `L x + b` for every column of `columns` (the bias added to each column when `addsBias`).
    func apply(to columns: Matrix, addingBias addsBias: Bool) -> Matrix {
        var result = map.apply(to: columns)
        if addsBias, let bias {
            let c = result.columns
            for i in 0..<bias.count { for k in 0..<c { result.storage[i * c + k] += bias[i] } }
        }
        return result
    }
}

/// What one node of an operator graph computes from the nodes it reads.
enum GraphOperator: Sendable {
    /// The network input (node 0, and only it).
    case input
    /// An affine map of its one operand.
    case affine(AffineOperator)
    /// The entrywise sum of its operands (a residual connection).
    case sum
    /// `max(z, 0)` entrywise.
    case relu
    /// A 2-D max pooling.
    case maxPool(MaxPoolWindows)

    /// A short name for messages and `info`.
    var name: String {
        switch self {
        case .input: return "input"
        case .affine(let a):
            switch a.map {
            case is DenseMap: return "dense"
            case let conv as SpatialConvolution: return "convolution \(conv.input) → \(conv.output)"
            case is AveragePooling: return "average pool"
            case is ElementwiseScale: return "scale"
            case is IndexMap: return "copy"
            default: return "affine"
            }
        case .sum: return "sum"
        case .relu: return "relu"
        case .maxPool(let pool): return "max pool \(pool.input) → \(pool.output)"
        }
    }
}
