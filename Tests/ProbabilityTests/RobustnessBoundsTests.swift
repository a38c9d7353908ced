import Foundation
import XCTest
@testable import Probability

final class RobustnessBoundsTests: XCTestCase {
    /// Theorem 3.1: δ ≥ ε gives 1; δ < ε gives 1 − exp(−dδ²/(2ε²)); δ = 0 gives 0
    /// (bound) and ½ (exact).
    func testPerceptronCases() throws {
        XCTAssertEqual(try perceptronRobustnessBound(dimension: 10, distance: 2, epsilon: 1), 1)
        XCTAssertEqual(try perceptronRobustnessBound(dimension: 10, distance: 1, epsilon: 1), 1)
        XCTAssertEqual(try perceptronRobustnessBound(dimension: 10, distance: .infinity, epsilon: 1), 1)
        XCTAssertEqual(try perceptronRobustnessBound(dimension: 10, distance: 0, epsilon: 1), 0)
        assertRelative(try perceptronRobustnessBound(dimension: 8, distance: 0.5, epsilon: 1), 1 - exp(-1), 1e-15)
        // Far from 0.5: 1 − e^{−50}, which `1 − exp` would round; −expm1 keeps it.
        XCTAssertEqual(try perceptronRobustnessBound(dimension: 100, distance: 0.999_999, epsilon: 1),
                       -expm1(-100 * 0.999_999 * 0.999_999 / 2))

        XCTAssertEqual(try perceptronRobustnessExact(dimension: 10, distance: 1, epsilon: 1), 1)
        XCTAssertEqual(try perceptronRobustnessExact(dimension: 10, distance: 0, epsilon: 1), 0.5)
        XCTAssertEqual(try perceptronRobustnessExact(dimension: 1, distance: 0.3, epsilon: 1), 0.5)
        assertRelative(try perceptronRobustnessExact(dimension: 3, distance: 0.4, epsilon: 2), 1 - (1 - 0.2) / 2, 1e-15)
        // The exact value is at least the bound, everywhere.
        for d in [1, 2, 3, 10, 784] {
            for delta in stride(from: 0.0, through: 1.2, by: 0.05) {
                let bound = try perceptronRobustnessBound(dimension: d, distance: delta, epsilon: 1)
                let exact = try perceptronRobustnessExact(dimension: d, distance: delta, epsilon: 1)
                XCTAssertLessThanOrEqual(bound, exact, "d=\(d) δ=\(delta)")
                XCTAssert((0...1).contains(bound) && (0...1).contains(exact))
            }
        }
    }

    /// Corollary 3.2: the sum over δ_i < ε, and the coarser n·exp(−dδ²/(2ε²)).
    func testShallowHeavisideBounds() throws {
        let distances = [0.5, 0.8, 1.5, .infinity]
        let d = 20
        let expected = 1 - exp(-Double(d) * 0.25 / 2) - exp(-Double(d) * 0.64 / 2)
        assertRelative(try shallowHeavisideBound(dimension: d, distances: distances, epsilon: 1), expected, 1e-15)
        let coarse = try shallowHeavisideCoarseBound(dimension: d, distances: distances, epsilon: 1)
        assertRelative(coarse, 1 - 4 * exp(-Double(d) * 0.25 / 2), 1e-15)
        XCTAssertLessThanOrEqual(coarse, try shallowHeavisideBound(dimension: d, distances: distances, epsilon: 1))
        XCTAssertEqual(try shallowHeavisideBound(dimension: d, distances: [], epsilon: 1), 1)
        XCTAssertEqual(try shallowHeavisideCoarseBound(dimension: d, distances: [], epsilon: 1), 1)
        XCTAssertEqual(try shallowHeavisideCoarseBound(dimension: d, distances: [2, 3], epsilon: 1), 1)
        // Clamped at 0 when the union bound exceeds 1.
        XCTAssertEqual(try shallowHeavisideBound(dimension: 2, distances: [0.1, 0.1, 0.1], epsilon: 1), 0)
        XCTAssertEqual(try shallowHeavisideCoarseBound(dimension: 2, distances: [0.1, 0.1, 0.1], epsilon: 1), 0)
    }

