import BigInt

/// A network's input normalisation `x'_k = (x_k − m_k) / s_k` in exact form.
///
/// Each scale is a dyadic rational `s_k = p_k · 2^{g_k}` with `p_k` odd. The
/// exact raw-coordinate row of a unit is `A_k = Ã_k / s_k = Ã'_k / p_k` with
/// `Ã'_k = Ã_k · 2^{−g_k}`, where `Ã` is the row in normalised coordinates:
/// `Ã'` is dyadic, and only the odd divisors `p_k` are not. So the columns are
/// grouped by `p_k`; every sum over one group stays dyadic (integer
/// arithmetic, ``IntegerRows``), and only the few group sums are combined as
/// rationals (``ExactRational``). Without a transform, or with scales that are
/// powers of two, there is one group with `p = 1` and everything is dyadic.
struct ExactInputTransform: Sendable {
    /// `−g_k`: the power of two that turns column `k` of `Ã` into `Ã'`.
    let columnExponents: [Int]
    /// `m_k` (zero without a transform).
    let means: [Double]
    /// The group of each column.
    let groupOfColumn: [Int]
    /// The odd divisor `p` of each group.
    let groupDivisors: [BigInt]

    init(_ transform: InputTransform?, dimension d: Int) {
        var exponents = [Int](repeating: 0, count: d)
        var groups = [Int](repeating: 0, count: d)
        var divisors: [UInt64] = []
        var groupIndex: [UInt64: Int] = [:]
        for k in 0..<d {
            let parts = transform?.scale[k].dyadicParts ?? (negative: false, mantissa: 1, exponent: 0)
            precondition(!parts.negative && parts.mantissa != 0, "input scales are positive")
            exponents[k] = -parts.exponent
            if let g = groupIndex[parts.mantissa] {
                groups[k] = g
            } else {
                groupIndex[parts.mantissa] = divisors.count
                groups[k] = divisors.count
                divisors.append(parts.mantissa)
            }
        }
        columnExponents = exponents
        means = transform?.mean ?? [Double](repeating: 0, count: d)
        groupOfColumn = groups
        groupDivisors = divisors.map { BigInt($0) }
    }

    /// The number of column groups.
    var groupCount: Int { groupDivisors.count }

    /// `x − m` exactly, as one row of integers with a common power of two.
    func centred(_ x: [Double]) -> IntegerRows {
        var integers: [BigInt] = []
        var exponents: [Int] = []
        integers.reserveCapacity(x.count)
        exponents.reserveCapacity(x.count)
        for (value, mean) in zip(x, means) {
            let (a, b) = (value.dyadicParts, mean.dyadicParts)
            // ±a·2^α ∓ b·2^β = (±a·2^(α−e) ∓ b·2^(β−e)) · 2^e with e = min(α, β).
            let e = a.mantissa == 0 ? b.exponent : (b.mantissa == 0 ? a.exponent : min(a.exponent, b.exponent))
            let first = BigInt(a.mantissa) << (a.exponent - e)
            let second = BigInt(b.mantissa) << (b.exponent - e)
            integers.append((a.negative ? -first : first) - (b.negative ? -second : second))
            exponents.append(e)
        }
        return IntegerRows(dyadicRow: integers, exponents: exponents)
    }
}
