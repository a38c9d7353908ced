import CGLPK

/// Which simplex variant `glp_simplex` runs first (its `meth` parameter).
public enum SimplexMethod: Sendable, Hashable {
    /// Primal simplex (`GLP_PRIMAL`). Efficient after the objective changed and the
    /// previous basis is still primal feasible.
    case primal
    /// Dual simplex (`GLP_DUAL`). Efficient after a bound changed and the previous
    /// basis is still dual feasible.
    case dual
    /// Dual simplex, switching to primal if the dual fails (`GLP_DUALP`).
    case dualThenPrimal

    /// GLPK's `meth` code.
    var glpkCode: Int32 {
        switch self {
        case .primal: return GLP_PRIMAL
        case .dual: return GLP_DUAL
        case .dualThenPrimal: return GLP_DUALP
        }
    }

    /// The method tried last when this one keeps failing numerically (as nnenum does).
    var alternative: SimplexMethod {
        switch self {
        case .primal: return .dual
        case .dual, .dualThenPrimal: return .primal
        }
    }
}
