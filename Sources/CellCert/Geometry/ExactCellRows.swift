/// The exact rows and offsets of a cell, recomputed from the network's stored
/// `Double` weights without rounding.
///
/// Row `u` of a cell is a linear functional of the last stage of its chain
/// (``RowDerivation``): a unit `e_u`, or a difference `e_p − e_q`. Pulled back
/// through each affine map `z' = W h + b` of the chain, last map first, it
/// stays a covector `(v, v_1)` on the map's inputs and the constant 1:
///
///     (v, v_1) ↦ (v W_{:,S}, v_1 + v·b)       (S: the active inputs)
///
/// after a ReLU stage the inputs are the active units themselves; after a
/// Heaviside stage they are the constant 1, so `v` folds into `v_1` and the row
/// is constant. Through the first layer it becomes the row itself: `Ã_u` on
/// the normalised input and the offset `c̃_u`. Every step is an exact product
/// of ``IntegerRows`` (integers on a common power of two per row). Pulling
/// back one row costs a vector–matrix product per layer, so refining a few
/// faces of a deep network is cheap; all rows of a block are pulled back
/// together, a matrix product per layer.
///
/// The rows come out in the form ``ExactInputTransform`` describes: integers
/// `(Ã'_u, c̃_u)` on a common power of two `2^{e_u}` (`d + 1` entries, the
/// offset last), with the raw-coordinate row `A_uk = Ã'_uk / p_k` and offset
/// `c_u = c̃_u − Σ_k A_uk m_k`.
struct ExactCellRows: Sendable {
    /// The blocks of the cell's rows, in row order.
    let derivations: [RowDerivation]
    /// The first row of each block.
    private let blockStarts: [Int]
    /// The input normalisation in exact form.
    let input: ExactInputTransform

    init(_ derivations: [RowDerivation]) {
        precondition(!derivations.isEmpty, "a cell has rows")
        self.derivations = derivations
        var starts: [Int] = []
        var next = 0
        for block in derivations {
            starts.append(next)
            next += block.rowCount
        }
        blockStarts = starts
        let first = derivations[0]
        input = ExactInputTransform(first.inputTransform, dimension: first.firstLayer.inputCount)
    }

    /// The input dimension `d`.
    var inputDimension: Int { derivations[0].firstLayer.inputCount }

    /// The exact rows listed in `rows`, in that order: `d + 1` integers each (the
    /// offset last) on the row's power of two.
    func integerRows(_ rows: [Int]) -> IntegerRows {
        var byBlock: [Int: [(position: Int, local: Int)]] = [:]
        for (position, u) in rows.enumerated() {
            let block = blockStarts.lastIndex { $0 <= u }!
            precondition(u < blockStarts[block] + derivations[block].rowCount, "row \(u) is not a row of the cell")
            byBlock[block, default: []].append((position, u - blockStarts[block]))
        }
        var rowsAt: [Int: (block: IntegerRows, index: Int)] = [:]
        for (block, members) in byBlock {
            let computed = pullBack(block: derivations[block], rows: members.map(\.local))
            for (index, member) in members.enumerated() { rowsAt[member.position] = (computed, index) }
        }
        var result = IntegerRows(columns: inputDimension + 1)
        for position in rows.indices {
            let (block, index) = rowsAt[position]!
            result.append(row: index, of: block)
        }
        return result
    }

    /// The rows `local` of one block, pulled back through its chain.
    private func pullBack(block: RowDerivation, rows local: [Int]) -> IntegerRows {
        let n = block.lastStageUnitCount
        // Covectors on the last stage's units and the constant (last column).
        var covectors = IntegerRows(rows: local.count, columns: n + 1) { r, j in
            guard let pairs = block.differences else { return j == local[r] ? 1 : 0 }
            let (p, q) = pairs[local[r]]
            return j == p ? 1 : (j == q ? -1 : 0)
        }
        // The units of the current stage that the covectors' columns stand for.
        var units = Array(0..<n)
        for s in block.steps.indices.reversed() {
            switch block.steps[s] {
            case let .outputTransform(t):
                let inputs = Array(0..<block.unitCount(beforeStep: s))
                covectors = Self.pullBack(covectors, units: units, inputCount: inputs.count) { unit, j in
                    j == inputs.count ? t.mean : (inputs[j] == unit ? t.scale : 0)
                }
                units = inputs
            case let .layer(layer, activeUnits, activation):
                covectors = Self.pullBack(covectors, units: units, inputCount: activeUnits.count) { unit, j in
                    j == activeUnits.count ? layer.bias[unit] : layer.weights[unit, activeUnits[j]]
                }
                units = activeUnits
                if activation == .heaviside {
                    // The inputs are the constant 1: the row is the constant Σ_j v_j + v_1.
                    let ones = IntegerRows(rows: units.count + 1, columns: 1) { _, _ in 1 }
                    let constant = IntegerRows.product(covectors, ones)
                    let offsetOnly = IntegerRows(rows: 1, columns: inputDimension + 1) { _, k in k == inputDimension ? 1 : 0 }
                    return IntegerRows.product(constant, offsetOnly)
                }
            }
        }
        let first = block.firstLayer
        let d = first.inputCount
        return Self.pullBack(covectors, units: units, inputCount: d, columnExponents: input.columnExponents) { unit, j in
            j == d ? first.bias[unit] : first.weights[unit, j]
        }
    }

    /// `(v, v_1) ↦ (v M, v_1 + v·b)` for the affine map whose row for `unit` is
    /// `entry(unit, j)` for input `j < inputCount` and whose offset is
    /// `entry(unit, inputCount)`; the covectors' columns stand for `units`, then the
    /// constant. Only the rows that some covector uses are converted.
    private static func pullBack(_ covectors: IntegerRows, units: [Int], inputCount: Int, columnExponents: [Int]? = nil,
                                 entry: (Int, Int) -> Double) -> IntegerRows {
        let m = units.count
        let used = (0...m).map { !covectors.isZeroColumn($0) }
        let exponents = columnExponents.map { $0 + [0] }
        let map = IntegerRows(rows: m + 1, columns: inputCount + 1, columnExponents: exponents, included: used) { i, j in
            // The last row carries the constant through: (0, …, 0, 1).
            i == m ? (j == inputCount ? 1 : 0) : entry(units[i], j)
        }
        return IntegerRows.parallelProduct(covectors, map)
    }
}
