/// An affine map applied to every raw output: `o = raw · scale + mean`.
///
/// `.nnet` files de-normalise outputs this way. The decision is taken on `o`.
public struct OutputTransform: Equatable, Sendable {
    /// The offset added after scaling.
    public var mean: Double
    /// The non-zero factor applied to every raw output.
    public var scale: Double

    public init(mean: Double, scale: Double) {
        self.mean = mean
        self.scale = scale
    }

    /// `raw · scale + mean` for every entry.
    public func apply(_ raw: [Double]) -> [Double] {
        raw.map { $0 * scale + mean }
    }
}
