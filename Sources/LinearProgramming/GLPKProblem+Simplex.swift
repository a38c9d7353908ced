import CGLPK

/// The starting basis of one `glp_simplex` / `glp_exact` attempt.
enum BasisStart {
    /// Whatever basis the problem object holds (warm start).
    case current
    /// `glp_adv_basis`: GLPK's crash basis built from the constraint matrix.
    case advanced
    /// `glp_std_basis`: all rows basic, all columns at a bound (always non-singular).
    case standard
}

extension GLPKProblem {
    /// Solves the continuous problem (column kinds are ignored) and reads the basic
    /// solution. Uses `glp_simplex` with recovery, then `glp_exact` if asked.
    ///
    /// - Precondition: called on the owning thread.
    func solveContinuous(options: SolverOptions, budget: TimeBudget) -> LinearProgramSolution {
        glp_term_out(GLP_OFF)
        let startIterations = iterationCount
        var status = runSimplexWithRecovery(options: options, budget: budget)
        if options.exactArithmetic {
            switch status {
            case .timeLimit, .iterationLimit, .otherFailure, .feasible:
                break
            case .optimal, .infeasible, .unbounded, .numericalFailure:
                status = runExact(budget: budget)
            }
        }
        return basicSolution(status: status, iterations: iterationCount - startIterations)
    }

    /// Runs `glp_simplex` until it reaches a conclusive status, retrying after
    /// numerical failures the way nnenum does: warm basis with the chosen method,
    /// then `glp_adv_basis`, then `glp_std_basis`, then `glp_std_basis` with the
    /// other method. Returns the mapped status; it is ``SolverStatus/optimal`` only
    /// if `glp_get_status` said `GLP_OPT`.
    ///
    /// Mapping: return code 0 → `glp_get_status` (`GLP_OPT` optimal, `GLP_NOFEAS`
    /// infeasible, `GLP_UNBND` unbounded; anything else is inconclusive and retried
    /// with the primal simplex); `GLP_EBADB`/`GLP_ESING`/`GLP_ECOND`/`GLP_EFAIL` →
    /// retry, finally numerical failure; `GLP_ETMLIM` → time limit; `GLP_EITLIM` →
    /// iteration limit; `GLP_ENOPFS` (presolver) → infeasible; `GLP_ENODFS`
    /// (presolver: infeasible *or* unbounded) → re-solve without presolver with the
    /// primal simplex to decide; anything else → other failure.
    func runSimplexWithRecovery(options: SolverOptions, budget: TimeBudget) -> SolverStatus {
        let attempts: [(BasisStart, SimplexMethod)] = [
            (.current, options.method),
            (.advanced, options.method),
            (.standard, options.method),
            (.standard, options.method.alternative),
        ]
        var usePresolver = options.presolve
        var forcePrimal = false
        var lastFailure = SolverStatus.otherFailure("glp_simplex was not run")
        var attempt = 0
        while attempt < attempts.count {
            guard let milliseconds = budget.remainingMilliseconds() else { return .timeLimit }
            let (start, method) = attempts[attempt]
            resetBasis(start)
            var parameters = glp_smcp()
            glp_init_smcp(&parameters)
            parameters.msg_lev = GLP_MSG_OFF
            parameters.meth = forcePrimal ? GLP_PRIMAL : method.glpkCode
            parameters.tm_lim = milliseconds
            if let iterations = options.iterationLimit { parameters.it_lim = Int32(iterations) }
            if let tolerance = options.primalFeasibilityTolerance { parameters.tol_bnd = tolerance }
            parameters.presolve = usePresolver ? GLP_ON : GLP_OFF
            let code = glp_simplex(pointer, &parameters)
            switch code {
            case 0:
                let status = glp_get_status(pointer)
                if let conclusive = Self.conclusiveStatus(status) { return conclusive }
                lastFailure = .otherFailure(
                    "glp_simplex stopped with inconclusive status \(GLPKCodes.describeStatus(status)) "
                    + "(primal \(GLPKCodes.describeStatus(glp_get_prim_stat(pointer))), "
                    + "dual \(GLPKCodes.describeStatus(glp_get_dual_stat(pointer))))")
                forcePrimal = true
            case GLP_EBADB, GLP_ESING, GLP_ECOND, GLP_EFAIL:
                lastFailure = .numericalFailure("glp_simplex returned \(GLPKCodes.describeReturnCode(code))")
            case GLP_ETMLIM:
                return .timeLimit
            case GLP_EITLIM:
                return .iterationLimit
            case GLP_ENOPFS:
                return .infeasible
            case GLP_ENODFS:
                // Dual infeasible: unbounded if primal feasible, else infeasible. The
                // presolver does not say which; the primal simplex without it does.
                // This happens at most once (the presolver is off afterwards), so it
                // does not use up an attempt.
                usePresolver = false
                forcePrimal = true
                continue
            default:
                return .otherFailure("glp_simplex returned \(GLPKCodes.describeReturnCode(code))")
            }
            attempt += 1
        }
        return lastFailure
    }

