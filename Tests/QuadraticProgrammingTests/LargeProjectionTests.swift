import Foundation
import QuadraticProgramming
import XCTest

/// The size CellCert meets on MNIST: the ℓ2 distance from an image to one facet
/// of its cell, `min ½‖y − x‖²` over 784 variables with ~500 cell rows (one of
/// them an equality) and the pixel box [0, 1]⁷⁸⁴.
final class LargeProjectionTests: XCTestCase {
    func testMNISTSizedFacetProjection() throws {
        let n = 784, m = 500
        var random = SplitMix64(seed: 0x5EED_0784)
        // An MNIST-like image: most pixels exactly 0, the rest in (0, 1].
        let image = (0..<n).map { _ in
            Double.random(in: 0..<1, using: &random) < 0.6 ? 0 : Double.random(in: 0.01...1, using: &random)
        }
        // Cell rows c·y ≥ b that the image satisfies with slack between 0.05 and 2 (distance units).
        var rows = (0..<m).map { _ in
            let c = random.normalVector(n)
            let slack = Double.random(in: 0.05...2, using: &random) * euclideanLength(c)
            return QuadraticProgramRow(coefficients: c, bound: dotProduct(c, image) - slack)
        }
        // The facet: the nearest row becomes the equality.
        let nearest = rows.indices.min { i, j in
            (dotProduct(rows[i].coefficients, image) - rows[i].bound) / euclideanLength(rows[i].coefficients)
                < (dotProduct(rows[j].coefficients, image) - rows[j].bound) / euclideanLength(rows[j].coefficients)
        }!
        var program = QuadraticProgram.projection(of: image)
        program.equalities = [rows.remove(at: nearest)]
        program.inequalities = rows
        program.lowerBounds = Array(repeating: 0, count: n)
        program.upperBounds = Array(repeating: 1, count: n)

        let start = Date()
        let solution = try solve(program)
        let seconds = Date().timeIntervalSince(start)
        let active = solution.activeSet ?? []
        let activeBounds = active.filter { if case .lowerBound = $0 { return true }; if case .upperBound = $0 { return true }; return false }
        print("QP n=\(n) rows=\(m) box: \(solution.status), \(solution.iterations) iterations, "
              + "\(active.count) active (\(activeBounds.count) bounds), \(String(format: "%.3f", seconds)) s")
        assertKKT(program, solution, tolerance: 1e-9)
        let y = try XCTUnwrap(solution.point)
        // The facet distance is at least the hyperplane distance of the equality row.
        let e = program.equalities[0]
        let hyperplaneDistance = abs(dotProduct(e.coefficients, image) - e.bound) / euclideanLength(e.coefficients)
        let distance = euclideanLength(zip(y, image).map { $0 - $1 })
        XCTAssertGreaterThanOrEqual(distance, hyperplaneDistance * (1 - 1e-12))
        XCTAssertFalse(activeBounds.isEmpty, "the box should matter for an image with zero pixels")
    }
}
