import XCTest
import LinearProgramming

final class SolveTests: XCTestCase {
    func testTextbookMaximization() throws {
        for options in allSimplexOptions {
            let solution = try solve(wyndorGlass(), options: options)
            assertOptimal(solution, objective: 36, values: [2, 6])
            let duals = try XCTUnwrap(solution.rowDuals)
            XCTAssertEqual(duals.count, 3)
            for (got, want) in zip(duals, [0, 1.5, 1]) { XCTAssertEqual(got, want, accuracy: 1e-9) }
            XCTAssertNotNil(solution.iterations)
        }
    }

    func testTextbookMinimizationWithGreaterOrEqualRows() throws {
        // min 2x + 3y, x + y ≥ 4, x + 3y ≥ 6, x, y ≥ 0 → 9 at (3, 1).
        var program = LinearProgram(variableCount: 2, direction: .minimize)
        program.objective = [2, 3]
        program.variableBounds = [.nonNegative, .nonNegative]
        program.addConstraint(.greaterOrEqual([1, 1], 4))
        program.addConstraint(.greaterOrEqual([1, 3], 6))
        for options in allSimplexOptions {
            assertOptimal(try solve(program, options: options), objective: 9, values: [3, 1])
        }
    }

    func testMaximizeAndMinimizeSameFeasibleSet() throws {
        // x + y over the triangle x, y ≥ 0, x + 2y ≤ 4, 3x + y ≤ 6.
        var program = LinearProgram(variableCount: 2, direction: .maximize)
        program.objective = [1, 1]
        program.variableBounds = [.nonNegative, .nonNegative]
        program.addConstraint(.lessOrEqual([1, 2], 4))
        program.addConstraint(.lessOrEqual([3, 1], 6))
        assertOptimal(try solve(program), objective: 2.8, values: [1.6, 1.2])
        program.direction = .minimize
        assertOptimal(try solve(program), objective: 0, values: [0, 0])
    }

    func testThreeVariableProblem() throws {
        // max 5x + 4y + 3z, 2x + 3y + z ≤ 5, 4x + y + 2z ≤ 11, 3x + 4y + 2z ≤ 8, x, y, z ≥ 0
        // (Chvátal, Linear Programming, ch. 2): optimum 13 at (2, 0, 1).
        var program = LinearProgram(variableCount: 3, direction: .maximize)
        program.objective = [5, 4, 3]
        program.variableBounds = Array(repeating: .nonNegative, count: 3)
        program.addConstraint(.lessOrEqual([2, 3, 1], 5))
        program.addConstraint(.lessOrEqual([4, 1, 2], 11))
        program.addConstraint(.lessOrEqual([3, 4, 2], 8))
        for options in allSimplexOptions {
            assertOptimal(try solve(program, options: options), objective: 13, values: [2, 0, 1])
        }
    }

    func testInfeasible() throws {
        // x, y ≥ 0 and x + y ≤ −1.
        var program = LinearProgram(variableCount: 2, direction: .minimize)
        program.objective = [1, 1]
        program.variableBounds = [.nonNegative, .nonNegative]
        program.addConstraint(.lessOrEqual([1, 1], -1))
        for options in allSimplexOptions {
            assertNoSolution(try solve(program, options: options), status: .infeasible)
        }
        // Contradictory rows on free variables: x + y ≥ 2 and x + y ≤ 1.
        var rows = LinearProgram(variableCount: 2, direction: .maximize)
        rows.objective = [1, 0]
        rows.addConstraint(.greaterOrEqual([1, 1], 2))
        rows.addConstraint(.lessOrEqual([1, 1], 1))
        for options in allSimplexOptions {
            assertNoSolution(try solve(rows, options: options), status: .infeasible)
        }
    }

    func testUnbounded() throws {
        // max x + y, x − y ≤ 1, x, y ≥ 0.
        var program = LinearProgram(variableCount: 2, direction: .maximize)
        program.objective = [1, 1]
        program.variableBounds = [.nonNegative, .nonNegative]
        program.addConstraint(.lessOrEqual([1, -1], 1))
        for options in allSimplexOptions {
            assertNoSolution(try solve(program, options: options), status: .unbounded)
        }
        // min x over a free variable with no constraints.
        var free = LinearProgram(variableCount: 1, direction: .minimize)
        free.objective = [1]
        for options in allSimplexOptions {
            assertNoSolution(try solve(free, options: options), status: .unbounded)
        }
    }

    func testInfeasibleAndDualInfeasibleIsNotReportedOptimal() throws {
        // Primal infeasible (x − y ≥ 1 and x − y ≤ 0) and dual infeasible (max x + y
        // is unbounded along (1, 1)). GLPK may say infeasible; it must never say optimal.
        var program = LinearProgram(variableCount: 2, direction: .maximize)
        program.objective = [1, 1]
        program.addConstraint(.greaterOrEqual([1, -1], 1))
        program.addConstraint(.lessOrEqual([1, -1], 0))
        for options in allSimplexOptions {
            let solution = try solve(program, options: options)
            XCTAssertNotEqual(solution.status, .optimal)
            XCTAssertNotEqual(solution.status, .unbounded)
            XCTAssertNil(solution.values)
        }
    }

    func testFreeVariablesAndEqualityRowsWithDuals() throws {
        // min x + y, x − y = 1, x + 2y ≥ 4, x, y free → 3 at (2, 1); duals (1/3, 2/3) satisfy c = Aᵀy.
        var program = LinearProgram(variableCount: 2, direction: .minimize)
        program.objective = [1, 1]
        program.addConstraint(.equal([1, -1], 1))
        program.addConstraint(.greaterOrEqual([1, 2], 4))
        for options in allSimplexOptions {
            let solution = try solve(program, options: options)
            assertOptimal(solution, objective: 3, values: [2, 1])
            let duals = try XCTUnwrap(solution.rowDuals)
            XCTAssertEqual(duals[0], 1.0 / 3, accuracy: 1e-9)
            XCTAssertEqual(duals[1], 2.0 / 3, accuracy: 1e-9)
        }
    }

