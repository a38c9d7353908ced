import LinearProgramming

/// The mixed-integer encoding of a graph network (convolutions, pooling,
/// residual sums) over an input box: MIPVerify's formulation (Tjeng, Xiao and
/// Tedrake 2019) node by node, the graph counterpart of ``NetworkEncoding``.
///
/// - Input: one variable per input, bounded by the box.
/// - Affine node `y = L v + b`: a map that only copies or scales entries
///   (`maximumFanIn ≤ 1`: layouts, normalisations, batch norms) is applied to
///   its operand's expressions; any other map (convolution, dense, average
///   pool) gets one variable per output entry and the row `y_i − (L v)_i = b_i`.
///   `L`'s rows are read off the structured map in blocks of unit columns and
///   kept sparse: a convolution's row holds its kernel's taps only.
/// - Sum: the sum of its operands' expressions.
/// - ReLU: ``NetworkEncoding/encode(_:of:bounds:in:)`` (stable units need no
///   binary; unstable ones get the big-M rows).
/// - Max pool, per window with entries `e_j ∈ [l_j, u_j]`: entries that can
///   never win (`u_j < max_i l_i`) are dropped; one left is the output. Otherwise
///   the output `y ∈ [max l, max u]` gets `y ≥ e_j`, one binary `δ_j` per
///   entry with `Σ δ_j = 1`, and `y ≤ e_j + (U_j − l_j)(1 − δ_j)`, `U_j` the
///   largest upper bound of the other entries: `δ_j = 1` forces `y = e_j`.
///
/// Bounds come from ``GraphNodeBounds`` (interval and back-substituted symbolic
/// bounds through the structured operators, rounded outward), so no LP is
/// solved and no convolution is densified to bound it. The encoding is exact up
/// to the rounding of its coefficients; its answers are claims that the
/// certified cell search re-checks (``GraphNetwork/decisionBoundary(at:options:)``).
struct GraphNetworkEncoding {
    /// The model: the network's graph over the box.
    let model: MixedIntegerModel
    /// The variables `y_0 … y_{d−1}`.
    let inputVariables: [Int]
    /// The outputs `o_k(y)`, affine in the model's variables.
    let outputs: [AffineExpression]
    /// Binary variables (unstable ReLU units and contested max-pool entries).
    var binaryCount: Int { model.integerVariables.count }

    /// Columns of the unit-vector blocks that read a map's rows.
    private static let columnsPerBlock = 64

    /// Encodes `network` over `box`; `nil` when `deadline` expires while the bounds are computed.
    ///
    /// - Throws: ``VerificationError`` for a box of the wrong dimension or with an
    ///   infinite bound, or for bounds that are not finite (an overflowing network).
    init?(network: GraphNetwork, box: InputBox, deadline: Deadline) throws {
        let graph = network.graph
        guard box.dimension == graph.inputCount else {
            throw VerificationError("the input box has \(box.dimension) coordinates, the network takes \(graph.inputCount)")
        }
        if let i = box.lower.indices.first(where: { !box.lower[$0].isFinite || !box.upper[$0].isFinite }) {
            throw VerificationError("input \(i) is unbounded ([\(box.lower[i]), \(box.upper[i])]): the MILP needs a bounded input box")
        }
        guard let bounds = GraphNodeBounds(network: network, lower: box.lower, upper: box.upper, deadline: deadline) else {
            return nil
        }
        var model = MixedIntegerModel()
        let inputs = box.lower.indices.map { model.addVariable(.between(box.lower[$0], box.upper[$0])) }
        var values: [[AffineExpression]] = [inputs.map { .variable($0) }]
        let nodeLower = bounds.lower.map { $0.map(Self.solverLowerBound) }
        let nodeUpper = bounds.upper.map { $0.map(Self.solverUpperBound) }
        for (index, node) in graph.nodes.enumerated().dropFirst() {
            let (lower, upper) = (nodeLower[index], nodeUpper[index])
            guard zip(lower, upper).allSatisfy({ $0.isFinite && $1.isFinite }) else {
                throw VerificationError("graph node \(index) (\(node.operation.name)) has unbounded values over the box")
            }
            let operands = node.operands.map { values[$0] }
            switch node.operation {
            case .input:
                preconditionFailure("only node 0 is the input")
            case .affine(let op):
                values.append(Self.encode(op, of: operands[0], lower: lower, upper: upper, in: &model))
            case .sum:
                values.append((0..<node.count).map { i in .combination(operands.map { (1, $0[i]) }) })
            case .relu:
                let j = node.operands[0]
                values.append(operands[0].indices.map { i in
                    NetworkEncoding.encode(.relu, of: operands[0][i], bounds: nodeLower[j][i]...max(nodeLower[j][i], nodeUpper[j][i]),
                                           in: &model)
                })
            case .maxPool(let pool):
                let j = node.operands[0]
                values.append((0..<pool.output.count).map { i in
                    Self.encodeMaximum(of: pool.window(of: i), values: operands[0], lower: nodeLower[j],
                                       upper: nodeUpper[j], in: &model)
                })
            }
        }
        self.model = model
        self.inputVariables = inputs
        self.outputs = values[values.count - 1]
    }

