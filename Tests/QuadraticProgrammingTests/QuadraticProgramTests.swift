import QuadraticProgramming
import XCTest

/// Small programs whose optimum and multipliers are known in closed form.
final class QuadraticProgramTests: XCTestCase {
    func testProjectionProgramHasIdentityHessian() {
        let program = QuadraticProgram.projection(of: [1, -2])
        XCTAssertEqual(program.hessian, [1, 0, 0, 1])
        XCTAssertEqual(program.linear, [-1, 2])
    }

    func testUnconstrainedMinimiserIsMinusGInverseA() throws {
        // G = diag(2, 4), a = (−2, −4): y = (1, 1), value −3.
        let solution = try solve(QuadraticProgram(hessian: [2, 0, 0, 4], linear: [-2, -4]))
        XCTAssertEqual(solution.status, .optimal)
        XCTAssertEqual(solution.point?[0] ?? .nan, 1, accuracy: 1e-15)
        XCTAssertEqual(solution.point?[1] ?? .nan, 1, accuracy: 1e-15)
        XCTAssertEqual(solution.objectiveValue ?? .nan, -3, accuracy: 1e-15)
        XCTAssertEqual(solution.activeSet, [])
        XCTAssertEqual(solution.iterations, 0)
    }

    func testProjectionOntoAHalfSpace() throws {
        // (2, 2) onto y₀ + y₁ ≤ 1, written −y₀ − y₁ ≥ −1: y = (½, ½), y − x = λ(−1, −1) with λ = 3/2.
        var program = QuadraticProgram.projection(of: [2, 2])
        program.inequalities = [QuadraticProgramRow(coefficients: [-1, -1], bound: -1)]
        let solution = try solve(program)
        XCTAssertEqual(solution.status, .optimal)
        XCTAssertEqual(solution.point?[0] ?? .nan, 0.5, accuracy: 1e-15)
        XCTAssertEqual(solution.point?[1] ?? .nan, 0.5, accuracy: 1e-15)
        XCTAssertEqual(solution.inequalityMultipliers?[0] ?? .nan, 1.5, accuracy: 1e-15)
        XCTAssertEqual(solution.activeSet, [.inequality(0)])
        assertKKT(program, solution)
    }

    func testProjectionOntoABoxGivesBoundMultipliers() throws {
        // (3, −3, ½) onto [0, 1]³: (1, 0, ½); y − x = λˡ − λᵘ gives λᵘ₀ = 2, λˡ₁ = 3.
        var program = QuadraticProgram.projection(of: [3, -3, 0.5])
        program.lowerBounds = [0, 0, 0]
        program.upperBounds = [1, 1, 1]
        let solution = try solve(program)
        XCTAssertEqual(solution.point, [1, 0, 0.5])
        XCTAssertEqual(solution.upperBoundMultipliers, [2, 0, 0])
        XCTAssertEqual(solution.lowerBoundMultipliers, [0, 3, 0])
        XCTAssertEqual(Set(solution.activeSet ?? []), [.upperBound(0), .lowerBound(1)])
    }

    func testProjectionOntoAnEqualityHasSignedMultiplier() throws {
        // (1, 2) onto y₀ = y₁: (1.5, 1.5), y − x = μ(1, −1) with μ = ½; from (2, 1) μ = −½.
        for (point, multiplier) in [([1.0, 2.0], 0.5), ([2.0, 1.0], -0.5)] {
            var program = QuadraticProgram.projection(of: point)
            program.equalities = [QuadraticProgramRow(coefficients: [1, -1], bound: 0)]
            let solution = try solve(program)
            XCTAssertEqual(solution.point?[0] ?? .nan, 1.5, accuracy: 1e-15)
            XCTAssertEqual(solution.point?[1] ?? .nan, 1.5, accuracy: 1e-15)
            XCTAssertEqual(solution.equalityMultipliers?[0] ?? .nan, multiplier, accuracy: 1e-15)
        }
    }

