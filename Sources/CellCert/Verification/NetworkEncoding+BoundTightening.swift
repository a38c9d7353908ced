import LinearProgramming

extension NetworkEncoding {
    /// The outcome of tightening one layer's pre-activation bounds.
    struct LayerTightening {
        var bounds: [ClosedRange<Double>]
        var linearProgramsSolved: Int
    }

    /// Tightens the bounds of the units of one layer that `bounds` leaves
    /// unstable: `min z_u` and `max z_u` over the LP relaxation of `model` (the
    /// encoding of the layers before), each the LP's safe dual bound
    /// (``LinearProgram/safeObjectiveBound(rowMultipliers:)``: rigorous whatever
    /// GLPK's tolerance) and never looser than the interval bound. A unit whose minimum already makes it
    /// stable skips its maximization. One warm-started ``SimplexSession`` serves
    /// the whole layer (primal simplex: only the objective changes).
    ///
    /// An LP that fails, or the deadline, leaves a unit's interval bounds.
    static func tighten(_ bounds: [ClosedRange<Double>], of preActivations: [AffineExpression],
                        activation: HiddenActivation, in model: MixedIntegerModel,
                        deadline: Deadline) -> LayerTightening {
        var result = LayerTightening(bounds: bounds, linearProgramsSolved: 0)
        let candidates = bounds.indices.filter { isUnstable(bounds[$0], activation: activation) }
        guard !candidates.isEmpty else { return result }
        var program = model.program(objective: AffineExpression(constant: 0), direction: .minimize)
        guard let session = try? SimplexSession(program) else { return result }
        let n = model.variableCount
        for u in candidates {
            let z = preActivations[u]
            var range = bounds[u]
            for direction in [OptimizationDirection.minimize, .maximize] {
                guard !deadline.isExpired else { return result }
                program.objective = z.denseCoefficients(count: n)
                program.objectiveConstant = z.constant
                program.direction = direction
                guard (try? session.setObjective(program.objective, constant: z.constant, direction: direction)) != nil else {
                    continue
                }
                let solution = session.solve(options: SolverOptions(timeLimitSeconds: deadline.remainingSeconds, method: .primal))
                result.linearProgramsSolved += 1
                guard solution.status == .optimal, let duals = solution.rowDuals else { continue }
                let value = program.safeObjectiveBound(rowMultipliers: duals)
                guard value.isFinite else { continue }
                if direction == .minimize {
                    range = min(max(range.lowerBound, value), range.upperBound)...range.upperBound
                } else {
                    range = range.lowerBound...max(min(range.upperBound, value), range.lowerBound)
                }
                if !isUnstable(range, activation: activation) { break }
            }
            result.bounds[u] = range
        }
        return result
    }
}
