/// The solver's own test of the Karush–Kuhn–Tucker conditions at its final
/// point, so that rounding trouble surfaces as
/// ``QuadraticProgramStatus/numericalFailure(_:)`` instead of a wrong optimum.
///
/// For a strictly convex program the KKT conditions are sufficient: `y` is the
/// minimiser when, with `κ` = ``QuadraticProgramOptions/optimalityTolerance`` and
/// `σ = max(1, ‖y‖∞)`,
/// - primal feasibility: every row `n·y ≥ β` has `n·y − β ≥ −κ·max(‖n‖₂σ, |β|)`,
///   every equality `|e·y − f| ≤` the same;
/// - complementarity: every active row holds with equality to that tolerance
///   (only active rows carry multipliers);
/// - dual feasibility: inequality and bound multipliers are `≥ −κ·max_a |u_a|`;
/// - stationarity: `‖Gy + a − Σ_a u_a n_a‖∞ ≤ κ·(‖Gy‖∞ + ‖a‖∞ + Σ_a |u_a| ‖n_a‖∞)`.
/// Every comparison is written so that a NaN fails it.
struct OptimalityCheck {
    let program: QuadraticProgram
    let rows: ConstraintRows
    let isIdentityHessian: Bool
    let tolerance: Double

    /// The first violated condition, described, or `nil` when all hold.
    /// `multipliers[a]` belongs to `active[a]` with the sign of its row as stored
    /// (for an equality: `μ_i`).
    func failure(point y: [Double], active: [QuadraticProgramConstraint], multipliers: [Double]) -> String? {
        let n = rows.dimension
        guard y.allSatisfy(\.isFinite), multipliers.allSatisfy(\.isFinite) else {
            return "non-finite point or multiplier"
        }
        let scale = y.reduce(1) { max($0, abs($1)) }
        let activeSet = Set(active)
        // Primal feasibility and complementarity.
        let result: String? = y.withUnsafeBufferPointer { buffer in
            let pointer = buffer.baseAddress!
            func check(_ constraint: QuadraticProgramConstraint) -> String? {
                let slack = rows.slack(of: constraint, at: pointer)
                let limit = rows.tolerance(of: constraint, relative: tolerance, scale: scale)
                let mustBeTight = activeSet.contains(constraint) || { if case .equality = constraint { return true }; return false }()
                let violation = mustBeTight ? abs(slack) : -slack
                return violation <= limit ? nil
                    : "\(constraint) has slack \(slack) beyond tolerance \(limit)"
            }
            for i in 0..<rows.equalityCount { if let message = check(.equality(i)) { return message } }
            for j in 0..<rows.inequalityCount { if let message = check(.inequality(j)) { return message } }
            for k in 0..<n {
                if rows.lower[k].isFinite, let message = check(.lowerBound(k)) { return message }
                if rows.upper[k].isFinite, let message = check(.upperBound(k)) { return message }
            }
            return nil
        }
        if let result { return result }
        // Dual feasibility.
        let largestMultiplier = multipliers.reduce(0) { max($0, abs($1)) }
        for (constraint, value) in zip(active, multipliers) {
            if case .equality = constraint { continue }
            guard value >= -tolerance * largestMultiplier else {
                return "\(constraint) has negative multiplier \(value)"
            }
        }
        // Stationarity.
        var residual = hessianProduct(y)
        let hessianMagnitude = residual.reduce(0) { max($0, abs($1)) }
        let linearMagnitude = program.linear.reduce(0) { max($0, abs($1)) }
        var magnitude = hessianMagnitude + linearMagnitude
        for c in 0..<n { residual[c] += program.linear[c] }
        for (constraint, value) in zip(active, multipliers) where value != 0 {
            rows.addMultiple(-value, of: constraint, to: &residual)
            magnitude += abs(value) * rows.maximumMagnitude(of: constraint)
        }
        let largestResidual = residual.reduce(0) { max($0, abs($1)) }
        guard largestResidual <= tolerance * magnitude else {
            return "stationarity residual \(largestResidual) exceeds \(tolerance) × \(magnitude)"
        }
        return nil
    }

    /// `½ yᵀGy + aᵀy`.
    func objective(at y: [Double]) -> Double {
        let gy = hessianProduct(y)
        var value = 0.0
        for c in 0..<rows.dimension { value += y[c] * (0.5 * gy[c] + program.linear[c]) }
        return value
    }

    /// `G y`.
    private func hessianProduct(_ y: [Double]) -> [Double] {
        if isIdentityHessian { return y }
        let n = rows.dimension
        var result = [Double](repeating: 0, count: n)
        program.hessian.withUnsafeBufferPointer { g in
            y.withUnsafeBufferPointer { v in
                for i in 0..<n { result[i] = dot(g.baseAddress! + i * n, v.baseAddress!, n) }
            }
        }
        return result
    }
}
