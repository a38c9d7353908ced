/// Forward passes of graph networks, in `Double`, as the model file's
/// operators define them (the same arithmetic the cell's rows are built with).
extension GraphNetwork {
    /// The value of every node at `x` (node 0 is `x`).
    func nodeValues(_ x: [Double]) -> [[Double]] {
        precondition(x.count == inputDimension, "input has \(x.count) values, the network takes \(inputDimension)")
        var values: [[Double]] = [x]
        values.reserveCapacity(graph.nodes.count)
        for node in graph.nodes.dropFirst() {
            let operands = node.operands.map { values[$0] }
            switch node.operation {
            case .input:
                preconditionFailure("only node 0 is the input")
            case .affine(let a):
                values.append(a.apply(to: Matrix(rows: operands[0].count, columns: 1, storage: operands[0]), addingBias: true).storage)
            case .sum:
                var total = operands[0]
                for other in operands.dropFirst() { for i in total.indices { total[i] += other[i] } }
                values.append(total)
            case .relu:
                values.append(operands[0].map { ActivationConvention.isActive($0) ? $0 : 0 })
            case .maxPool(let pool):
                let winners = pool.winners(of: operands[0])
                values.append((0..<pool.output.count).map { operands[0][pool.window(of: $0)[winners[$0]]] })
            }
        }
        return values
    }

    /// The outputs `o(x)`.
    public func outputs(_ x: [Double]) -> [Double] {
        nodeValues(x).last!
    }

    /// The class `f(x)`.
    public func classify(_ x: [Double]) -> Int {
        decision.decide(outputs(x))
    }

    /// The activation pattern of `x`: the sign of every ReLU input, the winner
    /// of every max-pool window, and the class.
    public func activationPattern(at x: [Double]) -> ActivationPattern {
        pattern(from: nodeValues(x))
    }

    private func pattern(from values: [[Double]]) -> ActivationPattern {
        let hidden = graph.reluNodes.map { n in values[graph.nodes[n].operands[0]].map(ActivationConvention.isActive) }
        let winners = graph.maxPoolNodes.map { n -> [Int] in
            guard case .maxPool(let pool) = graph.nodes[n].operation else { return [] }
            return pool.winners(of: values[graph.nodes[n].operands[0]])
        }
        return ActivationPattern(hidden: hidden, predictedClass: decision.decide(values.last!), maxPoolWinners: winners)
    }

    /// Checks that `x` is a finite input of the right dimension whose forward
    /// pass stays finite: past an overflow no sign, winner or class can be trusted.
    ///
    /// - Throws: `CellError` naming the problem (and the first node that overflows).
    public func validateInput(_ x: [Double]) throws {
        guard x.count == inputDimension else {
            throw CellError("input has \(x.count) values, the network takes \(inputDimension)")
        }
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw CellError("input value \(bad) is \(x[bad]), not a finite number")
        }
        let values = nodeValues(x)
        if let n = values.firstIndex(where: { node in node.contains { !$0.isFinite } }) {
            throw CellError("the forward pass overflows at graph node \(n) (\(graph.nodes[n].operation.name)) for this input; "
                            + "no class can be trusted there")
        }
    }
}
