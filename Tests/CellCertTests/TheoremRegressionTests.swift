import CellCert
import Probability
import XCTest

/// Regression tests of the paper's theorems against Monte Carlo (issue 3):
/// every lower bound must sit below the upper end of a 99.9% Clopper–Pearson
/// interval; a bound above it is a bug or a broken theorem.
final class TheoremRegressionTests: XCTestCase {
    /// A single Heaviside perceptron `ϑ(w·x + b)` with `x` at distance `delta` from its hyperplane.
    func perceptron(dimension d: Int, delta: Double, using g: inout Xoshiro256StarStar) throws -> (Network, [Double]) {
        let w = (0..<d).map { _ in standardNormal(using: &g) }
        let x = (0..<d).map { _ in standardNormal(using: &g) }
        let norm = Norm.l2.length(w)
        let b = delta * norm - zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
        let net = try Network(layers: [DenseLayer(weights: Matrix(rowArrays: [w]), bias: [b])], decision: .threshold)
        return (net, x)
    }

    /// Theorem 3.1: the exact value `1 − A_d(δ/ε)` lies in the Monte Carlo interval; for `δ ≥ ε` no sample changes class.
    func testPerceptronExactFormulaAgreesWithMonteCarlo() throws {
        var g = Xoshiro256StarStar(seed: 31)
        for d in [2, 3, 10, 60] {
            for ratio in [0.1, 0.5, 0.9] {
                let epsilon = 0.7
                let (net, x) = try perceptron(dimension: d, delta: ratio * epsilon, using: &g)
                let certificate = try net.certify(x, request: CertificationRequest(norms: [.l2]))
                XCTAssertEqual(certificate.radii[0].radius, ratio * epsilon, accuracy: 1e-12)
                let exact = try perceptronRobustnessExact(dimension: d, distance: ratio * epsilon, epsilon: epsilon)
                let bound = try perceptronRobustnessBound(dimension: d, distance: ratio * epsilon, epsilon: epsilon)
                XCTAssertLessThanOrEqual(bound, exact + 1e-15)
                let mc = try net.monteCarloRobustness(at: x, epsilon: epsilon, options: MonteCarloOptions(samples: 4000, seed: UInt64(d)))
                XCTAssertGreaterThanOrEqual(exact, mc.lower, "d=\(d) δ/ε=\(ratio)")
                XCTAssertLessThanOrEqual(exact, mc.upper, "d=\(d) δ/ε=\(ratio)")
            }
            for ratio in [1.0, 1.5] {
                let epsilon = 0.3
                let (net, x) = try perceptron(dimension: d, delta: ratio * epsilon * (1 + 1e-9), using: &g)
                let mc = try net.monteCarloRobustness(at: x, epsilon: epsilon, options: MonteCarloOptions(samples: 2000, seed: 5))
                XCTAssertEqual(mc.changed, 0, "d=\(d) δ/ε=\(ratio): ρ must be 1")
                XCTAssertEqual(try perceptronRobustnessBound(dimension: d, distance: ratio * epsilon, epsilon: epsilon), 1)
            }
        }
    }

