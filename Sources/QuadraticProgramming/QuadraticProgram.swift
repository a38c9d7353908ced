/// A dense, strictly convex quadratic program
///
///     minimize    ½ yᵀ G y + aᵀ y
///     subject to  e_i · y  = f_i     for every equality i
///                 c_j · y ≥ b_j     for every inequality j
///                 l_k ≤ y_k ≤ u_k   for every bounded variable k
///
/// with a symmetric positive definite `G`. Because `G` is positive definite the
/// objective is strictly convex: a feasible program has exactly one minimiser.
/// A plain value: building one does no numerical work; ``solve(_:options:)``
/// validates it (``validate()``) before solving.
public struct QuadraticProgram: Equatable, Sendable {
    /// The number of variables `n`.
    public let dimension: Int
    /// `G`, row-major `n × n`, symmetric positive definite.
    public var hessian: [Double]
    /// `a`, the linear term.
    public var linear: [Double]
    /// Rows `coefficients · y = bound`.
    public var equalities: [QuadraticProgramRow] = []
    /// Rows `coefficients · y ≥ bound`.
    public var inequalities: [QuadraticProgramRow] = []
    /// Per-variable lower bounds (`nil` = none); empty means no bounds at all.
    public var lowerBounds: [Double?] = []
    /// Per-variable upper bounds (`nil` = none); empty means no bounds at all.
    public var upperBounds: [Double?] = []

    /// The program `minimize ½ yᵀGy + aᵀy` with no constraints yet.
    public init(hessian: [Double], linear: [Double]) {
        self.dimension = linear.count
        self.hessian = hessian
        self.linear = linear
    }

    /// The Euclidean projection program `minimize ½‖y − point‖²`
    /// (`G = I`, `a = −point`), whose optimum is the point of the feasible set
    /// nearest to `point` in ℓ2.
    ///
    /// Its objective value is `½‖y − point‖² − ½‖point‖²` (the constant is
    /// dropped), so compute the distance from the optimal point, not from the
    /// objective, which cancels catastrophically when `point` is far from the origin.
    public static func projection(of point: [Double]) -> QuadraticProgram {
        let n = point.count
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        return QuadraticProgram(hessian: identity, linear: point.map { -$0 })
    }

    /// `true` when `G` is exactly the identity matrix; the solver then skips the
    /// Cholesky factorisation (`L = I`).
    var hasIdentityHessian: Bool {
        let n = dimension
        guard hessian.count == n * n else { return false }
        for i in 0..<n {
            for j in 0..<n where hessian[i * n + j] != (i == j ? 1 : 0) {
                return false
            }
        }
        return true
    }
}