    func testProjectionOntoAnAffineSubspace() throws {
        // y = x + Eᵀμ with E E ᵀ μ = f − E x (three independent equalities in ℝ⁵).
        let e: [[Double]] = [[1, 2, 0, -1, 0], [0, 1, 1, 0, 3], [2, 0, -1, 1, 1]]
        let f: [Double] = [1, -2, 0.5]
        let x: [Double] = [0.3, -1, 2, 0.7, 1.5]
        var program = QuadraticProgram.projection(of: x)
        program.equalities = zip(e, f).map { QuadraticProgramRow(coefficients: $0, bound: $1) }
        let solution = try solve(program)
        let gram = e.map { a in e.map { dotProduct(a, $0) } }
        let mu = solveLinearSystem(gram, zip(f, e).map { $0 - dotProduct($1, x) })
        let expected = (0..<5).map { i in x[i] + (0..<3).reduce(0) { $0 + mu[$1] * e[$1][i] } }
        let point = try XCTUnwrap(solution.point, "\(solution.status)")
        for i in 0..<5 { XCTAssertEqual(point[i], expected[i], accuracy: 1e-13) }
        let multipliers = try XCTUnwrap(solution.equalityMultipliers)
        for i in 0..<3 { XCTAssertEqual(multipliers[i], mu[i], accuracy: 1e-13) }
        XCTAssertEqual(solution.activeSet, [.equality(0), .equality(1), .equality(2)])
    }

    func testFeasiblePointIsItsOwnProjection() throws {
        var program = QuadraticProgram.projection(of: [0.25, -0.5])
        program.inequalities = [QuadraticProgramRow(coefficients: [1, 1], bound: -1)]
        program.lowerBounds = [-1, -1]
        let solution = try solve(program)
        XCTAssertEqual(solution.point, [0.25, -0.5])
        XCTAssertEqual(solution.iterations, 0)
    }

    func testZeroRowIsInfeasibleOnlyWhenItsBoundIsPositive() throws {
        var program = QuadraticProgram.projection(of: [1, 1])
        program.inequalities = [QuadraticProgramRow(coefficients: [0, 0], bound: -1)]
        XCTAssertEqual(try solve(program).status, .optimal)
        program.inequalities = [QuadraticProgramRow(coefficients: [0, 0], bound: 1)]
        XCTAssertEqual(try solve(program).status, .infeasible)
        program.inequalities = []
        program.equalities = [QuadraticProgramRow(coefficients: [0, 0], bound: 0)]
        XCTAssertEqual(try solve(program).status, .optimal)
        program.equalities = [QuadraticProgramRow(coefficients: [0, 0], bound: 2)]
        XCTAssertEqual(try solve(program).status, .infeasible)
    }

    func testIterationLimitStopsWithoutASolution() throws {
        // The projection of (5, 5, 5) onto y_k ≤ 0 for all k needs three additions.
        var program = QuadraticProgram.projection(of: [5, 5, 5])
        program.upperBounds = [0, 0, 0]
        let limited = try solve(program, options: QuadraticProgramOptions(iterationLimit: 2))
        XCTAssertEqual(limited.status, .iterationLimit)
        XCTAssertNil(limited.point)
        XCTAssertNil(limited.activeSet)
        XCTAssertEqual(try solve(program, options: QuadraticProgramOptions(iterationLimit: 3)).point, [0, 0, 0])
    }

    func testTimeLimitStopsWithoutASolution() throws {
        // 40 bounds to enter one by one: more than the 16 steps between clock readings.
        var program = QuadraticProgram.projection(of: [Double](repeating: 5, count: 40))
        program.upperBounds = [Double](repeating: 0, count: 40)
        let limited = try solve(program, options: QuadraticProgramOptions(timeLimitSeconds: 1e-12))
        XCTAssertEqual(limited.status, .timeLimit)
        XCTAssertNil(limited.point)
        XCTAssertEqual(limited.status.description, "time limit reached")
        XCTAssertEqual(try solve(program, options: QuadraticProgramOptions(timeLimitSeconds: 60)).point,
                       [Double](repeating: 0, count: 40))
    }

    func testStatusDescriptions() {
        XCTAssertEqual(QuadraticProgramStatus.optimal.description, "optimal")
        XCTAssertEqual(QuadraticProgramStatus.infeasible.description, "infeasible")
        XCTAssertEqual(QuadraticProgramStatus.numericalFailure("x").description, "numerical failure: x")
        XCTAssertTrue(QuadraticProgramStatus.optimal.isOptimal)
        XCTAssertFalse(QuadraticProgramStatus.iterationLimit.isOptimal)
    }
}
