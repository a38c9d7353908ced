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
        var collected = AffineRowsCollector(capacity: faceBound, columns: inputDimension,
                                            inputScale: [Double](repeating: 1, count: inputDimension))
        var units: [FaceUnit] = [], orientations: [Double] = []
        try forEachFaceBlock(of: pattern) { block in
            collected.append(block.rows)
            units += block.units
            orientations += block.orientations
        }
        return Cell(pattern: pattern, units: units, orientations: orientations, rows: collected.rows)
    }

    /// The rows of the cell of `pattern`, in the order of ``cell(for:)``, handed to
    /// `body` one block at a time (a ReLU layer's faces, a max-pool layer's, the
    /// output's) and not kept: only the rows the walk still has to push through
    /// the graph stay in memory, so a caller that measures and drops each block
    /// (``measureCell(at:norms:)``) never holds the whole cell.
    ///
    /// - Throws: `CellError` if the pattern does not fit the network; the errors of `body`.
    func forEachFaceBlock(of pattern: ActivationPattern, _ body: (FaceBlock) throws -> Void) throws {
        try checkFits(pattern)
        let d = inputDimension
        let chain = inputChain
        var rows: [AffineRows?] = [nil]
        if chain.isEmpty {
            var identity = Matrix(rows: d, columns: d)
            for i in 0..<d { identity[i, i] = 1 }
            rows[0] = AffineRows(normals: identity, offsets: [Double](repeating: 0, count: d),
                                 inputScale: [Double](repeating: 1, count: d))
        }
        var pendingReaders = graph.readerCounts
        var (reluOrdinal, poolOrdinal) = (0, 0)
        for (index, node) in graph.nodes.enumerated().dropFirst() {
            if let position = chain.firstIndex(of: index) {
                // The input chain's rows exist only at its end (`AffineRows.composedFromInput`).
                rows.append(position < chain.count - 1 ? nil : AffineRows.composedFromInput(
                    chain.map { n in
                        guard case .affine(let op) = graph.nodes[n].operation else { preconditionFailure("the chain is affine") }
                        return op
                    }, dimension: d))
                continue
            }
            // Operands are read from `rows` where used: a copy held here would keep
            // the ReLU's in-place update below from being in place.
            let first = node.operands.first ?? 0
            let result: AffineRows
            switch node.operation {
            case .input:
                preconditionFailure("only node 0 is the input")
            case .affine(let op):
                result = rows[first]!.through(op)
            case .sum:
                result = AffineRows.sum(node.operands.map { rows[$0]! })
            case .relu:
                let bits = pattern.hidden[reluOrdinal]
                try body(FaceBlock(rows: rows[first]!,
                                   units: bits.indices.map { FaceUnit.hidden(layer: reluOrdinal, unit: $0) },
                                   orientations: bits.map(ActivationConvention.orientation(active:))))
                if pendingReaders[first] == 1 {
                    // This ReLU is the operand's last reader: switch its inactive rows off in place.
                    rows[first]!.zeroRows(bits.indices.filter { !bits[$0] })
                    result = rows[first]!
                } else {
                    result = rows[first]!.gathering(bits.indices.map { bits[$0] ? $0 : nil })
                }
                reluOrdinal += 1
            case .maxPool(let pool):
                let winners = pattern.maxPoolWinners[poolOrdinal]
                var pairs: [(Int, Int)] = []
                var units: [FaceUnit] = []
                for i in 0..<pool.output.count {
                    let window = pool.window(of: i)
                    for (j, entry) in window.enumerated() where j != winners[i] {
                        pairs.append((window[winners[i]], entry))
                        units.append(.poolComparison(pool: poolOrdinal, unit: i, rival: j))
                    }
                }
                if !pairs.isEmpty {
                    try body(FaceBlock(rows: rows[first]!.differences(pairs), units: units,
                                       orientations: [Double](repeating: 1, count: pairs.count)))
                }
                result = rows[first]!.gathering((0..<pool.output.count).map { pool.window(of: $0)[winners[$0]] })
                poolOrdinal += 1
            }
            rows.append(result)
            for j in node.operands {
                pendingReaders[j] -= 1
                if pendingReaders[j] == 0 { rows[j] = nil }
            }
        }
        let output = rows[graph.nodes.count - 1]!
        rows = []
        let k = pattern.predictedClass
        switch decision {
        case .threshold:
            try body(FaceBlock(rows: output, units: [.output],
                               orientations: [ActivationConvention.orientation(active: k == 1)]))
        case .argmax, .argmin:
            let rivals = (0..<outputCount).filter { $0 != k }
            try body(FaceBlock(rows: output.differences(rivals.map { decision == .argmax ? (k, $0) : ($0, k) }),
                               units: rivals.map { FaceUnit.comparison(rival: $0) },
                               orientations: [Double](repeating: 1, count: rivals.count)))
        }
    }

    /// The affine nodes that follow the input one after the other, each the only
    /// reader of the one before (the input's layout copy, normalisation and first
    /// convolution of an image network): their rows are composed from the input
    /// without a `d × d` identity (``AffineRows/composedFromInput(_:dimension:chunk:)``).
    /// Empty when the input has several readers or its reader is not affine.
    private var inputChain: [Int] {
        let readers = graph.readerCounts
        var chain: [Int] = []
        var end = 0
        while readers[end] == 1, end != graph.nodes.count - 1,
              let next = graph.nodes.indices.first(where: { graph.nodes[$0].operands.contains(end) }),
              case .affine = graph.nodes[next].operation {
            chain.append(next)
            end = next
        }
        return chain
    }

    /// Throws unless `pattern` has this network's ReLU layers, max-pool windows and classes.
    private func checkFits(_ pattern: ActivationPattern) throws {
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
    }
}

/// Consecutive rows of a cell from one layer, with their units and orientations.
struct FaceBlock {
    let rows: AffineRows
    let units: [FaceUnit]
    let orientations: [Double]
}
