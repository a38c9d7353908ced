extension LinearProgram {
    /// A rigorous bound on the program's optimum from any row multipliers `y`
    /// (Neumaier and Shcherbina, "Safe bounds in linear and mixed-integer linear
    /// programming", Math. Programming 99, 2004): a lower bound when minimizing,
    /// an upper bound when maximizing, valid for the program's data taken as exact
    /// numbers, whatever rounding or tolerance produced `y`.
    ///
    /// For every `x` with `lower ≤ Ax ≤ upper` and `l ≤ x ≤ u`,
    /// `c·x = yᵀ(Ax) + (c − Aᵀy)·x`. Each row contributes the least value of
    /// `y_i (a_i·x)` over its bounds, each variable the least value of `d_j x_j`
    /// over its bounds with `d = c − Aᵀy` enclosed in an interval; every product
    /// and sum is rounded outward (one ulp after rounding to nearest). A multiplier
    /// whose row has no bound on the side it needs is taken as 0 (any `y` is
    /// valid). With GLPK's optimal row duals (``LinearProgramSolution/rowDuals``)
    /// the bound is the optimum up to a few ulps per term.
    ///
    /// - Returns: the bound, or `−∞` (`+∞` when maximizing) when a variable
    ///   without a bound on the side its reduced cost needs makes it useless,
    ///   or when `rowMultipliers` has the wrong length or a non-finite entry.
    public func safeObjectiveBound(rowMultipliers: [Double]) -> Double {
        let sign: Double = direction == .minimize ? 1 : -1
        let useless = -sign * Double.infinity
        guard rowMultipliers.count == constraints.count, rowMultipliers.allSatisfy(\.isFinite) else { return useless }
        // Work on min (sign·c)·x with multipliers sign·y; the result is multiplied by sign again.
        var lowest = Array(objective.map { sign * $0 })
        var highest = lowest
        var total = sign * objectiveConstant
        for (i, row) in constraints.enumerated() {
            let y = sign * rowMultipliers[i]
            guard y != 0, let side = y > 0 ? row.lower : row.upper else { continue }
            total = Self.sumDown(total, Self.productDown(y, side))
            for (j, a) in row.coefficients.enumerated() where a != 0 {
                lowest[j] = Self.sumDown(lowest[j], -Self.productUp(a, y))
                highest[j] = Self.sumUp(highest[j], -Self.productDown(a, y))
            }
        }
        for j in objective.indices {
            let (d, e) = (lowest[j], highest[j])
            if d == 0 && e == 0 { continue }
            let bounds = variableBounds[j]
            // min over x ∈ [l, u] and r ∈ [d, e] of r·x: at a corner; a missing bound on a needed side is −∞.
            if (e > 0 && bounds.lower == nil) || (d < 0 && bounds.upper == nil) { return useless }
            var least = Double.infinity
            for r in [d, e] {
                for x in [bounds.lower, bounds.upper].compactMap({ $0 }) { least = min(least, Self.productDown(r, x)) }
            }
            total = Self.sumDown(total, least)
        }
        guard total.isFinite else { return useless }
        return sign * total
    }

    // Directed rounding: the value to nearest, moved one ulp outward unless it is
    // exact (the error of a product from a fused multiply-add, of a sum from
    // Knuth's two-sum), so that exact cancellations, such as a reduced cost of 0,
    // stay exact.

    /// Below this size a product's error may underflow to 0 in the fused
    /// multiply-add, so a product this small is always moved outward.
    private static let tinyProduct = 0x1p-960

    static func productDown(_ a: Double, _ b: Double) -> Double {
        let p = a * b
        let error = (-p).addingProduct(a, b)        // a·b − p, exactly above tinyProduct
        return error < 0 || !error.isFinite || (abs(p) < tinyProduct && a != 0 && b != 0) ? p.nextDown : p
    }

    static func productUp(_ a: Double, _ b: Double) -> Double {
        let p = a * b
        let error = (-p).addingProduct(a, b)
        return error > 0 || !error.isFinite || (abs(p) < tinyProduct && a != 0 && b != 0) ? p.nextUp : p
    }

    static func sumDown(_ a: Double, _ b: Double) -> Double {
        let s = a + b
        return twoSumError(a, b, s) < 0 ? s.nextDown : s
    }

    static func sumUp(_ a: Double, _ b: Double) -> Double {
        let s = a + b
        return twoSumError(a, b, s) > 0 ? s.nextUp : s
    }

    /// `(a + b) − s` for `s = fl(a + b)`, exactly (Knuth's two-sum); NaN when not finite.
    private static func twoSumError(_ a: Double, _ b: Double, _ s: Double) -> Double {
        guard s.isFinite else { return .nan }
        let bVirtual = s - a
        let aVirtual = s - bVirtual
        return (a - aVirtual) + (b - bVirtual)
    }
}
