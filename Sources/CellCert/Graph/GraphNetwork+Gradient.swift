extension GraphNetwork {
    /// The gradient at `x` of `Σ_k coefficients[k] · o_k(x)`, the linear
    /// combination of outputs, on the cell of `x` (ReLUs and max-pool winners as
    /// at `x`): one backward pass through the transposed operators.
    ///
    /// A floating-point search direction (falsification), not a certificate.
    func gradient(of coefficients: [Double], at x: [Double]) -> [Double] {
        precondition(coefficients.count == outputCount, "\(coefficients.count) coefficients for \(outputCount) outputs")
        let values = nodeValues(x)
        var adjoints = [[Double]?](repeating: nil, count: graph.nodes.count)
        adjoints[graph.nodes.count - 1] = coefficients
        func add(_ v: [Double], to j: Int) {
            if var current = adjoints[j] {
                for i in current.indices { current[i] += v[i] }
                adjoints[j] = current
            } else {
                adjoints[j] = v
            }
        }
        for index in graph.nodes.indices.dropFirst().reversed() {
            guard let v = adjoints[index] else { continue }
            let node = graph.nodes[index]
            switch node.operation {
            case .input:
                break
            case .affine(let a):
                add(a.map.applyTransposed(to: Matrix(rows: v.count, columns: 1, storage: v)).storage, to: node.operands[0])
            case .sum:
                for j in node.operands { add(v, to: j) }
            case .relu:
                let z = values[node.operands[0]]
                add(v.indices.map { ActivationConvention.isActive(z[$0]) ? v[$0] : 0 }, to: node.operands[0])
            case .maxPool(let pool):
                let z = values[node.operands[0]]
                let winners = pool.winners(of: z)
                var back = [Double](repeating: 0, count: z.count)
                for i in v.indices { back[pool.window(of: i)[winners[i]]] += v[i] }
                add(back, to: node.operands[0])
            }
            adjoints[index] = nil
        }
        return adjoints[0] ?? [Double](repeating: 0, count: inputDimension)
    }
}