    /// A lower bound moved down to a number the solver takes: outward rounding
    /// leaves bounds like `−5e-324` that GLPK cannot tell from noise
    /// (``LinearProgram/safeMagnitudes``); they become `−1e-100` (or 0 when positive).
    static func solverLowerBound(_ value: Double) -> Double {
        guard value != 0, abs(value) < LinearProgram.safeMagnitudes.lowerBound else { return value }
        return value < 0 ? -LinearProgram.safeMagnitudes.lowerBound : 0
    }

    /// An upper bound moved up likewise (see ``solverLowerBound(_:)``).
    static func solverUpperBound(_ value: Double) -> Double {
        -solverLowerBound(-value)
    }

    /// The expressions of an affine node's outputs (see the type's description).
    private static func encode(_ op: AffineOperator, of operand: [AffineExpression], lower: [Double], upper: [Double],
                               in model: inout MixedIntegerModel) -> [AffineExpression] {
        let rows = sparseRows(of: op.map)
        let composes = op.map.maximumFanIn <= 1
        return rows.indices.map { i in
            let z = AffineExpression.combination(rows[i].map { (weight: $0.coefficient, expression: operand[$0.column]) },
                                                 constant: op.bias?[i] ?? 0)
            if composes { return z }
            let y = AffineExpression.variable(model.addVariable(.between(lower[i], max(lower[i], upper[i]))))
            model.addRow(y.minus(z), lower: 0, upper: 0)
            return y
        }
    }

    /// The nonzero coefficients of every row of `map`, read by applying it to
    /// blocks of unit vectors (the map's own arithmetic: a coefficient times 1).
    static func sparseRows(of map: any LinearMap) -> [[(column: Int, coefficient: Double)]] {
        let (m, n) = (map.inputCount, map.outputCount)
        var rows = [[(column: Int, coefficient: Double)]](repeating: [], count: n)
        var start = 0
        while start < m {
            let width = min(columnsPerBlock, m - start)
            var units = Matrix(rows: m, columns: width)
            for k in 0..<width { units.storage[(start + k) * width + k] = 1 }
            let block = map.apply(to: units)
            for i in 0..<n {
                for k in 0..<width where block.storage[i * width + k] != 0 {
                    rows[i].append((start + k, block.storage[i * width + k]))
                }
            }
            start += width
        }
        return rows
    }

    /// `max_j e_j` over one max-pool window (see the type's description).
    private static func encodeMaximum(of window: [Int], values: [AffineExpression], lower: [Double], upper: [Double],
                                      in model: inout MixedIntegerModel) -> AffineExpression {
        let floor = window.map { lower[$0] }.max()!
        let contenders = window.filter { upper[$0] >= floor }
        if contenders.count == 1 { return values[contenders[0]] }
        let ceiling = contenders.map { upper[$0] }.max()!
        let y = AffineExpression.variable(model.addVariable(.between(floor, ceiling)))
        var choices: [AffineExpression] = []
        for (k, e) in contenders.enumerated() {
            model.addRow(y.minus(values[e]), lower: 0)
            let others = contenders.indices.filter { $0 != k }.map { upper[contenders[$0]] }.max()!
            let delta = AffineExpression.variable(model.addVariable(.between(0, 1), integer: true))
            // y − e_j + (U_j − l_j) δ_j ≤ U_j − l_j
            let gap = max(0, others - lower[e])
            model.addRow(.combination([(1, y), (-1, values[e]), (gap, delta)]), upper: gap)
            choices.append(delta)
        }
        model.addRow(.combination(choices.map { (1, $0) }), lower: 1, upper: 1)
        return y
    }
}
