/// Forward passes. The network is evaluated as written, without clamping the
/// input to the domain: the domain restricts which inputs are considered, it
/// is not part of the function.
extension Network {
    /// The pre-activations `z_1(x), …, z_L(x)` of every layer (the last one raw,
    /// before the output transform).
    public func preActivations(_ x: [Double]) -> [[Double]] {
        precondition(x.count == inputDimension, "input has \(x.count) values, the network takes \(inputDimension)")
        var h = inputTransform?.apply(x) ?? x
        var result: [[Double]] = []
        result.reserveCapacity(layers.count)
        for (l, layer) in layers.enumerated() {
            let z = layer.apply(h)
            result.append(z)
            if l < hiddenActivations.count {
                let activation = hiddenActivations[l]
                h = z.map(activation.apply)
            }
        }
        return result
    }

    /// The outputs `o(x)` (after the output transform, if any).
    public func outputs(_ x: [Double]) -> [Double] {
        let raw = preActivations(x).last!
        return outputTransform?.apply(raw) ?? raw
    }

    /// The class `f(x)`.
    public func classify(_ x: [Double]) -> Int {
        decision.decide(outputs(x))
    }

    /// Outputs for a batch of inputs, one input per row of `inputs`; one output row per input.
    public func outputs(batch inputs: Matrix) -> Matrix {
        forwardBatch(inputs) { _, _ in }
    }

    /// The batch forward pass: `observe(l, Z)` sees each hidden layer's
    /// pre-activations (one column per input) before the activation is applied.
    /// Every entry is computed with the same operations in the same order as
    /// `preActivations(_:)`, so batch and single-input results agree bit for bit
    /// (up to the sign of a zero, which no decision depends on).
    func forwardBatch(_ inputs: Matrix, observe: (Int, Matrix) -> Void) -> Matrix {
        precondition(inputs.columns == inputDimension, "batch has \(inputs.columns) columns, the network takes \(inputDimension)")
        // Inputs as columns, so that each layer is one matrix product W · H.
        var h = Matrix(rows: inputs.columns, columns: inputs.rows)
        for i in 0..<inputs.rows {
            for j in 0..<inputs.columns {
                var v = inputs[i, j]
                if let t = inputTransform { v = (v - t.mean[j]) / t.scale[j] }
                h[j, i] = v
            }
        }
        for (l, layer) in layers.enumerated() {
            var z = layer.weights.multiplied(by: h)
            for u in 0..<z.rows {
                let b = layer.bias[u]
                for s in 0..<z.columns { z[u, s] += b }
            }
            if l < hiddenActivations.count {
                observe(l, z)
                let activation = hiddenActivations[l]
                z.storage = z.storage.map(activation.apply)
            }
            h = z
        }
        var out = Matrix(rows: inputs.rows, columns: outputCount)
        for s in 0..<inputs.rows {
            for k in 0..<outputCount {
                let raw = h[k, s]
                out[s, k] = outputTransform.map { raw * $0.scale + $0.mean } ?? raw
            }
        }
        return out
    }

    /// For a batch of inputs (one per row): each input's class, and whether its
    /// activation pattern (hidden units and class) equals `reference`, i.e.
    /// whether it lies in the reference cell as the floating-point pass sees it.
    public func classesAndCellMembership(batch inputs: Matrix, reference: ActivationPattern) -> (classes: [Int], inCell: [Bool]) {
        var inCell = [Bool](repeating: true, count: inputs.rows)
        let out = forwardBatch(inputs) { l, z in
            let bits = reference.hidden[l]
            for u in 0..<z.rows {
                let expected = bits[u]
                for s in 0..<z.columns where inCell[s] && ActivationConvention.isActive(z[u, s]) != expected {
                    inCell[s] = false
                }
            }
        }
        let classes = (0..<out.rows).map { decision.decide(out.row($0)) }
        for s in classes.indices where classes[s] != reference.predictedClass { inCell[s] = false }
        return (classes, inCell)
    }

    /// Classes for a batch of inputs, one input per row.
    public func classify(batch inputs: Matrix) -> [Int] {
        let out = outputs(batch: inputs)
        return (0..<out.rows).map { decision.decide(out.row($0)) }
    }
}