    /// Theorem 4.2's cases and clamping.
    func testDeepReLUBoundCases() throws {
        XCTAssertEqual(try deepReLUBound(dimension: 784, unitCount: 201, radius: 0.3, epsilon: 0.3), 1)
        XCTAssertEqual(try deepReLUBound(dimension: 784, unitCount: 201, radius: .infinity, epsilon: 0.3), 1)
        XCTAssertEqual(try deepReLUBound(dimension: 784, unitCount: 201, radius: 0, epsilon: 0.3), 0)
        XCTAssertEqual(try deepReLUBound(dimension: 2, unitCount: 1000, radius: 0.5, epsilon: 1), 0)
        assertRelative(try deepReLUBound(dimension: 784, unitCount: 201, radius: 0.2, epsilon: 1),
                       1 - 201 * exp(-784 * 0.04 / 2), 1e-14)
        // Units counted, not layers: the bound takes N only.
        XCTAssertEqual(try deepReLUBound(dimension: 100, unitCount: 1, radius: 0.5, epsilon: 1),
                       try perceptronRobustnessBound(dimension: 100, distance: 0.5, epsilon: 1))
    }

    /// paper ≤ per-hyperplane ≤ exact caps, on pseudo-random distance lists.
    func testTighterBoundsDominateThePaper() throws {
        var generator = Xoshiro256StarStar(seed: 7)
        for trial in 0..<300 {
            let d = [1, 2, 3, 10, 50, 784, 3072][trial % 7]
            let count = 1 + Int(generator.next() % 40)
            let distances = (0..<count).map { _ in Double(generator.next() % 10_000) / 5_000 }  // in [0, 2)
            let epsilon = 0.2 + Double(generator.next() % 1000) / 1000
            let r = distances.min()!
            let crossing = distances.filter { $0 < epsilon }.count
            let perHyperplane = try perHyperplaneBound(dimension: d, distances: distances, epsilon: epsilon)
            let exact = try exactCapBound(dimension: d, distances: distances, epsilon: epsilon)
            for n in [max(crossing, 1), count, count + 5] {
                let paper = try deepReLUBound(dimension: d, unitCount: n, radius: r, epsilon: epsilon)
                XCTAssertLessThanOrEqual(paper, perHyperplane + 1e-15, "d=\(d) N=\(n) r=\(r) ε=\(epsilon)")
            }
            XCTAssertLessThanOrEqual(perHyperplane, exact, "d=\(d) ε=\(epsilon)")
            XCTAssert((0...1).contains(perHyperplane) && (0...1).contains(exact))
            XCTAssertEqual(perHyperplane, try shallowHeavisideBound(dimension: d, distances: distances, epsilon: epsilon))
        }
    }

    /// Docs/theory.md §5: at fixed r/ε the bounds rise with d; they fall with N.
    func testMonotoneInDimensionAndUnitCount() throws {
        let distances = [0.2, 0.35, 0.35, 0.6, 0.9, 1.3]
        for ratio in [0.05, 0.2, 0.5, 0.9] {
            var previous = (paper: 0.0, perHyperplane: 0.0, exact: 0.0)
            for d in [1, 2, 3, 5, 10, 30, 100, 784, 3072, 100_000] {
                let current = (
                    paper: try deepReLUBound(dimension: d, unitCount: 50, radius: ratio, epsilon: 1),
                    perHyperplane: try perHyperplaneBound(dimension: d, distances: distances.map { $0 * ratio / 0.2 }, epsilon: 1),
                    exact: try exactCapBound(dimension: d, distances: distances.map { $0 * ratio / 0.2 }, epsilon: 1))
                XCTAssertGreaterThanOrEqual(current.paper, previous.paper, "d=\(d) r/ε=\(ratio)")
                XCTAssertGreaterThanOrEqual(current.perHyperplane, previous.perHyperplane, "d=\(d) r/ε=\(ratio)")
                XCTAssertGreaterThanOrEqual(current.exact, previous.exact, "d=\(d) r/ε=\(ratio)")
                previous = current
            }
            var previousPaper = 1.0
            for n in [1, 2, 10, 100, 10_000, 1_000_000] {
                let paper = try deepReLUBound(dimension: 784, unitCount: n, radius: ratio, epsilon: 1)
                XCTAssertLessThanOrEqual(paper, previousPaper, "N=\(n) r/ε=\(ratio)")
                previousPaper = paper
            }
        }
    }