    /// The solver status for a solution status `glp_get_status` reported after a
    /// successful run, or `nil` when it is inconclusive (feasible, undefined):
    /// only `GLP_OPT` ever becomes `.optimal`.
    static func conclusiveStatus(_ status: Int32) -> SolverStatus? {
        switch status {
        case GLP_OPT: return .optimal
        case GLP_NOFEAS: return .infeasible
        case GLP_UNBND: return .unbounded
        default: return nil
        }
    }

    /// Runs `glp_exact` from the current basis, then from the standard basis if
    /// the current one is invalid or singular in exact arithmetic.
    func runExact(budget: TimeBudget) -> SolverStatus {
        var lastFailure = SolverStatus.otherFailure("glp_exact was not run")
        for start in [BasisStart.current, .standard] {
            guard let milliseconds = budget.remainingMilliseconds() else { return .timeLimit }
            resetBasis(start)
            var parameters = glp_smcp()
            glp_init_smcp(&parameters)
            parameters.msg_lev = GLP_MSG_OFF
            parameters.tm_lim = milliseconds
            let code = glp_exact(pointer, &parameters)
            switch code {
            case 0:
                let status = glp_get_status(pointer)
                return Self.conclusiveStatus(status)
                    ?? .otherFailure("glp_exact stopped with inconclusive status \(GLPKCodes.describeStatus(status))")
            case GLP_EBADB, GLP_ESING:
                lastFailure = .numericalFailure("glp_exact returned \(GLPKCodes.describeReturnCode(code))")
            case GLP_EFAIL:
                return .numericalFailure("glp_exact returned \(GLPKCodes.describeReturnCode(code))")
            case GLP_ETMLIM:
                return .timeLimit
            case GLP_EITLIM:
                return .iterationLimit
            default:
                return .otherFailure("glp_exact returned \(GLPKCodes.describeReturnCode(code))")
            }
        }
        return lastFailure
    }

    /// Sets the starting basis for the next solver call.
    func resetBasis(_ start: BasisStart) {
        switch start {
        case .current: break
        case .advanced: glp_adv_basis(pointer, 0)
        case .standard: glp_std_basis(pointer)
        }
    }

    /// Packs `status` into a solution, reading the basic solution (`glp_get_obj_val`,
    /// `glp_get_col_prim`, `glp_get_row_dual`) when it is optimal. A non-finite value
    /// in an "optimal" solution is reported as a numerical failure instead.
    func basicSolution(status: SolverStatus, iterations: Int) -> LinearProgramSolution {
        guard status == .optimal else {
            return LinearProgramSolution(status: status, iterations: iterations)
        }
        let objective = glp_get_obj_val(pointer)
        let values = (0..<variableCount).map { glp_get_col_prim(pointer, Int32($0 + 1)) }
        let duals = (0..<constraintCount).map { glp_get_row_dual(pointer, Int32($0 + 1)) }
        guard objective.isFinite, values.allSatisfy(\.isFinite), duals.allSatisfy(\.isFinite) else {
            return LinearProgramSolution(
                status: .numericalFailure("GLPK reported an optimal solution containing NaN or infinity"),
                iterations: iterations)
        }
        return LinearProgramSolution(status: .optimal, objectiveValue: objective, values: values,
                                     rowDuals: duals, iterations: iterations)
    }
}
