import BigInt

/// One exact row of a cell measured at a point: `φ_u(x)` and the dual norms
/// `‖A_u‖_1`, `‖A_u‖_∞`, `‖A_u‖_2²` of its raw-coordinate normal, all in exact
/// arithmetic, each multiplied by the same positive factor `κ = 2^{−e_u}`
/// (`κ²` for the square), which no distance or comparison depends on.
///
/// With the row as ``ExactCellRows`` gives it — integers `N_k` (`k < d`) and
/// `N_d` on `2^{e_u}`, `A_uk = N_k 2^{e_u} / p_k` — and the centred point
/// `y = x − m` as integers `Y_k` on `2^{e_y}`:
///
///     κ φ_u(x) = N_d + 2^{e_y} Σ_G (Σ_{k∈G} N_k Y_k) / p_G
///     κ ‖A_u‖_1 = Σ_G (Σ_{k∈G} |N_k|) / p_G,   κ ‖A_u‖_∞ = max_G (max_{k∈G} |N_k|) / p_G,
///     κ² ‖A_u‖_2² = Σ_G (Σ_{k∈G} N_k²) / p_G²
///
/// over the groups `G` of columns with the same odd divisor `p_G`
/// (``ExactInputTransform``). The inner sums are integer sums (``Limbs``);
/// only the group sums become ``ExactRational``s.
struct ExactRowMeasure: Sendable {
    /// `κ φ_u(x)`.
    let value: ExactRational
    /// `κ ‖A_u‖_1`.
    let l1: ExactRational
    /// `κ ‖A_u‖_∞`.
    let linf: ExactRational
    /// `κ² ‖A_u‖_2²`.
    let l2Squared: ExactRational

    /// Row `i` of `rows` (from ``ExactCellRows/integerRows(_:)``) at the point whose
    /// centred coordinates are `centred` (``ExactInputTransform/centred(_:)``).
    init(row i: Int, of rows: IntegerRows, centred: IntegerRows, input: ExactInputTransform) {
        let d = rows.columns - 1
        precondition(centred.columns == d && centred.rows == 1, "point of the wrong dimension")
        let groups = input.groupCount
        let rowCount = rows.limbCounts[i]
        let pointCount = centred.limbCounts[0]
        let sizeBits = Int.bitWidth - d.leadingZeroBitCount + 1
        // Accumulator sizes from the bit lengths: a sum of d terms below 2^b is below 2^(b + bitLength(d)).
        let productCount = (rows.bitLengths[i] + centred.bitLengths[0] + sizeBits + 63) / 64
        let l1Count = (rows.bitLengths[i] + sizeBits + 63) / 64
        let squareCount = (2 * rows.bitLengths[i] + sizeBits + 63) / 64
        var positive = [UInt64](repeating: 0, count: groups * productCount)
        var negative = [UInt64](repeating: 0, count: groups * productCount)
        var sums = [UInt64](repeating: 0, count: groups * l1Count)
        var squares = [UInt64](repeating: 0, count: groups * squareCount)
        var largest = [Int?](repeating: nil, count: groups)
        rows.limbs.withUnsafeBufferPointer { rowLimbs in
            centred.limbs.withUnsafeBufferPointer { pointLimbs in
                positive.withUnsafeMutableBufferPointer { plus in
                    negative.withUnsafeMutableBufferPointer { minus in
                        sums.withUnsafeMutableBufferPointer { l1 in
                            squares.withUnsafeMutableBufferPointer { l2 in
                                let row = rowLimbs.baseAddress! + rows.starts[i]
                                let point = pointLimbs.baseAddress! + centred.starts[0]
                                for k in 0..<d {
                                    let entry = row + k * rowCount
                                    if Limbs.isZero(entry, rowCount) { continue }
                                    let g = input.groupOfColumn[k]
                                    let coordinate = point + k * pointCount
                                    let sign = rows.negative[i * rows.columns + k] != centred.negative[k]
                                    Limbs.addProduct(entry, rowCount, coordinate, pointCount,
                                                     into: (sign ? minus : plus).baseAddress! + g * productCount, productCount)
                                    Limbs.add(entry, rowCount, into: l1.baseAddress! + g * l1Count, l1Count)
                                    Limbs.addProduct(entry, rowCount, entry, rowCount,
                                                     into: l2.baseAddress! + g * squareCount, squareCount)
                                    if let j = largest[g], Limbs.compare(entry, row + j * rowCount, rowCount) <= 0 { continue }
                                    largest[g] = k
                                }
                            }
                        }
                    }
                }
            }
        }
        func integer(_ limbs: [UInt64], group g: Int, count: Int) -> BigInt {
            BigInt(BigUInt(words: limbs[(g * count)..<((g + 1) * count)].map { UInt($0) }))
        }
        var value = ExactRational(rows.integer(row: i, column: d))
        var l1 = ExactRational.zero
        var l2Squared = ExactRational.zero
        var linf = ExactRational.zero
        for g in 0..<groups {
            let p = input.groupDivisors[g]
            let dot = integer(positive, group: g, count: productCount) - integer(negative, group: g, count: productCount)
            value = value + ExactRational(dot, timesPowerOfTwo: centred.exponents[0]) / ExactRational(p)
            l1 = l1 + ExactRational(integer(sums, group: g, count: l1Count), over: p)
            l2Squared = l2Squared + ExactRational(integer(squares, group: g, count: squareCount), over: p * p)
            if let k = largest[g] {
                let candidate = ExactRational(BigInt(rows.integer(row: i, column: k).magnitude), over: p)
                if linf < candidate { linf = candidate }
            }
        }
        self.value = value
        self.l1 = l1
        self.linf = linf
        self.l2Squared = l2Squared
    }

