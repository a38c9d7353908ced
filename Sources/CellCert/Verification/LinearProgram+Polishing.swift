import LinearProgramming

extension LinearProgram {
    /// The LP left when every integer variable is fixed at the rounded value it
    /// takes in `values` (a MILP point), solved to optimality: `nil` unless optimal.
    ///
    /// GLPK accepts an integer point whose binaries are integral only up to 1e-5;
    /// through a big-M row `h ≤ u δ` that lets a "switched off" unit pass `1e-5 u`,
    /// an error far larger than the LP tolerance. With the binaries fixed, the
    /// program is the exact linear geometry of one activation pattern, so the
    /// re-solved point honours the network up to the LP tolerance (1e-7) only, and
    /// its objective is that pattern's true optimum.
    func polished(at values: [Double], timeLimitSeconds: Double?) -> LinearProgramSolution? {
        var fixed = self
        for j in integerVariables {
            var value = values[j].rounded()
            if let lower = variableBounds[j].lower { value = Swift.max(value, lower) }
            if let upper = variableBounds[j].upper { value = Swift.min(value, upper) }
            fixed.variableBounds[j] = .fixed(value)
        }
        fixed.integerVariables = []
        guard let solution = try? solve(fixed, options: SolverOptions(timeLimitSeconds: timeLimitSeconds)),
              solution.status == .optimal else { return nil }
        return solution
    }
}
