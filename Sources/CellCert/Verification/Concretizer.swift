/// Rigorous ranges of affine functions `Σ e_i x'_i + c` over a box (the
/// normalised input box of ``SymbolicBounds``).
struct Concretizer {
    let lower: [Double]
    let upper: [Double]
    /// `max(|lower_i|, |upper_i|)`.
    let magnitude: [Double]

    var dimension: Int { lower.count }

    /// `(min, max, magnitude)` of `Σ e_i x'_i + c` over the box, with `error` (the
    /// function's own `ε`) and the evaluation's rounding moved outward; `magnitude`
    /// bounds `Σ|e_i| X_i + |c|`. `coefficients` holds `d` entries then `c`.
    func range(_ coefficients: UnsafeBufferPointer<Double>, error: Double) -> (min: Double, max: Double, magnitude: Double) {
        let d = dimension
        let c = coefficients[d]
        var low = c, high = c, size = abs(c)
        for i in 0..<d {
            let e = coefficients[i]
            if e >= 0 {
                low += e * lower[i]
                high += e * upper[i]
            } else {
                low += e * upper[i]
                high += e * lower[i]
            }
            size += abs(e) * magnitude[i]
        }
        let kappa = OutwardRounding.errorFactor(terms: d)
        let size2 = OutwardRounding.inflated(size, terms: d)
        let slack = OutwardRounding.inflated(error + kappa * size2, terms: 2)
        return (OutwardRounding.roundedDown(low - slack), OutwardRounding.roundedUp(high + slack), size2)
    }
}