    /// Whether the exact normal is zero (the row is constant).
    var isConstant: Bool { l1.signum == 0 }

    /// Whether the half-space `σ φ_u ≥ 0` contains the open `norm`-ball of radius
    /// `r` around the point, decided exactly: `σ φ_u(x) ≥ r ‖A_u‖_q` (`q` the dual
    /// norm), for ℓ2 as `σ φ_u(x) ≥ 0` and `φ_u(x)² ≥ r² ‖A_u‖_2²`. A radius `0`
    /// claims nothing and always holds; an infinite radius holds only for a
    /// constant row with `σ φ_u ≥ 0`.
    func contains(radius r: Double, norm: Norm, orientation sigma: Double) -> Bool {
        precondition(r >= 0 && !r.isNaN, "radius \(r)")
        if r == 0 { return true }
        let side = sigma < 0 ? -value : value
        if r == .infinity { return isConstant && side.signum >= 0 }
        let radius = ExactRational(r)
        switch norm {
        case .l2: return side.signum >= 0 && !(side * side < radius * radius * l2Squared)
        case .linf: return !(side < radius * l1)
        case .l1: return !(side < radius * linf)
        }
    }

    /// A lower bound on the exact distance `σ φ_u(x) / ‖A_u‖_q` from the point to the
    /// row's hyperplane in `norm`: the exact quotient rounded down to a `Double`
    /// (``ExactRational/roundedDown``); `0` when the point is not strictly on the
    /// cell's side (`σ φ_u(x) ≤ 0`); for a constant row, which has no hyperplane,
    /// `+∞` when `σ φ_u ≥ 0` (satisfied everywhere) and `0` otherwise (satisfied nowhere).
    func distanceLowerBound(norm: Norm, orientation sigma: Double) -> Double {
        let side = sigma < 0 ? -value : value
        if isConstant { return side.signum >= 0 ? .infinity : 0 }
        guard side.signum > 0 else { return 0 }
        switch norm {
        case .l2: return (side * side / l2Squared).squareRootRoundedDown
        case .linf: return (side / l1).roundedDown
        case .l1: return (side / linf).roundedDown
        }
    }
}
