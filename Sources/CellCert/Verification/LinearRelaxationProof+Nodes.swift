import LinearProgramming

extension LinearRelaxationProof {
    /// A node of the proof: the binaries it fixes, and how it came from its parent
    /// (for the pseudo-costs).
    struct Node {
        var fixed: [Int: Double]
        /// The parent's `min s`, when its LP gave one.
        var parentViolation: Double?
        var branch: PseudoCosts.Branch?
    }

    /// The LPs of the nodes, on one warm-started session over the elastic program.
    ///
    /// A node's LP is `min s` with the rows hard (`e = 0`), `s` the conjunction's
    /// violation variable: a counterexample in the node is a point of it with
    /// `s ≤ 0`, so a positive safe dual bound closes the node, and `min s` tells
    /// the branching how far the node is from closing. When that LP fails (GLPK
    /// finds the hard rows infeasible within its tolerance, or a numerical
    /// failure), the elastic LP `min e` decides: a counterexample is a point with
    /// `e = 0`, so a positive safe dual bound closes the node. The program mirrors
    /// every bound and objective set on the session, so its safe bounds are those of
    /// the LP solved.
    struct NodeRelaxation {
        private(set) var program: LinearProgram
        let session: SimplexSession
        /// The variables `s` and `e`, and `e`'s bounds in the elastic LP.
        let violation: Int
        let elastic: Int
        let elasticBounds: VariableBounds
        let deadline: Deadline
        private(set) var linearProgramsSolved = 0

        enum Result {
            case closed
            /// Not closed: the LP's point.
            case open([Double])
            case failed(String)
        }

        struct Evaluation {
            var result: Result
            /// `min s` over the node's relaxation with hard rows, when that LP was solved.
            var violation: Double?
            var closed: Bool { if case .closed = result { return true } else { return false } }
        }

        init(program: LinearProgram, session: SimplexSession, violation: Int, deadline: Deadline) {
            self.program = program
            self.session = session
            self.violation = violation
            self.elastic = program.variableCount - 1
            self.elasticBounds = program.variableBounds[program.variableCount - 1]
            self.deadline = deadline
        }

        mutating func setBounds(_ variable: Int, _ bounds: VariableBounds) throws {
            guard program.variableBounds[variable] != bounds else { return }
            program.variableBounds[variable] = bounds
            try session.setVariableBounds(variable, bounds)
        }

        /// The variable the session's objective minimises now (`nil`: the elastic program's own objective).
        private var minimized: Int?

        private mutating func minimize(_ variable: Int) throws {
            guard minimized != variable else { return }
            program.objective = [Double](repeating: 0, count: program.variableCount)
            program.objective[variable] = 1
            try session.setObjective(program.objective, constant: 0, direction: .minimize)
            minimized = variable
        }

        private mutating func solve() -> LinearProgramSolution {
            linearProgramsSolved += 1
            return session.solve(options: SolverOptions(timeLimitSeconds: deadline.remainingSeconds, method: .dualThenPrimal,
                                                        primalFeasibilityTolerance: LinearRelaxationProof.primalFeasibilityTolerance))
        }

        /// `min s` with hard rows over the current bounds: its value, or `nil` when
        /// the LP did not end optimal (for the pseudo-costs' strong branching).
        mutating func violationValue() throws -> Double? {
            try setBounds(elastic, .fixed(0))
            try minimize(violation)
            let solution = solve()
            return solution.status == .optimal ? solution.objectiveValue : nil
        }

        /// Decides the node given by the current bounds.
        mutating func evaluate() throws -> Evaluation {
            try setBounds(elastic, .fixed(0))
            try minimize(violation)
            let hard = solve()
            if hard.status == .optimal, let duals = hard.rowDuals, let values = hard.values, let value = hard.objectiveValue {
                if program.safeObjectiveBound(rowMultipliers: duals) > 0 { return Evaluation(result: .closed, violation: value) }
                return Evaluation(result: .open(values), violation: value)
            }
            try setBounds(elastic, elasticBounds)
            try minimize(elastic)
            let relaxed = solve()
            guard relaxed.status == .optimal, let duals = relaxed.rowDuals, let values = relaxed.values else {
                return Evaluation(result: .failed("an LP of the proof ended \(relaxed.status)"), violation: nil)
            }
            if program.safeObjectiveBound(rowMultipliers: duals) > 0 { return Evaluation(result: .closed, violation: nil) }
            return Evaluation(result: .open(values), violation: nil)
        }
    }
}
