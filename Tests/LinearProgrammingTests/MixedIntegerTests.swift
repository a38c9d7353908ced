import XCTest
import LinearProgramming

final class MixedIntegerTests: XCTestCase {
    /// 0/1 knapsack: values (10, 13, 7, 8), weights (3, 4, 2, 3), capacity 7.
    /// Integer optimum 23 (items 0 and 1); the LP relaxation gives 23.5.
    func knapsack() -> LinearProgram {
        var program = LinearProgram(variableCount: 4, direction: .maximize)
        program.objective = [10, 13, 7, 8]
        program.variableBounds = Array(repeating: .between(0, 1), count: 4)
        program.integerVariables = [0, 1, 2, 3]
        program.addConstraint(.lessOrEqual([3, 4, 2, 3], 7))
        return program
    }

    func testKnapsackOptimumDiffersFromRelaxation() throws {
        let relaxation = try solve(knapsack())
        assertOptimal(relaxation, objective: 23.5)
        for options in allSimplexOptions {
            let solution = try solveMixedInteger(knapsack(), options: options)
            assertOptimal(solution, objective: 23, values: [1, 1, 0, 0], accuracy: 1e-9)
            XCTAssertNil(solution.rowDuals)
        }
    }

    func testGeneralIntegersWithContinuousVariableAndConstant() throws {
        // max x + y + 0.5z + 2, 2x + 2y ≤ 7, z ≤ 1.5 (continuous), x, y integer ≥ 0 → 3 + 0.75 + 2.
        var program = LinearProgram(variableCount: 3, direction: .maximize)
        program.objective = [1, 1, 0.5]
        program.objectiveConstant = 2
        program.variableBounds = [.nonNegative, .nonNegative, .between(0, 1.5)]
        program.integerVariables = [0, 1]
        program.addConstraint(.lessOrEqual([2, 2, 0], 7))
        let solution = try solveMixedInteger(program)
        assertOptimal(solution, objective: 5.75)
        let values = try XCTUnwrap(solution.values)
        XCTAssertEqual(values[0] + values[1], 3, accuracy: 1e-9)
        XCTAssertEqual(values[2], 1.5, accuracy: 1e-9)
    }

    func testNonIntegralBoundsOfIntegerVariablesAreRoundedInward() throws {
        // x integer in [0.5, 2.7], max x → 2; min x → 1.
        var program = LinearProgram(variableCount: 1, direction: .maximize)
        program.objective = [1]
        program.variableBounds = [.between(0.5, 2.7)]
        program.integerVariables = [0]
        assertOptimal(try solveMixedInteger(program), objective: 2, values: [2])
        program.direction = .minimize
        assertOptimal(try solveMixedInteger(program), objective: 1, values: [1])
        // No integer in [0.2, 0.8].
        program.variableBounds = [.between(0.2, 0.8)]
        assertNoSolution(try solveMixedInteger(program), status: .infeasible)
    }

    func testIntegerInfeasibleButRelaxationFeasible() throws {
        // 2x = 1 with x integer in [0, 10].
        var program = LinearProgram(variableCount: 1, direction: .minimize)
        program.objective = [1]
        program.variableBounds = [.between(0, 10)]
        program.integerVariables = [0]
        program.addConstraint(.equal([2], 1))
        assertOptimal(try solve(program), objective: 0.5)
        assertNoSolution(try solveMixedInteger(program), status: .infeasible)
    }

    func testInfeasibleRelaxation() throws {
        var program = knapsack()
        program.addConstraint(.greaterOrEqual([1, 1, 1, 1], 5))
        assertNoSolution(try solveMixedInteger(program), status: .infeasible)
    }

    func testUnboundedRelaxation() throws {
        var program = LinearProgram(variableCount: 2, direction: .maximize)
        program.objective = [1, 1]
        program.variableBounds = [.nonNegative, .nonNegative]
        program.integerVariables = [0]
        program.addConstraint(.lessOrEqual([1, -1], 1))
        assertNoSolution(try solveMixedInteger(program), status: .unbounded)
    }

    func testTimeLimitOptionIsAccepted() throws {
        assertOptimal(try solveMixedInteger(knapsack(), options: SolverOptions(timeLimitSeconds: 10)), objective: 23)
        XCTAssertThrowsError(try solveMixedInteger(knapsack(), options: SolverOptions(timeLimitSeconds: -1)))
    }
}
