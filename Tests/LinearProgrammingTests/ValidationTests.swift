import XCTest
import LinearProgramming

/// Invalid input must be rejected in Swift, by `validate()`, before any GLPK call
/// (GLPK aborts the process on bad calls). Each case checks that `validate()`,
/// `solve`, `solveMixedInteger` and `SimplexSession.init` all throw the same error.
final class ValidationTests: XCTestCase {
    private func assertRejected(_ program: LinearProgram, _ expected: LinearProgramError,
                                file: StaticString = #filePath, line: UInt = #line) {
        let attempts: [(String, () throws -> Void)] = [
            ("validate", { try program.validate() }),
            ("solve", { _ = try solve(program) }),
            ("solveMixedInteger", { _ = try solveMixedInteger(program) }),
            ("SimplexSession", { _ = try SimplexSession(program) }),
        ]
        for (name, attempt) in attempts {
            XCTAssertThrowsError(try attempt(), name, file: file, line: line) { error in
                XCTAssertEqual(error as? LinearProgramError, expected, name, file: file, line: line)
            }
        }
        XCTAssertFalse(expected.description.contains("\n"), file: file, line: line)
    }

    func testEmptyProblem() {
        assertRejected(LinearProgram(variableCount: 0, direction: .minimize), .emptyProblem)
    }

    func testNaNAndInfiniteCoefficients() {
        var program = wyndorGlass()
        program.constraints[1].coefficients[0] = .nan
        assertRejected(program, .nonFiniteValue(what: "entry 0 of coefficients of constraint 1"))

        program = wyndorGlass()
        program.objective[1] = -.infinity
        assertRejected(program, .nonFiniteValue(what: "entry 1 of objective"))

        program = wyndorGlass()
        program.objectiveConstant = .nan
        assertRejected(program, .nonFiniteValue(what: "objective constant"))

        program = wyndorGlass()
        program.constraints[2].upper = .infinity
        assertRejected(program, .nonFiniteValue(what: "upper bounds of constraint 2"))

        program = wyndorGlass()
        program.variableBounds[0] = VariableBounds(lower: .nan, upper: nil)
        assertRejected(program, .nonFiniteValue(what: "lower bounds of variable 0"))
    }

    func testLowerAboveUpper() {
        var program = wyndorGlass()
        program.variableBounds[1] = .between(3, 2)
        assertRejected(program, .invalidBounds(what: "bounds of variable 1", lower: 3, upper: 2))

        program = wyndorGlass()
        program.constraints[0] = LinearConstraint(coefficients: [1, 0], lower: 5, upper: 4)
        assertRejected(program, .invalidBounds(what: "bounds of constraint 0", lower: 5, upper: 4))
    }

    func testWrongLengths() {
        var program = wyndorGlass()
        program.constraints[2].coefficients = [1, 2, 3]
        assertRejected(program, .dimensionMismatch(what: "coefficients of constraint 2", expected: 2, actual: 3))

        program = wyndorGlass()
        program.variableBounds.append(.free)
        assertRejected(program, .dimensionMismatch(what: "variableBounds", expected: 2, actual: 3))

        program = wyndorGlass()
        program.objective.append(1)
        assertRejected(program, .dimensionMismatch(what: "variableBounds", expected: 3, actual: 2))
    }

    func testIntegerVariableIndexOutOfRange() {
        var program = wyndorGlass()
        program.integerVariables = [0, 2]
        assertRejected(program, .indexOutOfRange(what: "integer variable", index: 2, count: 2))
        program.integerVariables = [-1]
        assertRejected(program, .indexOutOfRange(what: "integer variable", index: -1, count: 2))
    }

    func testInvalidOptions() {
        for seconds in [0, -1, Double.nan, Double.infinity] {
            let options = SolverOptions(timeLimitSeconds: seconds)
            XCTAssertThrowsError(try options.validate())
            XCTAssertThrowsError(try solve(wyndorGlass(), options: options)) { error in
                guard case .invalidOption = error as? LinearProgramError else { return XCTFail("\(error)") }
            }
            XCTAssertThrowsError(try solveMixedInteger(wyndorGlass(), options: options))
        }
        XCTAssertNoThrow(try SolverOptions.default.validate())
    }

    func testValidProgramsPass() {
        XCTAssertNoThrow(try wyndorGlass().validate())
        var equalBounds = wyndorGlass()
        equalBounds.variableBounds[0] = .fixed(-0.0)
        equalBounds.constraints[0] = .equal([1, 0], 0)
        XCTAssertNoThrow(try equalBounds.validate())
    }

    func testErrorMessages() {
        XCTAssertEqual(LinearProgramError.indexOutOfRange(what: "constraint", index: 7, count: 3).description,
                       "constraint index 7 is out of range 0..<3")
        XCTAssertEqual(LinearProgramError.invalidBounds(what: "bounds of variable 1", lower: 3, upper: 2).description,
                       "bounds of variable 1: lower bound 3.0 exceeds upper bound 2.0")
    }
}
