@testable import CellCert
import Probability
import XCTest

/// Issue 16, target 2: proofs finish decision-boundary searches that a limit
/// stopped: in ℓ∞ ``Network/verify(_:timeLimitSeconds:threads:)`` on the box
/// `B_∞(x, ρ)`, in ℓ1 ``Network/classChangeInL1Ball(around:radius:domain:timeLimitSeconds:)``.
/// Random networks of every head, fixed seeds.
final class BoundaryProofTests: XCTestCase {
    /// A search stopped after one cell leaves `lower < R ≤ upper`; the proofs
    /// never prove a lower bound above the `R` of the full search (which is exact),
    /// never lose the witness, and most of the time close the gap to the
    /// exactness slack, agreeing with the full search's `R`.
    func testProofsFinishStoppedSearchesSoundly() throws {
        for norm in [Norm.linf, .l1] { try checkProofsFinishStoppedSearches(norm: norm) }
    }

    func checkProofsFinishStoppedSearches(norm: Norm) throws {
        var g = SplitMix64(seed: 61)
        var (stopped, finished) = (0, 0)
        for network in try MinimalDistortionMILPTests.smallNetworks(seed: 60) {
            for _ in 0..<3 {
                let x = MinimalDistortionMILPTests.randomInput(dimension: network.inputDimension, using: &g)
                let full = try network.decisionBoundarySearch(at: x, options: DecisionBoundaryOptions(norm: norm, timeLimitSeconds: 3),
                                                             witness: nil)
                let limited = try network.decisionBoundarySearch(
                    at: x, options: DecisionBoundaryOptions(norm: norm, maxCells: 1),
                    witness: network.boundaryAttack(at: x, norm: norm, domain: nil))
                guard full.status == .exact, let r = full.distance, r.isFinite, limited.status == .bounded,
                      limited.witness != nil else { continue }
                stopped += 1
                let prover: Network.BallProver = norm == .linf
                    ? network.linfBallProver(at: x, domain: nil) { try network.verify($0, timeLimitSeconds: $1, threads: 1) }
                    : { try network.classChangeInL1Ball(around: x, radius: $0, domain: nil, timeLimitSeconds: $1) }
                let narrowed = try network.narrowedByProofs(limited, at: x, norm: norm, domain: nil,
                                                            deadline: Deadline(seconds: 30), prove: prover)
                XCTAssertLessThanOrEqual(narrowed.lower, r * (1 + 1e-9), "a proven lower bound above R")
                XCTAssertGreaterThanOrEqual(narrowed.lower, limited.lower)
                let witness = try XCTUnwrap(narrowed.witness)
                XCTAssertNotEqual(network.classify(witness.point), network.classify(x))
                XCTAssertEqual(narrowed.upper, witness.distance)
                XCTAssertGreaterThanOrEqual(witness.distance, r * (1 - 1e-9))
                guard narrowed.status == .exact else { continue }
                finished += 1
                let slack = AdversarialWitness.slack(norm: norm, dimension: x.count, pointMagnitude: Norm.linf.length(x) + r)
                XCTAssertEqual(try XCTUnwrap(narrowed.distance), r, accuracy: slack)
            }
        }
        // 0 finished means the proofs did nothing; some searches must have been stopped.
        XCTAssertGreaterThanOrEqual(stopped, 5, "\(norm)")
        XCTAssertEqual(finished, stopped, "\(norm): 11 of 11 (ℓ∞) when written")
    }

