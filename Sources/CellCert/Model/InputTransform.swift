/// A per-input normalisation applied before the first layer:
/// `x'_i = (x_i − mean_i) / scale_i`.
///
/// `.nnet` files carry one (their means and ranges). The cell is built in the
/// coordinates of the *raw* input `x`, so distances are in the user's units.
public struct InputTransform: Equatable, Sendable {
    /// The shift subtracted from each input.
    public var mean: [Double]
    /// The positive divisor of each input.
    public var scale: [Double]

    /// A transform; `mean` and `scale` must have equal lengths.
    public init(mean: [Double], scale: [Double]) {
        precondition(mean.count == scale.count, "transform mean and scale lengths differ")
        self.mean = mean
        self.scale = scale
    }

    /// The normalised input `(x − mean) / scale`.
    public func apply(_ x: [Double]) -> [Double] {
        var out = x
        for i in out.indices { out[i] = (x[i] - mean[i]) / scale[i] }
        return out
    }

    /// Whether the transform is the identity (mean 0, scale 1 everywhere).
    public var isIdentity: Bool {
        mean.allSatisfy { $0 == 0 } && scale.allSatisfy { $0 == 1 }
    }
}
