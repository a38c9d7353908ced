import XCTest
import LinearProgramming

final class SimplexSessionTests: XCTestCase {
    func testWarmStartedResolvesMatchFromScratchSolves() throws {
        var program = wyndorGlass()
        let session = try SimplexSession(program)
        XCTAssertEqual(session.variableCount, 2)
        XCTAssertEqual(session.constraintCount, 3)
        assertOptimal(session.solve(), objective: 36, values: [2, 6])

        // Tighten row 2 (3x + 2y ≤ 18 → ≤ 12): optimum 30 at (0, 6).
        try session.setConstraintBounds(2, lower: nil, upper: 12)
        program.constraints[2].upper = 12
        let warm = session.solve()
        assertOptimal(warm, objective: try XCTUnwrap(solve(program).objectiveValue), values: [0, 6])

        // New objective and direction: min x − y + 1.
        try session.setObjective([1, -1], constant: 1, direction: .minimize)
        program.objective = [1, -1]
        program.objectiveConstant = 1
        program.direction = .minimize
        let scratch = try solve(program)
        assertOptimal(session.solve(), objective: try XCTUnwrap(scratch.objectiveValue), values: scratch.values)

        // Make row 0 an equality x = 2 and bound y to [0, 5].
        try session.setConstraintBounds(0, lower: 2, upper: 2)
        try session.setVariableBounds(1, .between(0, 5))
        program.constraints[0].lower = 2
        program.constraints[0].upper = 2
        program.variableBounds[1] = .between(0, 5)
        // x = 2 and 3x + 2y ≤ 12 leave y ≤ 3: optimum 2 − 3 + 1 = 0 at (2, 3).
        let scratch2 = try solve(program)
        assertOptimal(scratch2, objective: 0, values: [2, 3])
        let warm2 = session.solve()
        assertOptimal(warm2, objective: 0, values: [2, 3])
        XCTAssertEqual(warm2.rowDuals?.count, 3)

        // Infeasible after a change, then feasible again.
        try session.setConstraintBounds(2, lower: 100, upper: nil)
        assertNoSolution(session.solve(), status: .infeasible)
        try session.setConstraintBounds(2, lower: nil, upper: 12)
        assertOptimal(session.solve(), objective: 0, values: [2, 3])
        assertOptimal(session.solve(options: SolverOptions(exactArithmetic: true)), objective: 0, values: [2, 3])
    }

    func testUnboundedAfterRelaxingABound() throws {
        var program = LinearProgram(variableCount: 2, direction: .maximize)
        program.objective = [1, 1]
        program.variableBounds = [.nonNegative, .nonNegative]
        program.addConstraint(.lessOrEqual([1, 1], 4))
        let session = try SimplexSession(program)
        assertOptimal(session.solve(), objective: 4)
        try session.setConstraintBounds(0, lower: nil, upper: nil)
        assertNoSolution(session.solve(), status: .unbounded)
    }

    func testSessionIgnoresIntegerVariables() throws {
        var program = LinearProgram(variableCount: 1, direction: .maximize)
        program.objective = [1]
        program.integerVariables = [0]
        program.addConstraint(.lessOrEqual([2], 3))
        assertOptimal(try SimplexSession(program).solve(), objective: 1.5)
    }

    func testRandomizedWarmStartsAgreeWithScratch() throws {
        var generator = SplitMix64(seed: 0xC311_CE47)
        let n = 4
        var program = LinearProgram(variableCount: n, direction: .minimize)
        program.variableBounds = Array(repeating: .between(-2, 2), count: n)
        for _ in 0..<8 {
            program.addConstraint(.lessOrEqual((0..<n).map { _ in Double.random(in: -1...1, using: &generator) },
                                               Double.random(in: 0.5...2, using: &generator)))
        }
        program.objective = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
        let session = try SimplexSession(program)
        for step in 0..<60 {
            if step % 2 == 0 {
                let row = Int.random(in: 0..<program.constraints.count, using: &generator)
                let bound = Double.random(in: 0.1...2, using: &generator)
                program.constraints[row].upper = bound
                try session.setConstraintBounds(row, lower: nil, upper: bound)
            } else {
                program.objective = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
                program.direction = Bool.random(using: &generator) ? .minimize : .maximize
                try session.setObjective(program.objective, constant: 0, direction: program.direction)
            }
            let warm = session.solve()
            let scratch = try solve(program)
            XCTAssertEqual(warm.status, .optimal)
            XCTAssertEqual(scratch.status, .optimal)
            XCTAssertEqual(warm.objectiveValue ?? .nan, scratch.objectiveValue ?? .nan, accuracy: 1e-9)
        }
    }

    func testSessionRejectsBadInputBeforeTouchingGLPK() throws {
        // Each of these would abort the process inside GLPK if it reached it.
        let session = try SimplexSession(wyndorGlass())
        XCTAssertThrowsError(try session.setConstraintBounds(3, lower: nil, upper: 1)) { error in
            XCTAssertEqual(error as? LinearProgramError, .indexOutOfRange(what: "constraint", index: 3, count: 3))
        }
        XCTAssertThrowsError(try session.setConstraintBounds(-1, lower: nil, upper: 1))
        XCTAssertThrowsError(try session.setConstraintBounds(Int.max, lower: nil, upper: 1))
        XCTAssertThrowsError(try session.setVariableBounds(2, .free)) { error in
            XCTAssertEqual(error as? LinearProgramError, .indexOutOfRange(what: "variable", index: 2, count: 2))
        }
        XCTAssertThrowsError(try session.setVariableBounds(-5, .free))
        XCTAssertThrowsError(try session.setConstraintBounds(0, lower: 2, upper: 1)) { error in
            XCTAssertEqual(error as? LinearProgramError,
                           .invalidBounds(what: "bounds of constraint 0", lower: 2, upper: 1))
        }
        XCTAssertThrowsError(try session.setConstraintBounds(0, lower: .nan, upper: 1))
        XCTAssertThrowsError(try session.setVariableBounds(0, VariableBounds(lower: nil, upper: .infinity)))
        XCTAssertThrowsError(try session.setObjective([1], constant: 0, direction: .minimize)) { error in
            XCTAssertEqual(error as? LinearProgramError, .dimensionMismatch(what: "objective", expected: 2, actual: 1))
        }
        XCTAssertThrowsError(try session.setObjective([1, .nan], constant: 0, direction: .minimize))
        XCTAssertThrowsError(try session.setObjective([1, 1], constant: -.infinity, direction: .minimize))
        // Rejected calls leave the session unchanged.
        assertOptimal(session.solve(), objective: 36, values: [2, 6])
        // Invalid options cannot throw from solve(options:); they give a failure status.
        let bad = session.solve(options: SolverOptions(timeLimitSeconds: 0))
        XCTAssertNil(bad.values)
        guard case .otherFailure(let message) = bad.status else { return XCTFail("\(bad.status)") }
        XCTAssertTrue(message.contains("timeLimitSeconds"), message)
    }
}
