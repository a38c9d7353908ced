import XCTest
import LinearProgramming

/// `BranchAndBoundOptions` and the proven bound of `solveMixedInteger`.
final class BranchAndBoundTests: XCTestCase {
    /// 0/1 knapsack: values (10, 13, 7, 8), weights (3, 4, 2, 3), capacity 7; optimum 23, relaxation 23.5.
    func knapsack() -> LinearProgram {
        var program = LinearProgram(variableCount: 4, direction: .maximize)
        program.objective = [10, 13, 7, 8]
        program.variableBounds = Array(repeating: .between(0, 1), count: 4)
        program.integerVariables = [0, 1, 2, 3]
        program.addConstraint(.lessOrEqual([3, 4, 2, 3], 7))
        return program
    }

    func testEverySearchSettingFindsTheOptimum() throws {
        for branching in BranchAndBoundOptions.Branching.allCases {
            for nodeSelection in BranchAndBoundOptions.NodeSelection.allCases {
                for cuts in [Set<BranchAndBoundOptions.Cut>(), Set(BranchAndBoundOptions.Cut.allCases)] {
                    let options = BranchAndBoundOptions(branching: branching, nodeSelection: nodeSelection, cuts: cuts,
                                                        feasibilityPump: cuts.isEmpty)
                    let solution = try solveMixedInteger(knapsack(), branchAndBound: options)
                    assertOptimal(solution, objective: 23, values: [1, 1, 0, 0], accuracy: 1e-9)
                    XCTAssertEqual(try XCTUnwrap(solution.objectiveBound), 23, accuracy: 1e-9)
                }
            }
        }
    }

    func testStopAtFirstSolutionGivesAFeasiblePoint() throws {
        let solution = try solveMixedInteger(knapsack(), branchAndBound: BranchAndBoundOptions(stopAtFirstSolution: true))
        XCTAssertEqual(solution.status, .feasible)
        XCTAssertNil(solution.values)
        let point = try XCTUnwrap(solution.incumbentValues)
        XCTAssertLessThanOrEqual(dot([3, 4, 2, 3], point), 7 + 1e-9)
        for value in point { XCTAssertEqual(value, value.rounded(), accuracy: 1e-9) }
        let value = try XCTUnwrap(solution.incumbentObjectiveValue)
        XCTAssertEqual(value, dot([10, 13, 7, 8], point), accuracy: 1e-9)
        XCTAssertLessThanOrEqual(value, 23 + 1e-9)
        // A maximization's proven bound lies above the optimum (and the incumbent).
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(solution.objectiveBound), 23 - 1e-9)
    }

    /// max 1.1 Σ x_i subject to 2 Σ x_i ≤ 41, 41 binaries: the optimum 22 is found at
    /// once, but every node's relaxation stays at 22.55 until branch and bound has
    /// fixed about 20 variables, so it cannot finish in a fraction of a second. The
    /// time-limited answer must bracket the optimum.
    func testTimeLimitKeepsAProvenBound() throws {
        let n = 41
        var program = LinearProgram(variableCount: n, direction: .maximize)
        program.objective = Array(repeating: 1.1, count: n)
        program.variableBounds = Array(repeating: .between(0, 1), count: n)
        program.integerVariables = Set(0..<n)
        program.addConstraint(.lessOrEqual(Array(repeating: 2, count: n), Double(n)))
        let solution = try solveMixedInteger(program, options: SolverOptions(timeLimitSeconds: 0.2))
        XCTAssertEqual(solution.status, .timeLimit)
        let optimum = 1.1 * 20
        let bound = try XCTUnwrap(solution.objectiveBound)
        XCTAssertGreaterThanOrEqual(bound, optimum - 1e-9)
        XCTAssertLessThanOrEqual(bound, 1.1 * Double(n) / 2 + 1e-9)
        if let incumbent = solution.incumbentObjectiveValue { XCTAssertLessThanOrEqual(incumbent, optimum + 1e-9) }
    }
}
