/// Size limits of GLPK 5.0 (`M_MAX`, `N_MAX`, `NNZ_MAX` in its `prob.h`). Asking
/// GLPK for more aborts the process, so they are checked in Swift first.
enum GLPKLimits {
    static let maxRows = 100_000_000
    static let maxColumns = 100_000_000
    static let maxNonZeros = 500_000_000
}

extension LinearProgram {
    /// The magnitudes a non-zero coefficient or bound may have. GLPK scales rows
    /// and columns by products of their entries and factorises in `double`: with
    /// entries near 1e200 it overflows and aborts the process (`xassert`), and
    /// entries below 1e-100 next to ordinary ones are lost to its tolerances.
    /// Callers that meet such values rescale them or report the problem.
    public static let safeMagnitudes: ClosedRange<Double> = 1e-100...1e100

    /// Checks that the program can be handed to GLPK, and throws the first problem found.
    ///
    /// Checked, in this order: at least one variable; sizes within GLPK's limits
    /// (10⁸ rows and columns, 5·10⁸ non-zeros; one row is reserved for an internal
    /// padding row); `variableBounds.count` and every constraint's
    /// `coefficients.count` equal `objective.count`; every objective coefficient, the
    /// objective constant, every matrix coefficient and every bound is finite and,
    /// unless zero, within ``safeMagnitudes``; every
    /// bound pair has `lower ≤ upper`; every index in `integerVariables` is in range.
    ///
    /// Passing validation says nothing about feasibility or boundedness; those are
    /// solver outcomes.
    ///
    /// - Throws: ``LinearProgramError`` with a one-line description.
    public func validate() throws {
        let n = variableCount
        guard n > 0 else { throw LinearProgramError.emptyProblem }
        guard n <= GLPKLimits.maxColumns else {
            throw LinearProgramError.problemTooLarge("linear program has \(n) variables, GLPK allows at most \(GLPKLimits.maxColumns)")
        }
        guard constraints.count < GLPKLimits.maxRows else {
            throw LinearProgramError.problemTooLarge("linear program has \(constraints.count) constraints, at most \(GLPKLimits.maxRows - 1) are supported")
        }
        guard variableBounds.count == n else {
            throw LinearProgramError.dimensionMismatch(what: "variableBounds", expected: n, actual: variableBounds.count)
        }
        try validateCoefficients(objective, count: n, what: "objective")
        guard objectiveConstant.isFinite else {
            throw LinearProgramError.nonFiniteValue(what: "objective constant")
        }
        try validateMagnitude(objectiveConstant, what: "objective constant")
        for (column, bounds) in variableBounds.enumerated() {
            try validateBoundPair(lower: bounds.lower, upper: bounds.upper, what: "bounds of variable \(column)")
        }
        for index in integerVariables where !(0..<n).contains(index) {
            throw LinearProgramError.indexOutOfRange(what: "integer variable", index: index, count: n)
        }
        var nonZeros = 0
        for (row, constraint) in constraints.enumerated() {
            try validateCoefficients(constraint.coefficients, count: n, what: "coefficients of constraint \(row)")
            try validateBoundPair(lower: constraint.lower, upper: constraint.upper, what: "bounds of constraint \(row)")
            for value in constraint.coefficients where value != 0 { nonZeros += 1 }
            guard nonZeros <= GLPKLimits.maxNonZeros else {
                throw LinearProgramError.problemTooLarge("constraint matrix has more than \(GLPKLimits.maxNonZeros) non-zero coefficients")
            }
        }
    }
}

/// Throws unless `values` has `count` entries, all finite. `what` names the array in the message.
func validateCoefficients(_ values: [Double], count: Int, what: String) throws {
    guard values.count == count else {
        throw LinearProgramError.dimensionMismatch(what: what, expected: count, actual: values.count)
    }
    if let index = values.firstIndex(where: { !$0.isFinite }) {
        throw LinearProgramError.nonFiniteValue(what: "entry \(index) of \(what)")
    }
    if let index = values.firstIndex(where: { $0 != 0 && !LinearProgram.safeMagnitudes.contains(abs($0)) }) {
        throw LinearProgramError.badlyScaled(what: "entry \(index) of \(what)", value: values[index])
    }
}

/// Throws unless `value` is zero or its magnitude lies within ``LinearProgram/safeMagnitudes``.
func validateMagnitude(_ value: Double, what: String) throws {
    if value != 0 && !LinearProgram.safeMagnitudes.contains(abs(value)) {
        throw LinearProgramError.badlyScaled(what: what, value: value)
    }
}

/// Throws unless both present bounds are finite and `lower ≤ upper`.
func validateBoundPair(lower: Double?, upper: Double?, what: String) throws {
    if let lower, !lower.isFinite {
        throw LinearProgramError.nonFiniteValue(what: "lower \(what)")
    }
    if let upper, !upper.isFinite {
        throw LinearProgramError.nonFiniteValue(what: "upper \(what)")
    }
    if let lower { try validateMagnitude(lower, what: "lower \(what)") }
    if let upper { try validateMagnitude(upper, what: "upper \(what)") }
    if let lower, let upper, lower > upper {
        throw LinearProgramError.invalidBounds(what: what, lower: lower, upper: upper)
    }
}

/// Throws unless `index` is in `0..<count`.
func validateIndex(_ index: Int, count: Int, what: String) throws {
    guard (0..<count).contains(index) else {
        throw LinearProgramError.indexOutOfRange(what: what, index: index, count: count)
    }
}
