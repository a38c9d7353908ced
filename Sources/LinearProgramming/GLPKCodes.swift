import CGLPK

/// Human-readable names for GLPK's return codes and solution statuses, used in
/// ``SolverStatus`` failure messages.
enum GLPKCodes {
    /// The name and meaning of a `glp_simplex` / `glp_exact` / `glp_intopt` return code.
    static func describeReturnCode(_ code: Int32) -> String {
        switch code {
        case 0: return "0 (success)"
        case GLP_EBADB: return "GLP_EBADB (initial basis is invalid)"
        case GLP_ESING: return "GLP_ESING (basis matrix is singular)"
        case GLP_ECOND: return "GLP_ECOND (basis matrix is ill-conditioned)"
        case GLP_EBOUND: return "GLP_EBOUND (incorrect bounds)"
        case GLP_EFAIL: return "GLP_EFAIL (solver failure)"
        case GLP_EOBJLL: return "GLP_EOBJLL (objective lower limit reached)"
        case GLP_EOBJUL: return "GLP_EOBJUL (objective upper limit reached)"
        case GLP_EITLIM: return "GLP_EITLIM (iteration limit exceeded)"
        case GLP_ETMLIM: return "GLP_ETMLIM (time limit exceeded)"
        case GLP_ENOPFS: return "GLP_ENOPFS (no primal feasible solution)"
        case GLP_ENODFS: return "GLP_ENODFS (no dual feasible solution)"
        case GLP_EROOT: return "GLP_EROOT (optimal basis of the LP relaxation not provided)"
        case GLP_ESTOP: return "GLP_ESTOP (search terminated by application)"
        case GLP_EMIPGAP: return "GLP_EMIPGAP (relative MIP gap tolerance reached)"
        default: return "unknown GLPK return code \(code)"
        }
    }

    /// The name of a `glp_get_status` / `glp_get_prim_stat` / `glp_mip_status` value.
    static func describeStatus(_ status: Int32) -> String {
        switch status {
        case GLP_UNDEF: return "GLP_UNDEF"
        case GLP_FEAS: return "GLP_FEAS"
        case GLP_INFEAS: return "GLP_INFEAS"
        case GLP_NOFEAS: return "GLP_NOFEAS"
        case GLP_OPT: return "GLP_OPT"
        case GLP_UNBND: return "GLP_UNBND"
        default: return "unknown status \(status)"
        }
    }
}
