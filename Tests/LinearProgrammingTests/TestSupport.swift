import XCTest
import LinearProgramming
@_exported import TestSupport

func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}

/// Asserts an optimal solution with the given objective value and (optionally) point.
func assertOptimal(_ solution: LinearProgramSolution, objective: Double, values: [Double]? = nil,
                   accuracy: Double = 1e-9, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(solution.status, .optimal, file: file, line: line)
    guard let value = solution.objectiveValue, let point = solution.values else {
        XCTFail("optimal solution without objective value or point", file: file, line: line)
        return
    }
    XCTAssertEqual(value, objective, accuracy: accuracy, file: file, line: line)
    if let values {
        XCTAssertEqual(point.count, values.count, file: file, line: line)
        for (got, want) in zip(point, values) {
            XCTAssertEqual(got, want, accuracy: accuracy, file: file, line: line)
        }
    }
}

/// Asserts a non-optimal solution carries no solution data.
func assertNoSolution(_ solution: LinearProgramSolution, status: SolverStatus,
                      file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(solution.status, status, file: file, line: line)
    XCTAssertNil(solution.objectiveValue, file: file, line: line)
    XCTAssertNil(solution.values, file: file, line: line)
    XCTAssertNil(solution.rowDuals, file: file, line: line)
}

/// Every combination of simplex method and presolver.
let allSimplexOptions: [SolverOptions] = [SimplexMethod.primal, .dual, .dualThenPrimal].flatMap { method in
    [false, true].map { SolverOptions(method: method, presolve: $0) }
}

/// Hillier & Lieberman's Wyndor Glass problem: max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18,
/// x, y ≥ 0. Optimum 36 at (2, 6) with row duals (0, 1.5, 1).
func wyndorGlass() -> LinearProgram {
    var program = LinearProgram(variableCount: 2, direction: .maximize)
    program.objective = [3, 5]
    program.variableBounds = [.nonNegative, .nonNegative]
    program.addConstraint(.lessOrEqual([1, 0], 4))
    program.addConstraint(.lessOrEqual([0, 2], 12))
    program.addConstraint(.lessOrEqual([3, 2], 18))
    return program
}
