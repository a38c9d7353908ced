import CGLPK

/// Owns one GLPK problem object (`glp_prob*`): builds it from a validated
/// ``LinearProgram``, changes it, and deletes it in `deinit`.
///
/// Every method assumes its arguments were validated in Swift first (a bad GLPK
/// call aborts the process); the `validated` argument labels say so.
///
/// Thread rule: GLPK 5.0 keeps its environment in thread-local storage, so the
/// object is created, used and deleted on one thread (``OwningThread``). Callers
/// check ``isOnOwningThread`` before each use; `deinit` on another thread leaks
/// the GLPK object rather than corrupt another thread's GLPK environment.
///
/// GLPK rejects `glp_exact` on a problem without rows, so a program without
/// constraints gets one internal free row with no coefficients (the "padding
/// row"). It constrains nothing and is hidden from ``constraintCount`` and from
/// row duals.
final class GLPKProblem {
    /// The `glp_prob*`.
    let pointer: OpaquePointer
    /// The number of columns.
    let variableCount: Int
    /// The number of user rows (the padding row, if any, is not counted). Changed
    /// only by ``appendRows(validated:)`` and ``deleteRows(validated:)``.
    var constraintCount: Int
    private let owner = OwningThread()

    /// Builds the GLPK problem for `program`; columns listed in `integerColumns` get
    /// kind `GLP_IV`, all others `GLP_CV`. Only non-zero coefficients are loaded.
    ///
    /// - Precondition: `program.validate()` succeeded and `integerColumns` is a
    ///   subset of `0..<program.variableCount`.
    init(validated program: LinearProgram, integerColumns: Set<Int> = []) {
        glp_term_out(GLP_OFF)
        let n = program.variableCount
        let m = program.constraints.count
        let problem: OpaquePointer = glp_create_prob()
        pointer = problem
        variableCount = n
        constraintCount = m

        glp_set_obj_dir(problem, program.direction.glpkCode)
        glp_set_obj_coef(problem, 0, program.objectiveConstant)
        glp_add_cols(problem, Int32(n))
        for column in 0..<n {
            let bounds = program.variableBounds[column]
            let glpk = GLPKBounds(lower: bounds.lower, upper: bounds.upper)
            glp_set_col_bnds(problem, Int32(column + 1), glpk.type, glpk.lower, glpk.upper)
            glp_set_obj_coef(problem, Int32(column + 1), program.objective[column])
        }
        for column in integerColumns {
            glp_set_col_kind(problem, Int32(column + 1), GLP_IV)
        }

        glp_add_rows(problem, Int32(Swift.max(m, 1)))
        if m == 0 {
            glp_set_row_bnds(problem, 1, GLP_FR, 0, 0)
        }
        // glp_load_matrix takes 1-based triplets; element 0 of each array is unused.
        var rowIndices: [Int32] = [0]
        var columnIndices: [Int32] = [0]
        var entries: [Double] = [0]
        for (row, constraint) in program.constraints.enumerated() {
            let glpk = GLPKBounds(lower: constraint.lower, upper: constraint.upper)
            glp_set_row_bnds(problem, Int32(row + 1), glpk.type, glpk.lower, glpk.upper)
            for (column, value) in constraint.coefficients.enumerated() where value != 0 {
                rowIndices.append(Int32(row + 1))
                columnIndices.append(Int32(column + 1))
                entries.append(value)
            }
        }
        glp_load_matrix(problem, Int32(entries.count - 1), rowIndices, columnIndices, entries)
    }

    deinit {
        if owner.isCurrent {
            glp_delete_prob(pointer)
        }
        // Otherwise leak: deleting would unlink GLPK memory blocks from the wrong
        // thread's environment.
    }

    /// `true` if the caller is on the thread that created this problem.
    var isOnOwningThread: Bool { owner.isCurrent }

    /// Replaces the objective vector, constant and direction.
    ///
    /// - Precondition: `coefficients` has `variableCount` finite entries; `constant` is finite.
    func setObjective(validated coefficients: [Double], constant: Double, direction: OptimizationDirection) {
        glp_set_obj_dir(pointer, direction.glpkCode)
        glp_set_obj_coef(pointer, 0, constant)
        for (column, value) in coefficients.enumerated() {
            glp_set_obj_coef(pointer, Int32(column + 1), value)
        }
    }

    /// Replaces the bounds of 0-based column `column`. The basis is kept.
    ///
    /// - Precondition: `column` in range; bounds finite with `lower ≤ upper`.
    func setColumnBounds(validated column: Int, lower: Double?, upper: Double?) {
        let glpk = GLPKBounds(lower: lower, upper: upper)
        glp_set_col_bnds(pointer, Int32(column + 1), glpk.type, glpk.lower, glpk.upper)
    }

    /// Replaces the bounds of 0-based user row `row`. The basis is kept.
    ///
    /// - Precondition: `row` in `0..<constraintCount`; bounds finite with `lower ≤ upper`.
    func setRowBounds(validated row: Int, lower: Double?, upper: Double?) {
        let glpk = GLPKBounds(lower: lower, upper: upper)
        glp_set_row_bnds(pointer, Int32(row + 1), glpk.type, glpk.lower, glpk.upper)
    }

    /// Simplex iterations GLPK has counted on this problem object so far.
    var iterationCount: Int { Int(glp_get_it_cnt(pointer)) }
}

/// A Swift bound pair in GLPK's form: a type code and the two values GLPK reads for it.
struct GLPKBounds {
    let type: Int32
    let lower: Double
    let upper: Double

    /// `nil/nil` → `GLP_FR`, lower only → `GLP_LO`, upper only → `GLP_UP`,
    /// equal → `GLP_FX`, otherwise `GLP_DB`. Values GLPK ignores are 0.
    init(lower: Double?, upper: Double?) {
        switch (lower, upper) {
        case (nil, nil):
            (type, self.lower, self.upper) = (GLP_FR, 0, 0)
        case (let lower?, nil):
            (type, self.lower, self.upper) = (GLP_LO, lower, 0)
        case (nil, let upper?):
            (type, self.lower, self.upper) = (GLP_UP, 0, upper)
        case (let lower?, let upper?):
            (type, self.lower, self.upper) = (lower == upper ? GLP_FX : GLP_DB, lower, upper)
        }
    }
}

extension OptimizationDirection {
    /// GLPK's `GLP_MIN` / `GLP_MAX`.
    var glpkCode: Int32 {
        switch self {
        case .minimize: return GLP_MIN
        case .maximize: return GLP_MAX
        }
    }
}

@available(*, unavailable, message: "a GLPK problem must stay on the thread that created it")
extension GLPKProblem: Sendable {}
