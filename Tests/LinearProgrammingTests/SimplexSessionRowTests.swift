import XCTest
import LinearProgramming

/// Growing and shrinking a warm-started program (`addConstraints`, `removeConstraints`).
final class SimplexSessionRowTests: XCTestCase {
    /// Rows added and removed one by one: every warm re-solve matches a solve from scratch.
    func testRandomRowGenerationMatchesScratchSolves() throws {
        var generator = SplitMix64(seed: 0xADD_0_2085)
        let n = 5
        var program = LinearProgram(variableCount: n, direction: .minimize)
        program.variableBounds = Array(repeating: .free, count: n)
        // A bounded start: −3 ≤ x_k ≤ 3 as rows.
        for k in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[k] = 1
            program.addConstraint(LinearConstraint(coefficients: e, lower: -3, upper: 3))
        }
        program.objective = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
        let session = try SimplexSession(program)
        for step in 0..<80 {
            switch step % 4 {
            case 0, 1:
                let row = LinearConstraint.greaterOrEqual((0..<n).map { _ in Double.random(in: -1...1, using: &generator) },
                                                          Double.random(in: -2...(-0.1), using: &generator))
                let added = try session.addConstraints([row])
                XCTAssertEqual(added, program.constraints.count..<(program.constraints.count + 1))
                program.addConstraint(row)
            case 2 where program.constraints.count > n:
                // Remove one of the generated rows, active or not.
                let row = Int.random(in: n..<program.constraints.count, using: &generator)
                try session.removeConstraints([row])
                program.constraints.remove(at: row)
            default:
                program.objective = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
                try session.setObjective(program.objective, constant: 0, direction: .minimize)
            }
            XCTAssertEqual(session.constraintCount, program.constraints.count)
            let method: SimplexMethod = step % 4 == 3 ? .primal : .dual
            let warm = session.solve(options: SolverOptions(method: method))
            let scratch = try solve(program)
            XCTAssertEqual(warm.status, .optimal, "step \(step)")
            XCTAssertEqual(warm.objectiveValue ?? .nan, scratch.objectiveValue ?? .nan, accuracy: 1e-9, "step \(step)")
            XCTAssertEqual(warm.rowDuals?.count, program.constraints.count)
        }
    }

    /// Adding a violated row keeps the basis dual feasible: the dual simplex needs few pivots.
    func testAddedRowIsRepairedByTheDualSimplex() throws {
        var program = LinearProgram(variableCount: 2, direction: .minimize)
        program.objective = [1, 1]
        program.variableBounds = [.free, .free]
        program.addConstraint(.greaterOrEqual([1, 0], 0))
        program.addConstraint(.greaterOrEqual([0, 1], 0))
        let session = try SimplexSession(program)
        assertOptimal(session.solve(), objective: 0, values: [0, 0])
        try session.addConstraints([.greaterOrEqual([1, 2], 2)])
        let warm = session.solve(options: SolverOptions(method: .dual))
        assertOptimal(warm, objective: 1, values: [0, 1])
        XCTAssertLessThanOrEqual(try XCTUnwrap(warm.iterations), 2)
    }

    /// A program built without rows (GLPK's padding row) grows and empties again.
    func testStartingWithoutRowsAndRemovingEveryRow() throws {
        var program = LinearProgram(variableCount: 2, direction: .maximize)
        program.objective = [1, 2]
        program.variableBounds = [.between(0, 4), .between(0, 4)]
        let session = try SimplexSession(program)
        XCTAssertEqual(session.constraintCount, 0)
        assertOptimal(session.solve(), objective: 12)
        XCTAssertEqual(try session.addConstraints([.lessOrEqual([1, 1], 3), .lessOrEqual([0, 1], 2)]), 0..<2)
        let two = session.solve()
        assertOptimal(two, objective: 5, values: [1, 2])
        XCTAssertEqual(two.rowDuals?.count, 2)
        try session.removeConstraints([1, 0])
        XCTAssertEqual(session.constraintCount, 0)
        let none = session.solve()
        assertOptimal(none, objective: 12, values: [4, 4])
        XCTAssertEqual(none.rowDuals?.count, 0)
        XCTAssertEqual(try session.addConstraints([.lessOrEqual([1, 1], 1)]), 0..<1)
        assertOptimal(session.solve(), objective: 2, values: [0, 1])
        XCTAssertEqual(try session.addConstraints([]), 1..<1)
    }

    func testRowEditsRejectBadInputBeforeTouchingGLPK() throws {
        let session = try SimplexSession(wyndorGlass())
        XCTAssertThrowsError(try session.addConstraints([.lessOrEqual([1], 1)])) { error in
            XCTAssertEqual(error as? LinearProgramError,
                           .dimensionMismatch(what: "coefficients of new constraint 3", expected: 2, actual: 1))
        }
        XCTAssertThrowsError(try session.addConstraints([.lessOrEqual([1, 1], 1), .lessOrEqual([1, .nan], 1)]))
        XCTAssertThrowsError(try session.addConstraints([LinearConstraint(coefficients: [1, 1], lower: 2, upper: 1)]))
        XCTAssertThrowsError(try session.addConstraints([.lessOrEqual([1, 1], .infinity)]))
        XCTAssertThrowsError(try session.removeConstraints([3])) { error in
            XCTAssertEqual(error as? LinearProgramError, .indexOutOfRange(what: "constraint", index: 3, count: 3))
        }
        XCTAssertThrowsError(try session.removeConstraints([0, 0]))
        XCTAssertThrowsError(try session.removeConstraints([-1]))
        // Rejected calls leave the session unchanged (no partial additions).
        XCTAssertEqual(session.constraintCount, 3)
        assertOptimal(session.solve(), objective: 36, values: [2, 6])
    }
}

/// `SolverOptions.iterationLimit` stops `glp_simplex` early, without retries.
final class IterationLimitTests: XCTestCase {
    func testIterationLimitIsReportedAndValidated() throws {
        var program = LinearProgram(variableCount: 3, direction: .maximize)
        program.objective = [1, 1, 1]
        program.variableBounds = Array(repeating: .nonNegative, count: 3)
        program.addConstraint(.lessOrEqual([1, 2, 3], 6))
        program.addConstraint(.lessOrEqual([3, 1, 1], 5))
        program.addConstraint(.lessOrEqual([1, 1, 4], 7))
        let session = try SimplexSession(program)
        let limited = session.solve(options: SolverOptions(method: .primal, iterationLimit: 1))
        assertNoSolution(limited, status: .iterationLimit)
        let full = session.solve(options: SolverOptions(method: .primal, iterationLimit: 1000))
        assertOptimal(full, objective: try XCTUnwrap(solve(program).objectiveValue))
        for bad in [0, -3, Int(Int32.max) + 1] {
            let rejected = session.solve(options: SolverOptions(iterationLimit: bad))
            guard case .otherFailure(let message) = rejected.status else { return XCTFail("\(rejected.status)") }
            XCTAssertTrue(message.contains("iterationLimit"), message)
        }
    }
}
