import CGLPK

/// Watches one `glp_intopt` run through GLPK's branch-and-bound callback: keeps
/// the best proven bound on the optimum, and stops the search at the first
/// integer solution when asked.
///
/// The proven bound is the best local bound of the open nodes
/// (`glp_ios_best_node`, `glp_ios_node_bound`): every integer point lies in the
/// subtree of some open node (or was already found), so the optimum is no
/// better than that bound or the incumbent. The bound only improves as the
/// search proceeds, so the best value seen at any callback stays valid; it
/// starts at the LP relaxation's optimum.
final class BranchAndBoundMonitor {
    private let direction: OptimizationDirection
    private let stopAtFirstSolution: Bool
    /// The best bound proven so far (lower when minimizing, upper when maximizing).
    private(set) var provenBound: Double
    /// Whether the search was stopped because it found its first integer point.
    private(set) var stoppedAtFirstSolution = false

    init(direction: OptimizationDirection, relaxationBound: Double, stopAtFirstSolution: Bool) {
        self.direction = direction
        self.provenBound = relaxationBound
        self.stopAtFirstSolution = stopAtFirstSolution
    }

    /// Called by GLPK at every callback point of the search.
    func observe(_ tree: OpaquePointer) {
        let node = glp_ios_best_node(tree)
        if node != 0 {
            let bound = glp_ios_node_bound(tree, node)
            // GLPK marks a bound it does not know yet as ∓DBL_MAX.
            if bound.isFinite, abs(bound) < 0.5 * Double.greatestFiniteMagnitude {
                switch direction {
                case .minimize: provenBound = max(provenBound, bound)
                case .maximize: provenBound = min(provenBound, bound)
                }
            }
        }
        if stopAtFirstSolution, glp_ios_reason(tree) == GLP_IBINGO {
            stoppedAtFirstSolution = true
            glp_ios_terminate(tree)
        }
    }

    /// `provenBound`, clipped to the incumbent's objective value: the optimum is
    /// at least as good as any integer point found.
    func bound(incumbent: Double?) -> Double {
        guard let incumbent else { return provenBound }
        switch direction {
        case .minimize: return min(provenBound, incumbent)
        case .maximize: return max(provenBound, incumbent)
        }
    }

    /// The C callback handed to `glp_intopt`; `info` is the unretained monitor.
    static let callback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { tree, info in
        guard let tree, let info else { return }
        Unmanaged<BranchAndBoundMonitor>.fromOpaque(info).takeUnretainedValue().observe(tree)
    }
}
