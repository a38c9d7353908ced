/// One linear output inequality of a property in the form "unsafe only if
/// `v(o) ≤ 0`" (or `< 0` when ``strict``), with `v(o) = Σ_k coefficients[k] · o_k − constant`.
///
/// A conjunction of rows is unsafe only where every row is; so a proven
/// `v > 0` (or `v ≥ 0` for a strict row) on a whole box, for one row, rules the
/// conjunction out on that box.
struct PropertyRow: Sendable, Equatable {
    /// `a`, one per output (after the output transform).
    let coefficients: [Double]
    /// `c`.
    let constant: Double
    /// Whether the unsafe side is `v < 0` rather than `v ≤ 0`.
    let strict: Bool

    /// The rows of one VNN-LIB inequality: `a·o ≤ c` gives `a·o − c`, `a·o ≥ c`
    /// gives `−a·o + c` (negating a double is exact), `=` gives both.
    static func rows(of inequality: VNNLibProperty.OutputInequality) -> [PropertyRow] {
        let a = inequality.coefficients, c = inequality.constant
        let atMost = PropertyRow(coefficients: a, constant: c, strict: false)
        let atLeast = PropertyRow(coefficients: a.map { -$0 }, constant: -c, strict: false)
        switch inequality.relation {
        case .lessOrEqual: return [atMost]
        case .less: return [PropertyRow(coefficients: a, constant: c, strict: true)]
        case .greaterOrEqual: return [atLeast]
        case .greater: return [PropertyRow(coefficients: a.map { -$0 }, constant: -c, strict: true)]
        case .equal: return [atMost, atLeast]
        }
    }

    /// Whether a proven lower bound of `v` on a box rules the row's unsafe side out there.
    func isExcluded(byLowerBound bound: Double) -> Bool {
        // +∞ can only come from an overflow: it proves nothing.
        guard bound.isFinite else { return false }
        return strict ? bound >= 0 : bound > 0
    }

    /// `v(o)` in floating point (for falsification only, never for a proof).
    func value(_ outputs: [Double]) -> Double {
        var sum = -constant
        for k in coefficients.indices where coefficients[k] != 0 { sum += coefficients[k] * outputs[k] }
        return sum
    }

    /// `1 + Σ|a_k|`: a scale that makes violations of different rows comparable.
    var scale: Double { 1 + coefficients.reduce(0) { $0 + abs($1) } }
}