    /// The command path: a query with a time limit whose search is stopped by `maxCells` comes back exact (ℓ∞ and ℓ1).
    func testDecisionBoundaryUsesTheProofs() throws {
        for norm in [Norm.linf, .l1] {
            var g = SplitMix64(seed: 62)
            let network = try MinimalDistortionMILPTests.smallNetworks(seed: 63)[3]
            let x = MinimalDistortionMILPTests.randomInput(dimension: network.inputDimension, using: &g)
            let result = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, timeLimitSeconds: 30,
                                                                                             maxCells: 1))
            XCTAssertEqual(result.status, .exact, "\(norm): \(result.note ?? "")")
            XCTAssertEqual(result.cellsExplored, 1)
        }
    }

    /// The ℓ1 ball proof with a domain that holds `x` on its faces in some
    /// coordinates (where the ball's row takes `y_i − x_i` itself, no deviation
    /// variable): never `unsat` just beyond the full search's exact `R` (a
    /// witness lies there), and `unsat` just within it in most cases.
    func testL1BallProofWithXOnTheDomainsFaces() throws {
        var g = SplitMix64(seed: 65)
        var (checked, provenWithin) = (0, 0)
        for network in try MinimalDistortionMILPTests.smallNetworks(seed: 66) {
            for trial in 0..<3 {
                let d = network.inputDimension
                let domain = InputBox(lower: [Double](repeating: -1, count: d), upper: [Double](repeating: 1, count: d))
                // Coordinates alternate between a face of the domain (−1 or 1) and the inside.
                let x = (0..<d).map { i -> Double in
                    let inside = Double(g.next() >> 11) * 0x1p-53 * 2 - 1
                    return (i + trial) % 3 == 0 ? inside : ((i + trial) % 3 == 1 ? -1 : 1)
                }
                let full = try network.decisionBoundarySearch(
                    at: x, options: DecisionBoundaryOptions(norm: .l1, domain: domain, timeLimitSeconds: 3), witness: nil)
                guard full.status == .exact, let r = full.distance, r.isFinite, r > 1e-6 else { continue }
                checked += 1
                let beyond = try network.classChangeInL1Ball(around: x, radius: r * (1 + 1e-3), domain: domain, timeLimitSeconds: 10)
                XCTAssertNotEqual(beyond.answer, .unsat, "a witness lies at \(r), yet the ball of radius \(r * (1 + 1e-3)) was proven clean")
                let within = try network.classChangeInL1Ball(around: x, radius: r * (1 - 1e-3), domain: domain, timeLimitSeconds: 10)
                XCTAssertNotEqual(within.answer, .sat, "R = \(r) is exact, yet a point within \(r * (1 - 1e-3)) changed class")
                if within.answer == .unsat { provenWithin += 1 }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 5)
        XCTAssertGreaterThanOrEqual(provenWithin, checked - 1, "the proofs within R should nearly all succeed")
    }

    /// The ℓ1 ball's first-layer bounds contain the layer's values at points of the
    /// ball (its vertices `c ± ρ e_k`, where a linear function is extreme, and
    /// random points), with and without an input transform, and are tighter than
    /// the bounding box's intervals.
    func testL1BallFirstLayerBoundsContainTheBall() throws {
        var g = SplitMix64(seed: 64)
        for trial in 0..<6 {
            let d = 3 + trial
            let plain = try Network.random(layerSizes: [d, 7, 2], decision: .argmax, using: &g)
            let network = trial % 2 == 0 ? plain : try Network(
                layers: plain.layers, decision: .argmax,
                inputTransform: InputTransform(mean: (0..<d).map { 0.3 * Double($0) }, scale: (0..<d).map { 0.7 + Double($0) }))
            let c = (0..<d).map { _ in Double(g.next() >> 11) * 0x1p-53 * 2 - 1 }
            let radius = 0.05 + 0.1 * Double(trial)
            let bounds = NetworkEncoding.firstLayerBounds(network, over: NetworkEncoding.L1Ball(center: c, radius: radius))
            func firstLayer(_ y: [Double]) -> [Double] {
                let t = network.inputTransform?.apply(y) ?? y
                return (0..<network.layers[0].outputCount).map { u in
                    (0..<d).reduce(network.layers[0].bias[u]) { $0 + network.layers[0].weights[u, $1] * t[$1] }
                }
            }
            var points: [[Double]] = []
            for k in 0..<d {
                for sign in [-1.0, 1.0] { var y = c; y[k] += sign * radius; points.append(y) }
            }
            for _ in 0..<50 {
                let direction = (0..<d).map { _ in Double(g.next() >> 11) * 0x1p-53 * 2 - 1 }
                let length = direction.map(abs).reduce(0, +)
                points.append(zip(c, direction).map { $0 + $1 / length * radius * Double(g.next() >> 11) * 0x1p-53 })
            }
            var touched = 0
            for y in points {
                for (u, z) in firstLayer(y).enumerated() {
                    XCTAssertTrue(bounds[u].contains(z), "trial \(trial), unit \(u): \(z) outside \(bounds[u])")
                    if abs(z - bounds[u].upperBound) < 1e-6 * (1 + abs(z)) { touched += 1 }
                }
            }
            XCTAssertGreaterThan(touched, 0, "a vertex of the ball reaches the bound: it is tight")
        }
    }
}
