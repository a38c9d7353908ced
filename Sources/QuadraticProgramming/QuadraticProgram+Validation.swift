extension QuadraticProgram {
    /// Checks everything that can be checked without factorising `G`: `n ≥ 1`,
    /// the lengths of `G`, `a`, every row and the bound arrays (empty or `n`),
    /// that every number is finite, `l_k ≤ u_k`, and that `G` is symmetric to
    /// within `1e-12 · max |G_ij|`. Positive definiteness is checked by
    /// ``solve(_:options:)`` when it factorises `G`.
    ///
    /// - Throws: the first ``QuadraticProgramError`` found.
    public func validate() throws {
        let n = dimension
        guard n > 0 else { throw QuadraticProgramError.emptyProgram }
        guard hessian.count == n * n else {
            throw QuadraticProgramError.dimensionMismatch(what: "hessian", expected: n * n, actual: hessian.count)
        }
        if let bad = hessian.firstIndex(where: { !$0.isFinite }) {
            throw QuadraticProgramError.nonFiniteValue(what: "hessian entry (\(bad / n), \(bad % n))")
        }
        if let bad = linear.firstIndex(where: { !$0.isFinite }) {
            throw QuadraticProgramError.nonFiniteValue(what: "linear term \(bad)")
        }
        try Self.validateRows(equalities, kind: "equality", dimension: n)
        try Self.validateRows(inequalities, kind: "inequality", dimension: n)
        for (name, bounds) in [("lowerBounds", lowerBounds), ("upperBounds", upperBounds)] {
            guard bounds.isEmpty || bounds.count == n else {
                throw QuadraticProgramError.dimensionMismatch(what: name, expected: n, actual: bounds.count)
            }
            if let bad = bounds.firstIndex(where: { $0.map { !$0.isFinite } ?? false }) {
                throw QuadraticProgramError.nonFiniteValue(what: "\(name)[\(bad)]")
            }
        }
        if !lowerBounds.isEmpty && !upperBounds.isEmpty {
            for k in 0..<n {
                if let lower = lowerBounds[k], let upper = upperBounds[k], lower > upper {
                    throw QuadraticProgramError.invalidBounds(variable: k, lower: lower, upper: upper)
                }
            }
        }
        let largest = hessian.reduce(0) { max($0, abs($1)) }
        for i in 0..<n {
            for j in (i + 1)..<n where abs(hessian[i * n + j] - hessian[j * n + i]) > 1e-12 * largest {
                throw QuadraticProgramError.hessianNotSymmetric(row: i, column: j)
            }
        }
    }

    private static func validateRows(_ rows: [QuadraticProgramRow], kind: String, dimension n: Int) throws {
        for (index, row) in rows.enumerated() {
            guard row.coefficients.count == n else {
                throw QuadraticProgramError.dimensionMismatch(
                    what: "\(kind) \(index) coefficients", expected: n, actual: row.coefficients.count)
            }
            if let bad = row.coefficients.firstIndex(where: { !$0.isFinite }) {
                throw QuadraticProgramError.nonFiniteValue(what: "\(kind) \(index) coefficient \(bad)")
            }
            guard row.bound.isFinite else {
                throw QuadraticProgramError.nonFiniteValue(what: "\(kind) \(index) bound")
            }
        }
    }
}
