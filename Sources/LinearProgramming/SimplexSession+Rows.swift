extension SimplexSession {
    /// Appends `constraints` as new rows, numbered from the current
    /// ``constraintCount``, and returns their 0-based indices.
    ///
    /// The basis is kept: each new row's auxiliary variable enters it as basic, so
    /// the previous basis stays dual feasible and the dual simplex
    /// (``SimplexMethod/dual``) repairs the new rows' violations in a few pivots.
    /// This is how a row generation loop (a cutting-plane method, Clarkson's
    /// redundancy removal) grows its program.
    ///
    /// - Throws: ``LinearProgramError`` for a wrong coefficient count, a non-finite
    ///   coefficient or bound, `lower > upper`, a size beyond GLPK's limits, or a call
    ///   from the wrong thread; the session is then unchanged.
    @discardableResult
    public func addConstraints(_ constraints: [LinearConstraint]) throws -> Range<Int> {
        try checkThread()
        let first = constraintCount
        guard first + constraints.count < GLPKLimits.maxRows else {
            throw LinearProgramError.problemTooLarge(
                "adding \(constraints.count) constraints to \(first) exceeds \(GLPKLimits.maxRows - 1)")
        }
        var nonZeros = problem.nonZeroCount
        for (offset, constraint) in constraints.enumerated() {
            let what = "coefficients of new constraint \(first + offset)"
            try validateCoefficients(constraint.coefficients, count: variableCount, what: what)
            try validateBoundPair(lower: constraint.lower, upper: constraint.upper,
                                  what: "bounds of new constraint \(first + offset)")
            for value in constraint.coefficients where value != 0 { nonZeros += 1 }
            guard nonZeros <= GLPKLimits.maxNonZeros else {
                throw LinearProgramError.problemTooLarge(
                    "constraint matrix would have more than \(GLPKLimits.maxNonZeros) non-zero coefficients")
            }
        }
        problem.appendRows(validated: constraints)
        return first..<(first + constraints.count)
    }

    /// Deletes the 0-based rows listed in `rows`; the rows after them move up.
    ///
    /// The basis is kept valid when every deleted row is inactive in it (its
    /// auxiliary variable basic — always so for a row whose bounds are not
    /// attained at the last optimum). Deleting a row that is active at the current
    /// basis makes the next ``solve(options:)`` restart from GLPK's crash basis
    /// (warm start lost, result unaffected).
    ///
    /// - Throws: ``LinearProgramError/indexOutOfRange(what:index:count:)`` for an index
    ///   outside `0..<constraintCount`, ``LinearProgramError/invalidOption(_:)`` for a
    ///   repeated index, or ``LinearProgramError/wrongThread``; the session is then unchanged.
    public func removeConstraints(_ rows: [Int]) throws {
        try checkThread()
        for row in rows {
            try validateIndex(row, count: constraintCount, what: "constraint")
        }
        guard Set(rows).count == rows.count else {
            throw LinearProgramError.invalidOption("constraint indices to remove must be distinct")
        }
        problem.deleteRows(validated: rows)
    }
}
