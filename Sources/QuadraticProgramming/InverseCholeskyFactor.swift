/// `L⁻¹` for the Cholesky factorisation `G = LLᵀ` of a symmetric positive
/// definite matrix: the starting point `J₀ = L⁻ᵀ` of the dual active-set method,
/// which needs `JJᵀ = G⁻¹`.
///
/// Stored row-major and lower triangular, which is the same memory as `L⁻ᵀ`
/// column-major: row `c` of `L⁻¹` is column `c` of `J₀`.
struct InverseCholeskyFactor {
    /// `L⁻¹`, row-major `n × n`, zero above the diagonal.
    let entries: [Double]

    /// Factorises `G` (row-major, symmetric; only its lower triangle is read).
    ///
    /// - Throws: ``QuadraticProgramError/hessianNotPositiveDefinite(pivot:)`` when a
    ///   pivot `G_jj − Σ_k L_jk²` is not above `n · ε · max_i G_ii` (this includes
    ///   every non-positive pivot): `G` is then not positive definite, or so close
    ///   to singular that `G⁻¹` would be meaningless.
    init(hessian g: [Double], dimension n: Int) throws {
        let largestDiagonal = (0..<n).reduce(0.0) { max($0, g[$1 * n + $1]) }
        let pivotFloor = Double(n) * Double.ulpOfOne * largestDiagonal
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var pivot = g[j * n + j]
            for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
            guard pivot > pivotFloor, pivot.isFinite else {
                throw QuadraticProgramError.hessianNotPositiveDefinite(pivot: j)
            }
            let diagonal = pivot.squareRoot()
            l[j * n + j] = diagonal
            for i in (j + 1)..<max(j + 1, n) {
                var sum = g[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = sum / diagonal
            }
        }
        // Column c of L⁻¹ solves L x = e_c by forward substitution; it is zero above row c.
        var inverse = [Double](repeating: 0, count: n * n)
        for c in 0..<n {
            for i in c..<n {
                var sum = i == c ? 1.0 : 0.0
                for k in c..<i { sum -= l[i * n + k] * inverse[k * n + c] }
                inverse[i * n + c] = sum / l[i * n + i]
            }
        }
        entries = inverse
    }
}
