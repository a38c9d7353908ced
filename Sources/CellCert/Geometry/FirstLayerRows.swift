/// The first layer's rows in raw input coordinates, with their lengths and
/// rounding-error bounds: the same in every cell of a network (the first layer
/// sees the input directly, whatever the pattern), so `Network.init` builds
/// them once instead of every cell build repeating a pass over `W_1`
/// (dividing it by the input scales, measuring its rows).
struct FirstLayerRows: Equatable, Sendable {
    let rows: AffineRows

    init(_ layer: DenseLayer, transform: InputTransform?) {
        rows = AffineRows.firstLayer(layer, transform: transform)
    }

    /// Always equal: the rows are derived from the layer and the transform,
    /// which `Network`'s equality already compares.
    static func == (lhs: FirstLayerRows, rhs: FirstLayerRows) -> Bool { true }
}
