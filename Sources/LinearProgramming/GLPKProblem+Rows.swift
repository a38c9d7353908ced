import CGLPK

extension GLPKProblem {
    /// Appends `rows` after the existing user rows.
    ///
    /// GLPK makes every new row's auxiliary variable basic (`glp_add_rows`), so a
    /// valid basis stays valid: the basis matrix gains one row and one identity
    /// column. It stays dual feasible (the objective is unchanged); it is primal
    /// infeasible exactly when the current point violates a new row. When the
    /// problem has no user row, the padding row becomes the first new row; a valid
    /// basis has the padding row's auxiliary variable basic (its row of the
    /// constraint matrix is empty), and it is set basic here to make sure.
    ///
    /// - Precondition: every row has `variableCount` finite coefficients, finite
    ///   bounds with `lower ≤ upper`, and the sizes stay within ``GLPKLimits``;
    ///   called on the owning thread.
    func appendRows(validated rows: [LinearConstraint]) {
        guard !rows.isEmpty else { return }
        let first = constraintCount
        if first == 0 {
            if rows.count > 1 { glp_add_rows(pointer, Int32(rows.count - 1)) }
            glp_set_row_stat(pointer, 1, GLP_BS)
        } else {
            glp_add_rows(pointer, Int32(rows.count))
        }
        for (offset, row) in rows.enumerated() {
            setRow(validated: first + offset, to: row)
        }
        constraintCount += rows.count
    }

    /// Deletes the 0-based user rows `rows` (`glp_del_rows`); later rows move up.
    ///
    /// The basis stays valid if every deleted row's auxiliary variable is basic.
    /// Otherwise the basis has more basic variables than rows: the next
    /// `glp_simplex` reports `GLP_EBADB`, and ``runSimplexWithRecovery(options:budget:)``
    /// restarts from `glp_adv_basis`. Deleting every user row leaves the empty
    /// padding row in place of the first one.
    ///
    /// - Precondition: `rows` are distinct indices in `0..<constraintCount`;
    ///   called on the owning thread.
    func deleteRows(validated rows: [Int]) {
        guard !rows.isEmpty else { return }
        var doomed = rows.sorted()
        if doomed.count == constraintCount {
            // Keep GLPK row 1 as the padding row: empty, free, basic.
            doomed.removeFirst()
            glp_set_mat_row(pointer, 1, 0, nil, nil)
            glp_set_row_bnds(pointer, 1, GLP_FR, 0, 0)
            glp_set_row_stat(pointer, 1, GLP_BS)
        }
        if !doomed.isEmpty {
            // glp_del_rows takes 1-based row numbers; element 0 is unused.
            let numbers: [Int32] = [0] + doomed.map { Int32($0 + 1) }
            glp_del_rows(pointer, Int32(doomed.count), numbers)
        }
        constraintCount -= rows.count
    }

    /// The number of non-zero constraint coefficients GLPK holds (`glp_get_num_nz`).
    var nonZeroCount: Int { Int(glp_get_num_nz(pointer)) }

    /// Sets the bounds and coefficients of 0-based user row `row` (only non-zeros are stored).
    private func setRow(validated row: Int, to constraint: LinearConstraint) {
        let index = Int32(row + 1)
        let glpk = GLPKBounds(lower: constraint.lower, upper: constraint.upper)
        glp_set_row_bnds(pointer, index, glpk.type, glpk.lower, glpk.upper)
        // glp_set_mat_row takes 1-based column indices; element 0 of each array is unused.
        var columns: [Int32] = [0]
        var values: [Double] = [0]
        for (column, value) in constraint.coefficients.enumerated() where value != 0 {
            columns.append(Int32(column + 1))
            values.append(value)
        }
        glp_set_mat_row(pointer, index, Int32(values.count - 1), columns, values)
    }
}
