extension GraphNetwork {
    /// The cell of input `x`: its pattern (ReLU signs, max-pool winners, class),
    /// then `cell(for:)`.
    ///
    /// - Throws: `CellError` for an input of the wrong size, a NaN or infinite
    ///   value, or a forward pass that overflows.
    public func cell(at x: [Double]) throws -> Cell {
        try validateInput(x)
        return try cell(for: activationPattern(at: x))
    }

    /// The cell of a pattern of a graph network (Docs/graph-networks.md).
    ///
    /// The rows `φ(y) = A y + c` of every node are pushed through the graph
    /// in topological order (`AffineRows.through`, `.sum`, `.gathering`), each
    /// node's rows dropped once the nodes reading it are done. Rows of the cell,
    /// in order: for every ReLU node, its operand's rows (one face per unit,
    /// oriented by the unit's bit); for every max-pool node, `winner − other`
    /// for every other entry of every window (oriented `+1`); then the output
    /// faces as for dense networks (`Network.cell(for:)`).
    ///
    /// - Throws: `CellError` if the pattern does not fit the network.
    public func cell(for pattern: ActivationPattern) throws -> Cell {
        let poolNodes = graph.maxPoolNodes
        guard pattern.hidden.map(\.count) == reluLayerSizes else {
            throw CellError("pattern has ReLU layers \(pattern.hidden.map(\.count)), the network \(reluLayerSizes)")
        }
        guard pattern.maxPoolWinners.count == poolNodes.count else {
            throw CellError("pattern has \(pattern.maxPoolWinners.count) max-pool layers, the network \(poolNodes.count)")
        }
        for (p, n) in poolNodes.enumerated() {
            guard case .maxPool(let pool) = graph.nodes[n].operation else { continue }
            let winners = pattern.maxPoolWinners[p]
            guard winners.count == pool.output.count,
                  winners.indices.allSatisfy({ (0..<pool.window(of: $0).count).contains(winners[$0]) }) else {
                throw CellError("pattern's winners of max-pool layer \(p) do not fit its windows")
            }
        }
        guard (0..<classCount).contains(pattern.predictedClass) else {
            throw CellError("pattern class \(pattern.predictedClass) is not one of the \(classCount) classes")
        }
        let d = inputDimension
        let ones = [Double](repeating: 1, count: d)
        var identity = Matrix(rows: d, columns: d)
        for i in 0..<d { identity[i, i] = 1 }
        var rows: [AffineRows?] = [AffineRows(normals: identity, offsets: [Double](repeating: 0, count: d), inputScale: ones)]
        var pendingReaders = graph.readerCounts
        var units: [FaceUnit] = [], orientations: [Double] = []
        var collected = AffineRowsCollector(capacity: faceBound, columns: d, inputScale: ones)
        var (reluOrdinal, poolOrdinal) = (0, 0)
        for node in graph.nodes.dropFirst() {
            let operands = node.operands.map { rows[$0]! }
            let result: AffineRows
            switch node.operation {
            case .input:
                preconditionFailure("only node 0 is the input")
            case .affine(let op):
                result = operands[0].through(op)
            case .sum:
                result = AffineRows.sum(operands)
            case .relu:
                let bits = pattern.hidden[reluOrdinal]
                collected.append(operands[0])
                units += bits.indices.map { FaceUnit.hidden(layer: reluOrdinal, unit: $0) }
                orientations += bits.map(ActivationConvention.orientation(active:))
                result = operands[0].gathering(bits.indices.map { bits[$0] ? $0 : nil })
                reluOrdinal += 1
            case .maxPool(let pool):
                let winners = pattern.maxPoolWinners[poolOrdinal]
                var pairs: [(Int, Int)] = []
                for i in 0..<pool.output.count {
                    let window = pool.window(of: i)
                    for (j, entry) in window.enumerated() where j != winners[i] {
                        pairs.append((window[winners[i]], entry))
                        units.append(.poolComparison(pool: poolOrdinal, unit: i, rival: j))
                    }
                }
                if !pairs.isEmpty { collected.append(operands[0].differences(pairs)) }
                orientations += pairs.map { _ in 1.0 }
                result = operands[0].gathering((0..<pool.output.count).map { pool.window(of: $0)[winners[$0]] })
                poolOrdinal += 1
            }
            rows.append(result)
            for j in node.operands {
                pendingReaders[j] -= 1
                if pendingReaders[j] == 0 { rows[j] = nil }
            }
        }
        let output = rows[graph.nodes.count - 1]!
        let k = pattern.predictedClass
        switch decision {
        case .threshold:
            collected.append(output)
            units.append(.output)
            orientations.append(ActivationConvention.orientation(active: k == 1))
        case .argmax, .argmin:
            let rivals = (0..<outputCount).filter { $0 != k }
            collected.append(output.differences(rivals.map { decision == .argmax ? (k, $0) : ($0, k) }))
            units += rivals.map { FaceUnit.comparison(rival: $0) }
            orientations += rivals.map { _ in 1.0 }
        }
        return Cell(pattern: pattern, units: units, orientations: orientations, rows: collected.rows)
    }
}
