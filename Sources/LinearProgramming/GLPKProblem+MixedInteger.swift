import CGLPK

extension GLPKProblem {
    /// Solves the problem as a MILP: the LP relaxation with `glp_simplex` (with the
    /// recovery of ``runSimplexWithRecovery(options:budget:)``), then `glp_intopt`
    /// (branch and bound, MIP presolver off) from that optimal basis.
    ///
    /// Status mapping: a non-optimal relaxation is reported as is (infeasible
    /// relaxation → infeasible; unbounded relaxation → unbounded, see
    /// ``SolverStatus/unbounded``). Then `glp_intopt` 0 with `glp_mip_status`
    /// `GLP_OPT` → optimal, `GLP_NOFEAS` → infeasible; `GLP_ESTOP` after the
    /// first integer point when ``BranchAndBoundOptions/stopAtFirstSolution`` →
    /// feasible; `GLP_ETMLIM` → time limit (with the incumbent if `glp_mip_status`
    /// is `GLP_FEAS`); `GLP_EFAIL` → numerical failure; anything else → other
    /// failure. Every outcome after the relaxation carries the proven bound of a
    /// ``BranchAndBoundMonitor``.
    ///
    /// - Precondition: called on the owning thread; integer columns have integral bounds.
    func solveMixedInteger(options: SolverOptions, branchAndBound: BranchAndBoundOptions,
                           direction: OptimizationDirection, budget: TimeBudget) -> LinearProgramSolution {
        glp_term_out(GLP_OFF)
        let startIterations = iterationCount
        var relaxationOptions = options
        relaxationOptions.exactArithmetic = false
        let relaxation = runSimplexWithRecovery(options: relaxationOptions, budget: budget)
        guard relaxation == .optimal else {
            return LinearProgramSolution(status: relaxation, iterations: iterationCount - startIterations)
        }
        let relaxationBound = glp_get_obj_val(pointer)
        guard let milliseconds = budget.remainingMilliseconds() else {
            return LinearProgramSolution(status: .timeLimit, iterations: iterationCount - startIterations,
                                         objectiveBound: relaxationBound.isFinite ? relaxationBound : nil)
        }
        let monitor = BranchAndBoundMonitor(direction: direction, relaxationBound: relaxationBound,
                                            stopAtFirstSolution: branchAndBound.stopAtFirstSolution)
        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.tm_lim = milliseconds
        parameters.presolve = GLP_OFF
        branchAndBound.apply(to: &parameters)
        parameters.cb_func = BranchAndBoundMonitor.callback
        let code = withExtendedLifetime(monitor) {
            parameters.cb_info = Unmanaged.passUnretained(monitor).toOpaque()
            return glp_intopt(pointer, &parameters)
        }
        let mipStatus = glp_mip_status(pointer)
        let iterations = iterationCount - startIterations

        switch (code, mipStatus) {
        case (0, GLP_OPT):
            return integerSolution(iterations: iterations)
        case (0, GLP_NOFEAS), (GLP_ENOPFS, _):
            return LinearProgramSolution(status: .infeasible, iterations: iterations)
        case (GLP_ENODFS, _):
            return LinearProgramSolution(status: .unbounded, iterations: iterations)
        case (GLP_ESTOP, GLP_FEAS) where monitor.stoppedAtFirstSolution:
            return limitedSolution(status: .feasible, mipStatus: mipStatus, monitor: monitor, iterations: iterations)
        case (GLP_ETMLIM, _):
            return limitedSolution(status: .timeLimit, mipStatus: mipStatus, monitor: monitor, iterations: iterations)
        case (GLP_EFAIL, _):
            return limitedSolution(
                status: .numericalFailure("glp_intopt returned \(GLPKCodes.describeReturnCode(code))"),
                mipStatus: mipStatus, monitor: monitor, iterations: iterations)
        default:
            return limitedSolution(
                status: .otherFailure("glp_intopt returned \(GLPKCodes.describeReturnCode(code)) "
                                      + "with MIP status \(GLPKCodes.describeStatus(mipStatus))"),
                mipStatus: mipStatus, monitor: monitor, iterations: iterations)
        }
    }

    /// The integer-optimal solution (`glp_mip_obj_val`, `glp_mip_col_val`); no row duals.
    private func integerSolution(iterations: Int) -> LinearProgramSolution {
        let (objective, values) = mipPoint()
        guard objective.isFinite, values.allSatisfy(\.isFinite) else {
            return LinearProgramSolution(
                status: .numericalFailure("GLPK reported an optimal MIP solution containing NaN or infinity"),
                iterations: iterations)
        }
        return LinearProgramSolution(status: .optimal, objectiveValue: objective, values: values,
                                     rowDuals: nil, iterations: iterations, objectiveBound: objective)
    }

    /// A non-optimal outcome, carrying the incumbent when `glp_mip_status` is `GLP_FEAS`, and the proven bound.
    private func limitedSolution(status: SolverStatus, mipStatus: Int32, monitor: BranchAndBoundMonitor,
                                 iterations: Int) -> LinearProgramSolution {
        guard mipStatus == GLP_FEAS else {
            return LinearProgramSolution(status: status, iterations: iterations, objectiveBound: monitor.bound(incumbent: nil))
        }
        let (objective, values) = mipPoint()
        guard objective.isFinite, values.allSatisfy(\.isFinite) else {
            return LinearProgramSolution(status: status, iterations: iterations, objectiveBound: monitor.bound(incumbent: nil))
        }
        return LinearProgramSolution(status: status, iterations: iterations,
                                     incumbentObjectiveValue: objective, incumbentValues: values,
                                     objectiveBound: monitor.bound(incumbent: objective))
    }

    /// The objective value and point of GLPK's current MIP solution.
    private func mipPoint() -> (Double, [Double]) {
        let objective = glp_mip_obj_val(pointer)
        let values = (0..<variableCount).map { glp_mip_col_val(pointer, Int32($0 + 1)) }
        return (objective, values)
    }
}