    /// Deep ReLU (Theorem 4.2) and shallow Heaviside (Corollary 3.2) networks: all bounds below
    /// the Monte Carlo intervals' upper ends, the tighter bounds above the paper's, the facet bound above the exact-cap one.
    func testBoundsSitBelowMonteCarloOnRandomNetworks() throws {
        var g = Xoshiro256StarStar(seed: 32)
        let architectures: [([Int], HiddenActivation, DecisionHead)] = [
            ([6, 12, 12, 1], .relu, .threshold),
            ([10, 16, 16, 16, 3], .relu, .argmax),
            ([24, 20, 1], .heaviside, .threshold),
            ([40, 32, 32, 5], .relu, .argmin),
        ]
        var compared = 0
        for (sizes, activation, head) in architectures {
            let net = try Network.random(layerSizes: sizes, decision: head, hiddenActivation: activation, using: &g)
            for _ in 0..<3 {
                let x = (0..<sizes[0]).map { _ in standardNormal(using: &g) }
                let certificate = try net.certify(x, request: CertificationRequest(norms: [.l2], facets: true))
                let r = certificate.radii[0].radius
                let epsilons = [0.5 * r, 1.5 * r, 3 * r, 8 * r].filter { $0 > 0 }
                let probabilistic = try certificate.probabilisticCertificate(epsilons: epsilons, eta: 0.01, includeGaussian: false)
                for bounds in probabilistic.bounds {
                    let mc = try net.monteCarloRobustness(at: x, epsilon: bounds.epsilon,
                                                          options: MonteCarloOptions(samples: 3000, seed: 7))
                    for (name, value) in [("paper", bounds.paper), ("perHyperplane", bounds.perHyperplane),
                                          ("exactCap", bounds.exactCap), ("facets", bounds.facets!)] {
                        XCTAssertLessThanOrEqual(value, mc.upper, "\(sizes) \(name) at ε=\(bounds.epsilon)")
                        XCTAssertLessThanOrEqual(value, mc.stayUpper, "\(sizes) \(name) vs P(stay) at ε=\(bounds.epsilon)")
                    }
                    XCTAssertGreaterThanOrEqual(bounds.perHyperplane, bounds.paper)
                    XCTAssertGreaterThanOrEqual(bounds.exactCap, bounds.perHyperplane)
                    XCTAssertGreaterThanOrEqual(bounds.facets!, bounds.exactCap)
                    XCTAssertLessThanOrEqual(mc.leftCell, mc.samples)
                    XCTAssertGreaterThanOrEqual(mc.leftCell, mc.changed)
                    if bounds.epsilon < r { XCTAssertEqual(mc.leftCell, 0, "r ≥ ε: no sample may leave the cell") }
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 40)
    }

    /// An input with radius r ≥ ε never changes class on any sample, in high dimension too.
    func testRadiusAboveEpsilonNeverChangesClass() throws {
        var g = Xoshiro256StarStar(seed: 33)
        for sizes in [[64, 32, 32, 10], [300, 40, 1]] {
            let net = try Network.random(layerSizes: sizes, decision: sizes.last == 1 ? .threshold : .argmax, using: &g)
            let x = (0..<sizes[0]).map { _ in standardNormal(using: &g) }
            let r = try net.certify(x, request: CertificationRequest(norms: [.l2])).radii[0].radius
            XCTAssertGreaterThan(r, 0)
            let mc = try net.monteCarloRobustness(at: x, epsilon: r, options: MonteCarloOptions(samples: 3000, seed: 9))
            XCTAssertEqual(mc.changed, 0)
            XCTAssertEqual(mc.leftCell, 0)
            XCTAssertEqual(mc.robustness, 1)
        }
    }

    /// For fixed r/ε each bound is non-decreasing in d; for fixed d, non-increasing in N.
    func testMonotonicityInDimensionAndUnitCount() throws {
        let relative = [0.3, 0.45, 0.6, 0.9, 1.4]  // δ_u / ε
        let epsilon = 1.0
        var previous: (Double, Double, Double)? = nil
        for d in [4, 8, 16, 32, 64, 128, 256, 1024, 4096] {
            let paper = try deepReLUBound(dimension: d, unitCount: relative.count, radius: relative.min()!, epsilon: epsilon)
            let per = try perHyperplaneBound(dimension: d, distances: relative, epsilon: epsilon)
            let cap = try exactCapBound(dimension: d, distances: relative, epsilon: epsilon)
            if let p = previous {
                XCTAssertGreaterThanOrEqual(paper, p.0)
                XCTAssertGreaterThanOrEqual(per, p.1)
                XCTAssertGreaterThanOrEqual(cap, p.2)
            }
            previous = (paper, per, cap)
        }
        var last = 2.0
        for n in [1, 2, 10, 100, 1000, 10_000] {
            let paper = try deepReLUBound(dimension: 200, unitCount: n, radius: 0.3, epsilon: epsilon)
            XCTAssertLessThanOrEqual(paper, last)
            last = paper
        }
    }

    /// Monte Carlo counts do not depend on the number of threads or the batch split across them.
    func testMonteCarloIsReproducibleAcrossThreadCounts() throws {
        var g = Xoshiro256StarStar(seed: 34)
        let net = try Network.random(layerSizes: [16, 24, 24, 4], decision: .argmax, using: &g)
        let x = (0..<16).map { _ in standardNormal(using: &g) }
        let r = try net.certify(x, request: CertificationRequest(norms: [.l2])).radii[0].radius
        let serial = try net.monteCarloRobustness(at: x, epsilon: 4 * r, options: MonteCarloOptions(samples: 5000, seed: 3, batchSize: 256, threads: 1))
        let parallel = try net.monteCarloRobustness(at: x, epsilon: 4 * r, options: MonteCarloOptions(samples: 5000, seed: 3, batchSize: 256, threads: 2))
        XCTAssertEqual(serial, parallel)
        XCTAssertGreaterThan(serial.leftCell, 0)
    }
}
