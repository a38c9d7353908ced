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

    /// Checks that the floating-point forward pass at `x` stays finite: every
    /// layer's pre-activations and, after the output transform, every output.
    ///
    /// The pass is exact arithmetic rounded at every step; once a value
    /// overflows to `±∞` (or becomes NaN, `∞ − ∞`, `0 · ∞`), later signs and the
    /// decided class are no longer those of the exact network, so such an input
    /// has no trustworthy pattern or class. Finite values are not claimed
    /// exact: their rounding is bounded where the cell is built
    /// (Docs/floating-point.md). Costs one forward pass.
    ///
    /// - Throws: `CellError` naming the first layer (1-based) whose
    ///   pre-activations are not finite, or the output transform.
    public func checkFiniteForwardPass(at x: [Double]) throws {
        let z = preActivations(x)
        if let l = z.firstIndex(where: { layer in layer.contains { !$0.isFinite } }) {
            throw CellError("the forward pass overflows at layer \(l + 1) of \(layers.count) for this input "
                            + "(a pre-activation is not a finite double); no class can be trusted there")
        }
        if let t = outputTransform, t.apply(z[z.count - 1]).contains(where: { !$0.isFinite }) {
            throw CellError("the forward pass overflows in the output transform for this input "
                            + "(an output is not a finite double); no class can be trusted there")
        }
    }

    /// The class `f(x)`.
    public func classify(_ x: [Double]) -> Int {
        decision.decide(outputs(x))
    }

    /// Outputs for a batch of inputs, one input per row of `inputs`; one output row per input.
    public func outputs(batch inputs: Matrix) -> Matrix {
        forwardBatch(inputs) { _, _ in }
    }

    /// The batch forward pass, one input per row of `inputs`: each layer is
    /// one matrix product `Z = H Wᵀ` (one row per input, one column per unit),
    /// so the BLAS backend runs it as one `dgemm`. `observe(l, Z)` sees each
    /// hidden layer's pre-activations before the activation is applied.
    ///
    /// Each pre-activation is a dot product of the same length as in
    /// `preActivations(_:)`, but summed by a different kernel (`dgemm` here,
    /// `dgemv` there, or the reference loops), so the two agree within the
    /// rounding bound `γ_n |W|·|h|` per layer, not bit for bit. Patterns and
    /// classes therefore agree except for inputs within rounding of a face,
    /// where no floating-point evaluation can be trusted to decide
    /// (Docs/floating-point.md). The results depend only on the batch, not on
    /// the thread count (OpenBLAS runs on one thread, `LinearAlgebraBackend`).
    func forwardBatch(_ inputs: Matrix, observe: (Int, Matrix) -> Void) -> Matrix {
        precondition(inputs.columns == inputDimension, "batch has \(inputs.columns) columns, the network takes \(inputDimension)")
        var h = inputs
        if let t = inputTransform {
            let d = inputDimension
            h.storage.withUnsafeMutableBufferPointer { v in
                for s in 0..<inputs.rows {
                    for j in 0..<d { v[s * d + j] = (v[s * d + j] - t.mean[j]) / t.scale[j] }
                }
            }
        }
        for (l, layer) in layers.enumerated() {
            var z = h.multiplied(byTransposeOf: layer.weights)
            let units = layer.outputCount
            layer.bias.withUnsafeBufferPointer { b in
                z.storage.withUnsafeMutableBufferPointer { v in
                    for s in 0..<z.rows {
                        for u in 0..<units { v[s * units + u] += b[u] }
                    }
                }
            }
            if l < hiddenActivations.count {
                observe(l, z)
                let activation = hiddenActivations[l]
                z.storage.withUnsafeMutableBufferPointer { v in
                    for k in v.indices { v[k] = activation.apply(v[k]) }
                }
            }
            h = z
        }
        if let t = outputTransform {
            for k in h.storage.indices { h.storage[k] = h.storage[k] * t.scale + t.mean }
        }
        return h
    }

    /// For a batch of inputs (one per row): each input's class, and whether its
    /// activation pattern (hidden units and class) equals `reference`, i.e.
    /// whether it lies in the reference cell as the floating-point pass sees it;
    /// and `overflowed`, the number of rows with a hidden pre-activation or an
    /// output that is not finite (an overflowing pass, whose class and
    /// membership mean nothing: callers must not count those rows).
    public func classesAndCellMembership(batch inputs: Matrix, reference: ActivationPattern)
        -> (classes: [Int], inCell: [Bool], overflowed: Int) {
        var inCell = [Bool](repeating: true, count: inputs.rows)
        var overflow = [Bool](repeating: false, count: inputs.rows)
        func markOverflow(_ z: Matrix) {
            z.storage.withUnsafeBufferPointer { v in
                for s in 0..<z.rows where !overflow[s] {
                    for u in 0..<z.columns where !v[s * z.columns + u].isFinite {
                        overflow[s] = true
                        break
                    }
                }
            }
        }
        let out = forwardBatch(inputs) { l, z in
            markOverflow(z)
            let units = z.columns
            reference.hidden[l].withUnsafeBufferPointer { expected in
                z.storage.withUnsafeBufferPointer { v in
                    for s in 0..<z.rows where inCell[s] {
                        for u in 0..<units where ActivationConvention.isActive(v[s * units + u]) != expected[u] {
                            inCell[s] = false
                            break
                        }
                    }
                }
            }
        }
        let classes = (0..<out.rows).map { decision.decide(out.row($0)) }
        for s in classes.indices where classes[s] != reference.predictedClass { inCell[s] = false }
        markOverflow(out)
        return (classes, inCell, overflow.count { $0 })
    }

    /// Classes for a batch of inputs, one input per row.
    public func classify(batch inputs: Matrix) -> [Int] {
        let out = outputs(batch: inputs)
        return (0..<out.rows).map { decision.decide(out.row($0)) }
    }
}
