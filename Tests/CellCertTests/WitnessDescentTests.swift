@testable import CellCert
import Probability
import XCTest

/// Issue 16, target 2: the local descent of witnesses over cells
/// (``CertifiableNetwork/descendedWitness(from:at:originalClass:norm:domain:deadline:)``)
/// that the ℓ∞ proofs start from.
final class WitnessDescentTests: XCTestCase {
    /// A network that is affine on the whole region (every hidden unit active):
    /// one step from a far witness lands on the decision hyperplane, at the exact
    /// `R_∞ = |o(x)| / ‖∇o‖₁` (within the witness slack).
    func testOneCellDescendsToTheHyperplane() throws {
        let hidden = DenseLayer(weights: Matrix(rowArrays: [[1, 2, 0], [0, -1, 3], [2, 0, -1]]), bias: [100, 100, 100])
        let output = DenseLayer(weights: Matrix(rowArrays: [[1, -2, 0.5]]), bias: [0])
        var network = try Network(layers: [hidden, output], decision: .threshold)
        // o(0) = v·b; shift so that o(0) = 0.3.
        let shift = 0.3 - network.outputs([0, 0, 0])[0]
        network = try Network(layers: [hidden, DenseLayer(weights: output.weights, bias: [shift])], decision: .threshold)
        let x = [0.0, 0, 0]
        let gradient = [2.0, 4, -6.5]  // vᵀW
        let r = 0.3 / Norm.l1.length(gradient)
        let originalClass = network.classify(x)
        // Far beyond the hyperplane, against the gradient's signs.
        let far = gradient.map { $0 > 0 ? -1.0 : 1.0 }
        let start = try XCTUnwrap(network.checkedWitness(far, from: x, originalClass: originalClass, norm: .linf, domain: nil))
        XCTAssertGreaterThan(start.distance, 10 * r)
        let descended = network.descendedWitness(from: start, at: x, originalClass: originalClass, norm: .linf, domain: nil,
                                                 deadline: Deadline(seconds: 30))
        let slack = AdversarialWitness.slack(norm: .linf, dimension: 3, pointMagnitude: r)
        XCTAssertEqual(descended.distance, r, accuracy: slack)
        XCTAssertNotEqual(network.classify(descended.point), originalClass)
    }

    /// Random networks of every head, in every norm, with and without a domain:
    /// from a far point of another class the descent returns a verified witness
    /// (another class, inside the domain, its distance measured) never nearer
    /// than the exact `R` of the full search and never farther than where it
    /// started; most of the time it gets nearer, and often all the way to `R`.
    func testDescentOnRandomNetworksIsSoundAndUseful() throws {
        var g = SplitMix64(seed: 71)
        var (cases, improved, reachedR) = (0, 0, 0)
        for network in try MinimalDistortionMILPTests.smallNetworks(seed: 70) {
            for norm in Norm.allCases {
                for domain in [nil, InputBox(lower: .init(repeating: -1.5, count: network.inputDimension),
                                             upper: .init(repeating: 1.5, count: network.inputDimension))] {
                    let x = MinimalDistortionMILPTests.randomInput(dimension: network.inputDimension, using: &g)
                    let originalClass = network.classify(x)
                    let full = try network.decisionBoundarySearch(
                        at: x, options: DecisionBoundaryOptions(norm: norm, domain: domain, timeLimitSeconds: 10), witness: nil)
                    guard full.status == .exact, let r = full.distance, r.isFinite else { continue }
                    // The first of 200 seeded points of the ball of radius 2 (within the domain) of another class.
                    let far = (0..<200).lazy.map { _ in
                        let point = x.map { $0 + Double.random(in: -2...2, using: &g) }
                        return domain?.clamped(point) ?? point
                    }.first { network.classify($0) != originalClass }
                    guard let far, let start = network.checkedWitness(far, from: x, originalClass: originalClass,
                                                                      norm: norm, domain: domain) else { continue }
                    cases += 1
                    let descended = network.descendedWitness(from: start, at: x, originalClass: originalClass, norm: norm,
                                                             domain: domain, deadline: Deadline(seconds: 30))
                    XCTAssertNotEqual(network.classify(descended.point), originalClass)
                    XCTAssertEqual(descended.distance, norm.distance(descended.point, x))
                    if let domain { XCTAssertTrue(domain.contains(descended.point)) }
                    XCTAssertLessThanOrEqual(descended.distance, start.distance)
                    XCTAssertGreaterThanOrEqual(descended.distance, r * (1 - 1e-9), "a witness nearer than R")
                    if descended.distance < start.distance { improved += 1 }
                    let slack = AdversarialWitness.slack(norm: norm, dimension: x.count, pointMagnitude: Norm.linf.length(x) + r)
                    if descended.distance <= r + slack { reachedR += 1 }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(cases, 20)
        print("witness descent: \(cases) cases, \(improved) improved, \(reachedR) reached R")
        XCTAssertGreaterThanOrEqual(improved, cases * 9 / 10)
        XCTAssertGreaterThanOrEqual(reachedR, cases / 2)
    }
}
