@testable import CellCert
import Probability
import XCTest

/// Issue 16, target 2: in ℓ∞, proofs (``Network/verify(_:timeLimitSeconds:threads:)``
/// on the box `B_∞(x, ρ)`) finish decision-boundary searches that a limit
/// stopped. Random networks of every head, fixed seeds.
final class BoundaryProofTests: XCTestCase {
    /// A search stopped after one cell leaves `lower < R ≤ upper`; the proofs
    /// never prove a lower bound above the `R` of the full search (which is exact),
    /// never lose the witness, and most of the time close the gap to the
    /// exactness slack, agreeing with the full search's `R`.
    func testProofsFinishStoppedSearchesSoundly() throws {
        var g = SplitMix64(seed: 61)
        var (stopped, finished) = (0, 0)
        for network in try MinimalDistortionMILPTests.smallNetworks(seed: 60) {
            for _ in 0..<3 {
                let x = MinimalDistortionMILPTests.randomInput(dimension: network.inputDimension, using: &g)
                let full = try network.decisionBoundarySearch(at: x, options: DecisionBoundaryOptions(norm: .linf, timeLimitSeconds: 3),
                                                             witness: nil)
                let limited = try network.decisionBoundarySearch(
                    at: x, options: DecisionBoundaryOptions(norm: .linf, maxCells: 1),
                    witness: network.boundaryAttack(at: x, norm: .linf, domain: nil))
                guard full.status == .exact, let r = full.distance, r.isFinite, limited.status == .bounded,
                      limited.witness != nil else { continue }
                stopped += 1
                let narrowed = try network.narrowedByProofs(limited, at: x, domain: nil, deadline: Deadline(seconds: 30)) {
                    try network.verify($0, timeLimitSeconds: $1, threads: 1)
                }
                XCTAssertLessThanOrEqual(narrowed.lower, r * (1 + 1e-9), "a proven lower bound above R")
                XCTAssertGreaterThanOrEqual(narrowed.lower, limited.lower)
                let witness = try XCTUnwrap(narrowed.witness)
                XCTAssertNotEqual(network.classify(witness.point), network.classify(x))
                XCTAssertEqual(narrowed.upper, witness.distance)
                XCTAssertGreaterThanOrEqual(witness.distance, r * (1 - 1e-9))
                guard narrowed.status == .exact else { continue }
                finished += 1
                let slack = AdversarialWitness.slack(norm: .linf, dimension: x.count, pointMagnitude: Norm.linf.length(x) + r)
                XCTAssertEqual(try XCTUnwrap(narrowed.distance), r, accuracy: slack)
            }
        }
        // 0 finished means the proofs did nothing; some searches must have been stopped.
        XCTAssertGreaterThanOrEqual(stopped, 5)
        XCTAssertEqual(finished, stopped, "11 of 11 when written")
    }

    /// The command path: an ℓ∞ query with a time limit whose search is stopped by `maxCells` comes back exact.
    func testDecisionBoundaryUsesTheProofsInLinf() throws {
        var g = SplitMix64(seed: 62)
        let network = try MinimalDistortionMILPTests.smallNetworks(seed: 63)[3]
        let x = MinimalDistortionMILPTests.randomInput(dimension: network.inputDimension, using: &g)
        let result = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: .linf, timeLimitSeconds: 30,
                                                                                         maxCells: 1))
        XCTAssertEqual(result.status, .exact, result.note ?? "")
        XCTAssertEqual(result.cellsExplored, 1)
    }
}