    /// δ* and ε* invert Theorem 4.2: the bound at r = δ* (or ε = ε*) is 1 − η.
    func testInverseQuantitiesRoundTrip() throws {
        for (d, n, eta) in [(784, 201, 0.01), (3072, 5000, 1e-6), (100, 10, 0.5), (100_000, 1_000_000, 1e-12)] {
            let epsilon = 0.7
            let delta = try deltaStar(eta: eta, epsilon: epsilon, dimension: d, unitCount: n)
            XCTAssertLessThan(delta, epsilon)
            assertRelative(try deepReLUBound(dimension: d, unitCount: n, radius: delta, epsilon: epsilon), 1 - eta, 1e-13)
            let r = 0.05
            let size = try epsilonStar(eta: eta, radius: r, dimension: d, unitCount: n)
            XCTAssertGreaterThan(size, r)
            assertRelative(try deepReLUBound(dimension: d, unitCount: n, radius: r, epsilon: size), 1 - eta, 1e-13)
            assertRelative(try epsilonStar(eta: eta, radius: delta, dimension: d, unitCount: n), epsilon, 1e-15)
        }
        XCTAssertEqual(try epsilonStar(eta: 0.1, radius: 0, dimension: 5, unitCount: 3), 0)
        assertRelative(try deltaStar(eta: 0.01, epsilon: 1, dimension: 2, unitCount: 1), log(100).squareRoot(), 1e-15)
    }

    /// Gaussian noise: one hyperplane is crossed with probability 1 − Φ(δ/σ).
    func testGaussianNoiseBounds() throws {
        XCTAssertEqual(try gaussianCrossingProbability(distance: 0, sigma: 1), 0.5)
        XCTAssertEqual(try gaussianCrossingProbability(distance: .infinity, sigma: 1), 0)
        assertRelative(try gaussianCrossingProbability(distance: 1.96, sigma: 1), 0.024_997_895_148_220_435, 1e-14)
        assertRelative(try gaussianCrossingProbability(distance: 3.92, sigma: 2), 0.024_997_895_148_220_435, 1e-14)
        let distances = [1.0, 2.0, .infinity]
        let expected = 1 - standardNormalCDFComplement(2) - standardNormalCDFComplement(4)
        assertRelative(try gaussianPerHyperplaneBound(distances: distances, sigma: 0.5), expected, 1e-15)
        XCTAssertEqual(try gaussianPerHyperplaneBound(distances: [0, 0, 0], sigma: 1), 0)
        XCTAssertEqual(try gaussianPerHyperplaneBound(distances: [], sigma: 1), 1)
    }

    /// Every user-supplied value is validated, with a one-line message.
    func testInvalidInputsThrow() {
        func message(_ body: () throws -> Double) -> String? {
            do {
                _ = try body()
                return nil
            } catch let error as ProbabilityError {
                return error.message
            } catch {
                return "unexpected error type: \(error)"
            }
        }
        XCTAssertEqual(message { try deepReLUBound(dimension: 0, unitCount: 1, radius: 0.1, epsilon: 1) },
                       "dimension must be at least 1, got 0")
        XCTAssertEqual(message { try deepReLUBound(dimension: 3, unitCount: 0, radius: 0.1, epsilon: 1) },
                       "unit count must be at least 1, got 0")
        XCTAssertEqual(message { try deepReLUBound(dimension: 3, unitCount: 1, radius: -0.1, epsilon: 1) },
                       "radius must be a non-negative number, got -0.1")
        XCTAssertEqual(message { try deepReLUBound(dimension: 3, unitCount: 1, radius: .nan, epsilon: 1) },
                       "radius must be a non-negative number, got nan")
        XCTAssertEqual(message { try perceptronRobustnessBound(dimension: 3, distance: 0.1, epsilon: 0) },
                       "epsilon must be a positive finite number, got 0.0")
        XCTAssertNotNil(message { try perceptronRobustnessExact(dimension: 3, distance: 0.1, epsilon: .infinity) })
        XCTAssertNotNil(message { try perceptronRobustnessExact(dimension: 3, distance: 0.1, epsilon: .nan) })
        XCTAssertEqual(message { try exactCapBound(dimension: 3, distances: [0.1, -1], epsilon: 1) },
                       "distance[1] must be a non-negative number, got -1.0")
        XCTAssertNotNil(message { try perHyperplaneBound(dimension: 3, distances: [.nan], epsilon: 1) })
        XCTAssertNotNil(message { try shallowHeavisideCoarseBound(dimension: 3, distances: [.nan], epsilon: 1) })
        XCTAssertEqual(message { try deltaStar(eta: 1, epsilon: 1, dimension: 3, unitCount: 2) },
                       "eta must lie strictly between 0 and 1, got 1.0")
        XCTAssertNotNil(message { try deltaStar(eta: 0, epsilon: 1, dimension: 3, unitCount: 2) })
        XCTAssertNotNil(message { try epsilonStar(eta: 0.1, radius: -1, dimension: 3, unitCount: 2) })
        XCTAssertEqual(message { try gaussianCrossingProbability(distance: 1, sigma: -2) },
                       "sigma must be a positive finite number, got -2.0")
        XCTAssertNotNil(message { try gaussianPerHyperplaneBound(distances: [-3], sigma: 1) })
    }
}
