import Foundation
import QuadraticProgramming
import XCTest

/// The problems of `Golden/qp_golden.json`, solved by an independent solver
/// (Clarabel plus a verified KKT polish, see `Fixtures/scripts/make_qp_golden.py`).
final class GoldenProblemTests: XCTestCase {
    private struct GoldenFile: Decodable {
        let seed: Int
        let problems: [GoldenProblem]
    }

    private struct GoldenRow: Decodable {
        let coefficients: [Double]
        let bound: Double
    }

    private struct GoldenProblem: Decodable {
        struct Expected: Decodable {
            let status: String
            let point: [Double]?
            let objective: Double?
        }
        let name: String
        let kind: String
        let dimension: Int
        let identityHessian: Bool
        let hessian: [Double]
        let linear: [Double]
        let equalities: [GoldenRow]
        let inequalities: [GoldenRow]
        let lowerBounds: [Double?]
        let upperBounds: [Double?]
        let expected: Expected

        var program: QuadraticProgram {
            var program = identityHessian
                ? QuadraticProgram.projection(of: linear.map { -$0 })
                : QuadraticProgram(hessian: hessian, linear: linear)
            program.equalities = equalities.map { QuadraticProgramRow(coefficients: $0.coefficients, bound: $0.bound) }
            program.inequalities = inequalities.map { QuadraticProgramRow(coefficients: $0.coefficients, bound: $0.bound) }
            program.lowerBounds = lowerBounds
            program.upperBounds = upperBounds
            return program
        }
    }

    private func goldenProblems() throws -> [GoldenProblem] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "qp_golden", withExtension: "json", subdirectory: "Golden"),
                                "Golden/qp_golden.json is missing from the test bundle")
        return try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url)).problems
    }

    func testGoldenFileCoversEveryKind() throws {
        let kinds = Dictionary(grouping: try goldenProblems(), by: \.kind).mapValues(\.count)
        XCTAssertGreaterThanOrEqual(kinds["projection"] ?? 0, 12)
        XCTAssertGreaterThanOrEqual(kinds["general"] ?? 0, 4)
        XCTAssertGreaterThanOrEqual(kinds["degenerate"] ?? 0, 5)
        XCTAssertGreaterThanOrEqual(kinds["infeasible"] ?? 0, 5)
    }

    func testOptimalGoldenProblemsMatchTheReference() throws {
        for golden in try goldenProblems() where golden.expected.status == "optimal" {
            let program = golden.program
            let solution = try solve(program)
            guard solution.status == .optimal, let point = solution.point, let value = solution.objectiveValue else {
                XCTFail("\(golden.name): \(solution.status)")
                continue
            }
            let expectedPoint = try XCTUnwrap(golden.expected.point)
            let expectedValue = try XCTUnwrap(golden.expected.objective)
            let pointError = zip(point, expectedPoint).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(pointError, 1e-6, "\(golden.name): point")
            XCTAssertLessThanOrEqual(abs(value - expectedValue), 1e-8 * max(1, abs(expectedValue)),
                                     "\(golden.name): objective \(value) vs \(expectedValue)")
            assertKKT(program, solution, golden.name)
        }
    }

    func testInfeasibleGoldenProblemsAreReportedInfeasible() throws {
        let infeasible = try goldenProblems().filter { $0.expected.status == "infeasible" }
        XCTAssertFalse(infeasible.isEmpty)
        for golden in infeasible {
            let solution = try solve(golden.program)
            XCTAssertEqual(solution.status, .infeasible, golden.name)
            XCTAssertNil(solution.point, golden.name)
            XCTAssertNil(solution.objectiveValue, golden.name)
        }
    }

    /// The same problems with `G = I` written as a general matrix scaled by 2
    /// (the Cholesky path instead of the identity shortcut): the optimum of
    /// `½yᵀ(2I)y + 2aᵀy` is the same point.
    func testProjectionGoldenProblemsThroughTheCholeskyPath() throws {
        for golden in try goldenProblems()
        where golden.identityHessian && golden.expected.status == "optimal" && golden.dimension <= 50 {
            var program = golden.program
            let n = program.dimension
            program.hessian = program.hessian.map { 2 * $0 }
            program.linear = program.linear.map { 2 * $0 }
            let solution = try solve(program)
            let point = try XCTUnwrap(solution.point, "\(golden.name): \(solution.status)")
            let expected = try XCTUnwrap(golden.expected.point)
            XCTAssertLessThanOrEqual(zip(point, expected).map { abs($0 - $1) }.max() ?? 0, 1e-6, golden.name)
            XCTAssertEqual(n, point.count)
        }
    }
}
