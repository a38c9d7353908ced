/// How an image's values are ordered in a data file: channels first (`chw`,
/// the order of an ONNX `[1, C, H, W]` input) or channels last (`hwc`, as in
/// ERAN's CIFAR-10 CSV and NHWC exports).
public enum ImageLayout: String, CaseIterable, Sendable {
    case chw
    case hwc
}

extension GraphNetwork {
    /// The image extents `(C, H, W)` of the input: `[1, C, H, W]` or `[C, H, W]`.
    public var inputImageShape: (channels: Int, height: Int, width: Int)? {
        let shape = inputShape.first == 1 && inputShape.count == 4 ? Array(inputShape.dropFirst()) : inputShape
        guard shape.count == 3 else { return nil }
        return (shape[0], shape[1], shape[2])
    }

    /// The same network reading its input in `layout` and normalised per
    /// channel: the new input `u` (in the data file's order and units) becomes
    /// `x[c, h, w] = (u[·] − mean_c) / std_c` before the original first operator.
    /// Radii and domains are then in the units of `u`.
    ///
    /// - Parameters:
    ///   - mean, std: one value per channel, or one for all; `nil` leaves the values as they are.
    /// - Throws: `NetworkError` if the input is not an image `[1, C, H, W]` (for
    ///   `hwc` or per-channel values), the counts do not match the channels, or a
    ///   standard deviation is not positive and finite.
    public func readingInput(layout: ImageLayout, mean: [Double]?, std: [Double]?) throws -> GraphNetwork {
        let d = inputDimension
        var prefix: [OperatorGraph.Node] = [OperatorGraph.Node(operation: .input, operands: [], count: d)]
        func append(_ op: AffineOperator) {
            prefix.append(OperatorGraph.Node(operation: .affine(op), operands: [prefix.count - 1], count: d))
        }
        let image = inputImageShape
        let needsImage = layout == .hwc || (mean?.count ?? 1) > 1 || (std?.count ?? 1) > 1
        guard !needsImage || image != nil else {
            throw NetworkError("the input has shape \(inputShape); an image layout or per-channel values need a [1, C, H, W] input")
        }
        if layout == .hwc, let (c, h, w) = image {
            // x[c, y, z] (channels first) reads u[(y·W + z)·C + c] (channels last).
            var source: [Int?] = []
            source.reserveCapacity(d)
            for ch in 0..<c { for y in 0..<h { for z in 0..<w { source.append((y * w + z) * c + ch) } } }
            append(AffineOperator(map: IndexMap(source: source, inputCount: d), bias: nil))
        }
        func perEntry(_ values: [Double], what: String) throws -> [Double] {
            let channels = image?.channels ?? 1
            guard values.count == 1 || values.count == channels else {
                throw NetworkError("\(values.count) \(what) values for \(channels) channels (give one per channel, or one for all)")
            }
            guard values.allSatisfy(\.isFinite) else { throw NetworkError("a \(what) value is NaN or infinite") }
            let plane = d / channels
            return (0..<d).map { values.count == 1 ? values[0] : values[$0 / plane] }
        }
        if let mean {
            let shift = try perEntry(mean, what: "mean")
            append(AffineOperator(map: ElementwiseScale(factors: Array(repeating: 1, count: d), divides: false), bias: shift.map { -$0 }))
        }
        if let std {
            let divisors = try perEntry(std, what: "std")
            guard divisors.allSatisfy({ $0 > 0 }) else { throw NetworkError("std values must be positive") }
            append(AffineOperator(map: ElementwiseScale(factors: divisors, divides: true), bias: nil))
        }
        guard prefix.count > 1 else { return self }
        // The original graph after the prefix: node k (k ≥ 1) moves to k + prefix.count − 1, node 0 to the prefix's end.
        let offset = prefix.count - 1
        let moved = graph.nodes.dropFirst().map { node in
            OperatorGraph.Node(operation: node.operation, operands: node.operands.map { $0 + offset }, count: node.count)
        }
        let shape = layout == .hwc ? image.map { [1, $0.height, $0.width, $0.channels] } ?? inputShape : inputShape
        return try GraphNetwork(graph: OperatorGraph(nodes: prefix + moved), decision: decision, domain: domain, inputShape: shape)
    }
}
