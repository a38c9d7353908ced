import CGLPK

/// How `glp_intopt` searches the branch-and-bound tree in
/// ``solveMixedInteger(_:options:branchAndBound:)`` (its `glp_iocp` parameters).
///
/// The defaults are GLPK's own. None of the settings changes what an
/// ``SolverStatus/optimal`` answer means; they change how fast it comes, and
/// ``stopAtFirstSolution`` changes which answer is asked for.
public struct BranchAndBoundOptions: Sendable, Equatable {
    /// Which fractional integer variable is branched on (`br_tech`).
    public enum Branching: Sendable, Hashable, CaseIterable {
        /// The first fractional variable (`GLP_BR_FFV`).
        case firstFractional
        /// The last fractional variable (`GLP_BR_LFV`).
        case lastFractional
        /// The most fractional variable (`GLP_BR_MFV`).
        case mostFractional
        /// Driebeck and Tomlin's heuristic (`GLP_BR_DTH`, GLPK's default).
        case driebeckTomlin
        /// Hybrid pseudo-cost branching (`GLP_BR_PCH`).
        case hybridPseudoCost
    }

    /// Which open node is solved next (`bt_tech`).
    public enum NodeSelection: Sendable, Hashable, CaseIterable {
        /// Depth first (`GLP_BT_DFS`): finds integer points early.
        case depthFirst
        /// Breadth first (`GLP_BT_BFS`).
        case breadthFirst
        /// The node with the best local bound (`GLP_BT_BLB`, GLPK's default): raises the proven bound fastest.
        case bestLocalBound
        /// Best projection heuristic (`GLP_BT_BPH`).
        case bestProjection
    }

    /// Cutting-plane families GLPK may add (`gmi_cuts`, `mir_cuts`, `cov_cuts`, `clq_cuts`).
    public enum Cut: Sendable, Hashable, CaseIterable {
        /// Gomory's mixed-integer cuts.
        case gomory
        /// Mixed-integer rounding cuts.
        case mixedIntegerRounding
        /// Mixed cover cuts.
        case cover
        /// Clique cuts.
        case clique
    }

    /// Default ``Branching/driebeckTomlin``.
    public var branching: Branching
    /// Default ``NodeSelection/bestLocalBound``.
    public var nodeSelection: NodeSelection
    /// Default none.
    public var cuts: Set<Cut>
    /// Run GLPK's feasibility pump heuristic at the root (`fp_heur`). Default `false`.
    public var feasibilityPump: Bool
    /// Stop as soon as branch and bound finds its first integer-feasible point, and
    /// report it with status ``SolverStatus/feasible`` (even if it happens to be
    /// optimal). For feasibility questions, where any point answers. Default `false`.
    public var stopAtFirstSolution: Bool

    /// Options with the given fields.
    public init(branching: Branching = .driebeckTomlin,
                nodeSelection: NodeSelection = .bestLocalBound,
                cuts: Set<Cut> = [],
                feasibilityPump: Bool = false,
                stopAtFirstSolution: Bool = false) {
        self.branching = branching
        self.nodeSelection = nodeSelection
        self.cuts = cuts
        self.feasibilityPump = feasibilityPump
        self.stopAtFirstSolution = stopAtFirstSolution
    }

    /// GLPK's defaults, searching to a proven optimum.
    public static let `default` = BranchAndBoundOptions()

    /// Writes these settings into GLPK's parameter block.
    func apply(to parameters: inout glp_iocp) {
        switch branching {
        case .firstFractional: parameters.br_tech = GLP_BR_FFV
        case .lastFractional: parameters.br_tech = GLP_BR_LFV
        case .mostFractional: parameters.br_tech = GLP_BR_MFV
        case .driebeckTomlin: parameters.br_tech = GLP_BR_DTH
        case .hybridPseudoCost: parameters.br_tech = GLP_BR_PCH
        }
        switch nodeSelection {
        case .depthFirst: parameters.bt_tech = GLP_BT_DFS
        case .breadthFirst: parameters.bt_tech = GLP_BT_BFS
        case .bestLocalBound: parameters.bt_tech = GLP_BT_BLB
        case .bestProjection: parameters.bt_tech = GLP_BT_BPH
        }
        parameters.gmi_cuts = cuts.contains(.gomory) ? GLP_ON : GLP_OFF
        parameters.mir_cuts = cuts.contains(.mixedIntegerRounding) ? GLP_ON : GLP_OFF
        parameters.cov_cuts = cuts.contains(.cover) ? GLP_ON : GLP_OFF
        parameters.clq_cuts = cuts.contains(.clique) ? GLP_ON : GLP_OFF
        parameters.fp_heur = feasibilityPump ? GLP_ON : GLP_OFF
    }
}
