@testable import QuadraticProgramming
import XCTest

/// The solver's own KKT check must reject wrong answers: it is what keeps a
/// numerically broken run from being reported as optimal.
final class OptimalityCheckTests: XCTestCase {
    /// Projection of (2, 2) onto −y₀ − y₁ ≥ −1 and y₀ ≥ 0: optimum (½, ½) with λ = 3/2.
    private let program: QuadraticProgram = {
        var program = QuadraticProgram.projection(of: [2, 2])
        program.inequalities = [QuadraticProgramRow(coefficients: [-1, -1], bound: -1)]
        program.lowerBounds = [0, nil]
        return program
    }()

    private func failure(point: [Double], active: [QuadraticProgramConstraint], multipliers: [Double]) -> String? {
        OptimalityCheck(program: program, rows: ConstraintRows(program), isIdentityHessian: true, tolerance: 1e-7)
            .failure(point: point, active: active, multipliers: multipliers)
    }

    func testTheOptimumPasses() {
        XCTAssertNil(failure(point: [0.5, 0.5], active: [.inequality(0)], multipliers: [1.5]))
    }

    func testAnInfeasiblePointFails() {
        XCTAssertNotNil(failure(point: [2, 2], active: [], multipliers: []))
        XCTAssertNotNil(failure(point: [-0.1, 1.1], active: [.inequality(0)], multipliers: [1.5]))
    }

    func testAWrongMultiplierFailsStationarity() {
        XCTAssertNotNil(failure(point: [0.5, 0.5], active: [.inequality(0)], multipliers: [1.4]))
    }

    func testANegativeMultiplierFails() {
        // At (0, 1) both y₀ ≥ 0 and the row are tight, and y − x = (−2, −1) equals
        // λ(−1, −1) + λˡ(1, 0) for λ = 1, λˡ = −1: stationary, but λˡ < 0 means
        // moving off the bound lowers the objective.
        let message = failure(point: [0, 1], active: [.inequality(0), .lowerBound(0)], multipliers: [1, -1])
        XCTAssertTrue(message?.contains("negative multiplier") ?? false, message ?? "accepted")
    }

    func testAnActiveConstraintMustBeTight() {
        // A point on the right side of y₀ ≥ 0 but not on it, with the bound claimed active.
        XCTAssertNotNil(failure(point: [0.5, 0.5], active: [.inequality(0), .lowerBound(0)], multipliers: [1.5, 0]))
    }

    func testNonFiniteValuesFail() {
        XCTAssertNotNil(failure(point: [.nan, 0.5], active: [.inequality(0)], multipliers: [1.5]))
        XCTAssertNotNil(failure(point: [0.5, 0.5], active: [.inequality(0)], multipliers: [.infinity]))
    }
}
