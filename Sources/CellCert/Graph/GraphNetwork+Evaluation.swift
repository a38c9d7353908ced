/// Forward passes of graph networks, in `Double`, as the model file's
/// operators define them (the same arithmetic the cell's rows are built with).
extension GraphNetwork {
    /// The value of every node at `x` (node 0 is `x`).
    func nodeValues(_ x: [Double]) -> [[Double]] {
        precondition(x.count == inputDimension, "input has \(x.count) values, the network takes \(inputDimension)")
        var values: [[Double]] = []
        values.reserveCapacity(graph.nodes.count)
        _ = forward(columns: Matrix(rows: x.count, columns: 1, storage: x)) { _, value in values.append(value.storage) }
        return values
    }

    /// The forward pass of the inputs in the columns of `columns` (`d × b`):
    /// every node's values (`count × b`) are shown to `observe(node, values)` in
    /// order, node 0 first; returns the outputs (`K × b`).
    func forward(columns: Matrix, observe: (Int, Matrix) -> Void) -> Matrix {
        precondition(columns.rows == inputDimension, "batch has \(columns.rows) rows, the network takes \(inputDimension)")
        var values: [Matrix?] = [columns]
        var pendingReaders = graph.readerCounts
        observe(0, columns)
        for (index, node) in graph.nodes.enumerated().dropFirst() {
            let operands = node.operands.map { values[$0]! }
            var result: Matrix
            switch node.operation {
            case .input:
                preconditionFailure("only node 0 is the input")
            case .affine(let a):
                result = a.apply(to: operands[0], addingBias: true)
            case .sum:
                result = operands[0]
                for other in operands.dropFirst() { for k in result.storage.indices { result.storage[k] += other.storage[k] } }
            case .relu:
                result = operands[0]
                for k in result.storage.indices where !ActivationConvention.isActive(result.storage[k]) { result.storage[k] = 0 }
            case .maxPool(let pool):
                let b = columns.columns
                result = Matrix(rows: pool.output.count, columns: b)
                for i in 0..<pool.output.count {
                    let window = pool.window(of: i)
                    for s in 0..<b {
                        let best = MaxPoolWindows.winner(of: window) { operands[0].storage[$0 * b + s] }
                        result.storage[i * b + s] = operands[0].storage[window[best] * b + s]
                    }
                }
            }
            observe(index, result)
            values.append(result)
            for j in node.operands {
                pendingReaders[j] -= 1
                if pendingReaders[j] == 0 { values[j] = nil }
            }
        }
        return values[graph.nodes.count - 1]!
    }

    /// For a batch of inputs (one per row of `inputs`): their classes, whether
    /// each has the pattern of `reference` (ReLU signs, max-pool winners, class),
    /// and how many have a non-finite value somewhere in their forward pass.
    public func classesAndCellMembership(batch inputs: Matrix, reference: ActivationPattern)
        -> (classes: [Int], inCell: [Bool], overflowed: Int) {
        let b = inputs.rows
        var inCell = [Bool](repeating: true, count: b)
        var overflow = [Bool](repeating: false, count: b)
        let reluOrdinal = Dictionary(uniqueKeysWithValues: graph.reluNodes.enumerated().map { ($1, $0) })
        let poolOrdinal = Dictionary(uniqueKeysWithValues: graph.maxPoolNodes.enumerated().map { ($1, $0) })
        // The operands of ReLU and max-pool nodes are kept until those nodes have checked them.
        let readers = graph.nodes.map(\.operands)
        var checksPending: [Int: Int] = [:]
        for n in graph.reluNodes + graph.maxPoolNodes { checksPending[readers[n][0], default: 0] += 1 }
        var latest: [Int: Matrix] = [:]
        let outputs = forward(columns: inputs.transposed()) { index, values in
            for k in values.storage.indices where !values.storage[k].isFinite { overflow[k % b] = true }
            if checksPending[index] != nil { latest[index] = values }
            defer {
                if reluOrdinal[index] != nil || poolOrdinal[index] != nil {
                    let operand = readers[index][0]
                    checksPending[operand]! -= 1
                    if checksPending[operand] == 0 { latest[operand] = nil }
                }
            }
            if let r = reluOrdinal[index], let z = latest[readers[index][0]] {
                let bits = reference.hidden[r]
                for u in 0..<z.rows {
                    for s in 0..<b where inCell[s] && ActivationConvention.isActive(z.storage[u * b + s]) != bits[u] { inCell[s] = false }
                }
            }
            if let p = poolOrdinal[index], case .maxPool(let pool) = graph.nodes[index].operation, let z = latest[readers[index][0]] {
                let winners = reference.maxPoolWinners[p]
                for i in 0..<pool.output.count {
                    let window = pool.window(of: i)
                    for s in 0..<b where inCell[s] {
                        if MaxPoolWindows.winner(of: window, value: { z.storage[$0 * b + s] }) != winners[i] { inCell[s] = false }
                    }
                }
            }
        }
        let classes = (0..<b).map { s in decision.decide((0..<outputs.rows).map { outputs.storage[$0 * b + s] }) }
        for s in 0..<b where classes[s] != reference.predictedClass { inCell[s] = false }
        return (classes, inCell, overflow.filter { $0 }.count)
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
