/// Why a cell cannot be built.
public struct CellError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Network {
    /// The cell of input `x`: the pattern of `x` (floating-point forward pass),
    /// then `cell(for:)`.
    ///
    /// - Throws: `CellError` if `x` has the wrong dimension or a NaN/infinite
    ///   entry, or its forward pass overflows (`validateInput`).
    public func cell(at x: [Double]) throws -> Cell {
        try validateInput(x)
        return try cell(for: activationPattern(at: x))
    }

    /// Checks that `x` is a finite input of the right dimension whose forward
    /// pass stays finite (`checkFiniteForwardPass(at:)`, one forward pass): an
    /// input on which the pass overflows has no trustworthy pattern or class.
    public func validateInput(_ x: [Double]) throws {
        guard x.count == inputDimension else {
            throw CellError("input has \(x.count) values, the network takes \(inputDimension)")
        }
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw CellError("input value \(bad) is \(x[bad]), not a finite number")
        }
        try checkFiniteForwardPass(at: x)
    }

    /// The cell of an activation pattern (Docs/theory.md §2), built with whole
    /// matrix products `A_{l+1} = W_{l+1} D_l A_l` that touch active units only.
    ///
    /// Rows come in order: every hidden layer's units, then the output faces —
    /// one for `threshold` (orientation `+1` for class 1, `−1` for class 0), or
    /// `K − 1` comparisons `o_k − o_j` (argmax) / `o_j − o_k` (argmin) against
    /// every rival `j` of the predicted class `k`, oriented `+1`.
    ///
    /// - Throws: `CellError` if the pattern's shape does not match the network
    ///   or its class is out of range.
    public func cell(for pattern: ActivationPattern) throws -> Cell {
        guard pattern.hidden.map(\.count) == hiddenLayerSizes else {
            throw CellError("pattern has layers \(pattern.hidden.map(\.count)), the network \(hiddenLayerSizes)")
        }
        guard (0..<classCount).contains(pattern.predictedClass) else {
            throw CellError("pattern class \(pattern.predictedClass) is not one of the \(classCount) classes")
        }
        var units: [FaceUnit] = []
        var orientations: [Double] = []
        var current = firstLayerRows.rows
        let outputRowCount = decision == .threshold ? 1 : outputCount - 1
        var collected = AffineRowsCollector(capacity: hiddenLayerSizes.reduce(0, +) + outputRowCount,
                                            columns: inputDimension, inputScale: current.inputScale)
        for (l, bits) in pattern.hidden.enumerated() {
            units += bits.indices.map { FaceUnit.hidden(layer: l, unit: $0) }
            orientations += bits.map(ActivationConvention.orientation(active:))
            collected.append(current)
            let active = bits.indices.filter { bits[$0] }
            current = current.next(through: layers[l + 1], activeUnits: active, activation: hiddenActivations[l])
        }
        if let t = outputTransform { current = current.transformed(by: t) }
        let outputRows: AffineRows
        let k = pattern.predictedClass
        switch decision {
        case .threshold:
            outputRows = current
            units.append(.output)
            orientations.append(ActivationConvention.orientation(active: k == 1))
        case .argmax, .argmin:
            let rivals = (0..<outputCount).filter { $0 != k }
            outputRows = current.differences(rivals.map { decision == .argmax ? (k, $0) : ($0, k) })
            units += rivals.map { FaceUnit.comparison(rival: $0) }
            orientations += rivals.map { _ in 1.0 }
        }
        collected.append(outputRows)
        return Cell(pattern: pattern, units: units, orientations: orientations, rows: collected.rows)
    }
}
