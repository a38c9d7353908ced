import QuadraticProgramming
import XCTest

/// Invalid programs and options are rejected with a typed error before any iteration.
final class InvalidInputTests: XCTestCase {
    private func assertRejected(_ program: QuadraticProgram, options: QuadraticProgramOptions = .init(),
                                _ expected: QuadraticProgramError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try solve(program, options: options), file: file, line: line) { error in
            XCTAssertEqual(error as? QuadraticProgramError, expected, file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), file: file, line: line)
        }
    }

    private let valid: QuadraticProgram = {
        var program = QuadraticProgram.projection(of: [1, 2])
        program.inequalities = [QuadraticProgramRow(coefficients: [1, 0], bound: 0)]
        return program
    }()

    func testValidProgramIsAccepted() throws {
        XCTAssertNoThrow(try valid.validate())
        XCTAssertEqual(try solve(valid).status, .optimal)
    }

    func testEmptyProgram() {
        assertRejected(QuadraticProgram(hessian: [], linear: []), .emptyProgram)
    }

    func testDimensionMismatches() {
        assertRejected(QuadraticProgram(hessian: [1, 0, 0], linear: [1, 2]),
                       .dimensionMismatch(what: "hessian", expected: 4, actual: 3))
        var program = valid
        program.inequalities.append(QuadraticProgramRow(coefficients: [1, 2, 3], bound: 0))
        assertRejected(program, .dimensionMismatch(what: "inequality 1 coefficients", expected: 2, actual: 3))
        program = valid
        program.equalities = [QuadraticProgramRow(coefficients: [1], bound: 0)]
        assertRejected(program, .dimensionMismatch(what: "equality 0 coefficients", expected: 2, actual: 1))
        program = valid
        program.lowerBounds = [0]
        assertRejected(program, .dimensionMismatch(what: "lowerBounds", expected: 2, actual: 1))
        program = valid
        program.upperBounds = [0, 1, 2]
        assertRejected(program, .dimensionMismatch(what: "upperBounds", expected: 2, actual: 3))
    }

    func testNonFiniteNumbers() {
        var program = valid
        program.hessian[1] = .nan
        assertRejected(program, .nonFiniteValue(what: "hessian entry (0, 1)"))
        program = valid
        program.linear[1] = .infinity
        assertRejected(program, .nonFiniteValue(what: "linear term 1"))
        program = valid
        program.inequalities[0].coefficients[0] = .nan
        assertRejected(program, .nonFiniteValue(what: "inequality 0 coefficient 0"))
        program = valid
        program.inequalities[0].bound = -.infinity
        assertRejected(program, .nonFiniteValue(what: "inequality 0 bound"))
        program = valid
        program.equalities = [QuadraticProgramRow(coefficients: [1, 1], bound: .nan)]
        assertRejected(program, .nonFiniteValue(what: "equality 0 bound"))
        program = valid
        program.upperBounds = [nil, .infinity]
        assertRejected(program, .nonFiniteValue(what: "upperBounds[1]"))
    }

    func testLowerAboveUpper() {
        var program = valid
        program.lowerBounds = [0, 2]
        program.upperBounds = [1, 1]
        assertRejected(program, .invalidBounds(variable: 1, lower: 2, upper: 1))
    }

    func testHessianMustBeSymmetricPositiveDefinite() {
        assertRejected(QuadraticProgram(hessian: [2, 1, 0, 2], linear: [0, 0]), .hessianNotSymmetric(row: 0, column: 1))
        // Indefinite: eigenvalues 3 and −1.
        assertRejected(QuadraticProgram(hessian: [1, 2, 2, 1], linear: [0, 0]), .hessianNotPositiveDefinite(pivot: 1))
        // Positive semidefinite but singular.
        assertRejected(QuadraticProgram(hessian: [1, 1, 1, 1], linear: [0, 0]), .hessianNotPositiveDefinite(pivot: 1))
        assertRejected(QuadraticProgram(hessian: [-1, 0, 0, 1], linear: [0, 0]), .hessianNotPositiveDefinite(pivot: 0))
        assertRejected(QuadraticProgram(hessian: [0, 0, 0, 0], linear: [0, 0]), .hessianNotPositiveDefinite(pivot: 0))
    }

    func testInvalidOptions() {
        assertRejected(valid, options: QuadraticProgramOptions(iterationLimit: 0),
                       .invalidOption("iterationLimit must be positive, got 0"))
        for bad in [0.0, -1, .infinity, .nan] {
            XCTAssertThrowsError(try solve(valid, options: QuadraticProgramOptions(timeLimitSeconds: bad)))
        }
        for bad in [0.0, 1.0, -1e-3, .nan] {
            XCTAssertThrowsError(try solve(valid, options: QuadraticProgramOptions(feasibilityTolerance: bad)))
            XCTAssertThrowsError(try solve(valid, options: QuadraticProgramOptions(linearDependenceTolerance: bad)))
            XCTAssertThrowsError(try solve(valid, options: QuadraticProgramOptions(optimalityTolerance: bad)))
        }
    }
}
