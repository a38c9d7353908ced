/// What `Network.decisionBoundary(at:options:)` computes and within which limits.
public struct DecisionBoundaryOptions: Sendable {
    /// The norm of `R_p(x)`. The MILP method supports `.linf` and `.l1`.
    public var norm: Norm
    /// The algorithm.
    public var method: DecisionBoundaryResult.Method
    /// The input domain `D` (raw input units); `nil` = all of ℝ^d.
    /// Points outside `D` are neither searched nor reported as witnesses.
    public var domain: InputBox?
    /// Wall-clock limit; when hit the result is `.bounded` (or `.unknown`).
    public var timeLimitSeconds: Double?
    /// Search only: the most cells to open before stopping with `.bounded`.
    public var maxCells: Int?

    public init(norm: Norm = .linf, method: DecisionBoundaryResult.Method = .search, domain: InputBox? = nil,
                timeLimitSeconds: Double? = nil, maxCells: Int? = nil) {
        self.norm = norm
        self.method = method
        self.domain = domain
        self.timeLimitSeconds = timeLimitSeconds
        self.maxCells = maxCells
    }
}
