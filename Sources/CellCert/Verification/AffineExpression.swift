import LinearProgramming

/// An affine function `Σ_j c_j v_j + c₀` of the variables `v` of a
/// ``MixedIntegerModel``, stored sparsely (each variable index at most once).
struct AffineExpression: Sendable {
    /// Variable indices, distinct.
    private(set) var indices: [Int]
    /// `c_j` for each entry of `indices`.
    private(set) var coefficients: [Double]
    /// `c₀`.
    var constant: Double

    /// The constant function `value`.
    init(constant value: Double) {
        indices = []
        coefficients = []
        constant = value
    }

    /// `Σ coefficients[k] · v_{indices[k]} + constant`.
    ///
    /// - Precondition: `indices` are distinct and as many as `coefficients`.
    init(indices: [Int], coefficients: [Double], constant: Double) {
        precondition(indices.count == coefficients.count, "one coefficient per index")
        precondition(Set(indices).count == indices.count, "repeated variable index")
        self.indices = indices
        self.coefficients = coefficients
        self.constant = constant
    }

    /// The expression's value at the point `values` (one per model variable), in floating point.
    func value(at values: [Double]) -> Double {
        zip(indices, coefficients).reduce(constant) { $0 + $1.1 * values[$1.0] }
    }

    /// The variable `v_index` itself.
    static func variable(_ index: Int) -> AffineExpression {
        AffineExpression(indices: [index], coefficients: [1], constant: 0)
    }

    /// `Σ_k weights[k] · terms[k] + constant`, merging repeated variables.
    static func combination(_ terms: [(weight: Double, expression: AffineExpression)], constant: Double = 0) -> AffineExpression {
        var position: [Int: Int] = [:]
        var indices: [Int] = []
        var coefficients: [Double] = []
        var total = constant
        for (weight, expression) in terms where weight != 0 {
            total += weight * expression.constant
            for (index, coefficient) in zip(expression.indices, expression.coefficients) {
                if let k = position[index] {
                    coefficients[k] += weight * coefficient
                } else {
                    position[index] = indices.count
                    indices.append(index)
                    coefficients.append(weight * coefficient)
                }
            }
        }
        return AffineExpression(indices: indices, coefficients: coefficients, constant: total)
    }

    /// `self − other`.
    func minus(_ other: AffineExpression) -> AffineExpression {
        .combination([(1, self), (-1, other)])
    }

    /// `factor · self`.
    func scaled(by factor: Double) -> AffineExpression {
        AffineExpression(indices: indices, coefficients: coefficients.map { $0 * factor }, constant: constant * factor)
    }

    /// The coefficients as a dense row of `count` entries (the constant left out).
    func denseCoefficients(count: Int) -> [Double] {
        var row = [Double](repeating: 0, count: count)
        for (index, coefficient) in zip(indices, coefficients) { row[index] += coefficient }
        return row
    }

    /// The range of the expression when every variable ranges over its bounds
    /// (interval arithmetic); an unbounded side gives `∓∞`.
    func range(over bounds: [VariableBounds]) -> (lower: Double, upper: Double) {
        var lower = constant
        var upper = constant
        for (index, coefficient) in zip(indices, coefficients) where coefficient != 0 {
            let low = bounds[index].lower ?? -.infinity
            let high = bounds[index].upper ?? .infinity
            if coefficient > 0 {
                lower += coefficient * low
                upper += coefficient * high
            } else {
                lower += coefficient * high
                upper += coefficient * low
            }
        }
        return (lower, upper)
    }
}