    func testNegativeValuesOfFreeVariable() throws {
        // max −x, x ≥ −3 as a row, x free → x = −3.
        var program = LinearProgram(variableCount: 1, direction: .maximize)
        program.objective = [-1]
        program.addConstraint(.greaterOrEqual([1], -3))
        assertOptimal(try solve(program), objective: 3, values: [-3])
    }

    func testObjectiveConstantIsIncluded() throws {
        var program = wyndorGlass()
        program.objectiveConstant = -10.5
        assertOptimal(try solve(program), objective: 25.5, values: [2, 6])
        assertOptimal(try solve(program, options: SolverOptions(exactArithmetic: true)), objective: 25.5)
    }

    func testBoundsOnlyProblemWithFixedAndRangedVariables() throws {
        // No constraints: max 2a − b + 0c, a ∈ [−1, 3], b fixed at 2, c ∈ [0, 1].
        var program = LinearProgram(variableCount: 3, direction: .maximize)
        program.objective = [2, -1, 0]
        program.variableBounds = [.between(-1, 3), .fixed(2), .between(0, 1)]
        for options in allSimplexOptions + [SolverOptions(exactArithmetic: true)] {
            let solution = try solve(program, options: options)
            assertOptimal(solution, objective: 4)
            XCTAssertEqual(solution.values?[0] ?? .nan, 3, accuracy: 1e-12)
            XCTAssertEqual(solution.values?[1] ?? .nan, 2, accuracy: 1e-12)
            XCTAssertEqual(solution.rowDuals, [])
        }
    }

    func testRangedAndFreeRows() throws {
        // max x, 1 ≤ x + y ≤ 3 (ranged row), a free row, y ∈ [−1, 1] → x = 4.
        var program = LinearProgram(variableCount: 2, direction: .maximize)
        program.objective = [1, 0]
        program.variableBounds = [.free, .between(-1, 1)]
        program.addConstraint(coefficients: [1, 1], lower: 1, upper: 3)
        program.addConstraint(coefficients: [5, -7], lower: nil, upper: nil)
        let solution = try solve(program)
        assertOptimal(solution, objective: 4, values: [4, -1])
        XCTAssertEqual(solution.rowDuals?[1] ?? .nan, 0, accuracy: 1e-12)
    }

    func testZeroCoefficientsAreAllowed() throws {
        var program = wyndorGlass()
        program.addConstraint(.lessOrEqual([0, 0], 1))  // 0 ≤ 1, an empty row
        assertOptimal(try solve(program), objective: 36, values: [2, 6])
    }

    func testExactArithmeticGivesSameOptimum() throws {
        let exact = SolverOptions(exactArithmetic: true)
        let floating = try solve(wyndorGlass())
        let rational = try solve(wyndorGlass(), options: exact)
        assertOptimal(rational, objective: floating.objectiveValue ?? .nan, values: floating.values, accuracy: 1e-12)
        XCTAssertEqual(rational.objectiveValue, 36)  // exact rational optimum, exactly representable
        XCTAssertEqual(rational.rowDuals, [0, 1.5, 1])

        var infeasible = LinearProgram(variableCount: 1, direction: .minimize)
        infeasible.objective = [1]
        infeasible.addConstraint(.greaterOrEqual([1], 2))
        infeasible.addConstraint(.lessOrEqual([1], 1))
        assertNoSolution(try solve(infeasible, options: exact), status: .infeasible)

        var unbounded = LinearProgram(variableCount: 1, direction: .maximize)
        unbounded.objective = [1]
        unbounded.addConstraint(.greaterOrEqual([1], 2))
        assertNoSolution(try solve(unbounded, options: exact), status: .unbounded)

        // 1/3 is not a double; the exact optimum is rounded once.
        var third = LinearProgram(variableCount: 1, direction: .maximize)
        third.objective = [1]
        third.addConstraint(.lessOrEqual([3], 1))
        let thirdSolution = try solve(third, options: SolverOptions(exactArithmetic: true, presolve: true))
        assertOptimal(thirdSolution, objective: 1.0 / 3, accuracy: 1e-15)
    }

    func testTimeLimitOptionIsAccepted() throws {
        assertOptimal(try solve(wyndorGlass(), options: SolverOptions(timeLimitSeconds: 10)), objective: 36)
        // Longer than GLPK's int milliseconds: clamped, still fine.
        assertOptimal(try solve(wyndorGlass(), options: SolverOptions(timeLimitSeconds: 1e12)), objective: 36)
        // A tiny budget may run out before the solve; either way no false optimum.
        let tiny = try solve(wyndorGlass(), options: SolverOptions(timeLimitSeconds: 1e-9))
        XCTAssertTrue(tiny.status == .optimal || tiny.status == .timeLimit, "\(tiny.status)")
        if tiny.status == .optimal { assertOptimal(tiny, objective: 36) } else { assertNoSolution(tiny, status: .timeLimit) }
    }

    func testStatusDescriptionsAreOneLine() {
        let statuses: [SolverStatus] = [.optimal, .infeasible, .unbounded, .timeLimit, .iterationLimit,
                                        .numericalFailure("GLP_ESING"), .otherFailure("x")]
        for status in statuses { XCTAssertFalse(status.description.contains("\n")) }
        XCTAssertTrue(SolverStatus.optimal.isOptimal)
        XCTAssertFalse(SolverStatus.timeLimit.isOptimal)
    }
}
