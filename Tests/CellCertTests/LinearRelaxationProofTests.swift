@testable import CellCert
import Foundation
import Probability
import XCTest

/// Issue 16: `LinearRelaxationProof` (LP branch and bound with safe dual bounds
/// over the exact encoding) never excludes a conjunction that an input of the
/// box satisfies, with the encoding started from the symbolic bounds (as the
/// bound search does) or from intervals alone (as the MILP stage does), on
/// networks with input and output transforms; and it does exclude conjunctions
/// beyond the outputs' range, and most just beyond the sampled maximum.
final class LinearRelaxationProofTests: XCTestCase {
    func network(_ trial: Int, _ g: inout SplitMix64) throws -> Network {
        let d = 2 + trial % 3
        let plain = try Network.random(layerSizes: [d, 10, 10, 8, 3], decision: .argmax, using: &g)
        guard trial % 2 == 1 else { return plain }
        // ACAS Xu-like transforms: scales and means that are not powers of two.
        return try Network(layers: plain.layers, decision: .argmax,
                           inputTransform: InputTransform(mean: (0..<d).map { 0.1 * Double($0) + 0.3 },
                                                          scale: (0..<d).map { 0.7 + 0.45 * Double($0) }),
                           outputTransform: OutputTransform(mean: 7.51, scale: 373.94992))
    }

    func testSatisfiableConjunctionsAreNeverExcluded() throws {
        var g = SplitMix64(seed: 1605)
        var beyondProven = 0, nearProven = 0, trials = 0
        for trial in 0..<24 {
            let network = try network(trial, &g)
            let d = network.inputDimension
            let centre = (0..<d).map { _ in Double(g.next() >> 11) * 0x1p-53 * 2 - 1 }
            let width = trial % 4 < 2 ? 0.5 : 0.1
            let box = InputBox(lower: centre.map { $0 - width / 2 }, upper: centre.map { $0 + width / 2 })
            let symbolic = SymbolicBounds(network: network, box: box)
            let known = (0..<network.hiddenActivations.count).map { l in
                zip(symbolic.lower[l], symbolic.upper[l]).map { $0...max($0, $1) }
            }
            let a = (0..<3).map { _ in Double(Int(g.next() % 5)) - 2 }
            guard a.contains(where: { $0 != 0 }) else { continue }
            var best = -Double.infinity
            for _ in 0..<2000 {
                let x = box.lower.indices.map { i in box.lower[i] + Double(g.next() >> 11) * 0x1p-53 * (box.upper[i] - box.lower[i]) }
                let y = network.outputs(x)
                best = max(best, zip(a, y).map(*).reduce(0, +))
            }
            func proof(atLeast t: Double, startingFromSymbolicBounds: Bool) throws -> LinearRelaxationProof.Outcome {
                let encoding = try NetworkEncoding(network: network, box: box, tightenWithLinearPrograms: true,
                                                   knownBounds: startingFromSymbolicBounds ? known : nil,
                                                   deadline: Deadline(seconds: 30))
                var proof = LinearRelaxationProof(deadline: Deadline(seconds: 30))
                // `a·o ≥ t`, or the same row as `−a·o ≤ −t`: both sides of the violation variable.
                let row = trial % 3 == 2
                    ? VNNLibProperty.OutputInequality(coefficients: a.map { -$0 }, relation: .lessOrEqual, constant: -t)
                    : VNNLibProperty.OutputInequality(coefficients: a, relation: .greaterOrEqual, constant: t)
                // Half the proofs branch on pseudo-costs (with strong branching), half deepest layer first.
                return try proof.excludes([row], in: encoding, maximumNodes: 400,
                                          branching: startingFromSymbolicBounds ? .deepestLayerFirst : .pseudoCosts)
            }
            trials += 1
            for fromSymbolic in [true, false] {
                // A sampled point reaches `best` (its float value is within 1e-13 of the exact one).
                let reached = best - 1e-9 * (1 + abs(best))
                XCTAssertNotEqual(try proof(atLeast: reached, startingFromSymbolicBounds: fromSymbolic), .proven,
                                  "trial \(trial): excluded a conjunction a sampled input satisfies")
                let range = symbolic.upper.last!.map(abs).reduce(0, +) * 1000 + 1e6
                if try proof(atLeast: range, startingFromSymbolicBounds: fromSymbolic) == .proven { beyondProven += 1 }
                if try proof(atLeast: best + 0.05 * (1 + abs(best)), startingFromSymbolicBounds: fromSymbolic) == .proven {
                    nearProven += 1
                }
            }
        }
        XCTAssertGreaterThan(trials, 16)
        XCTAssertEqual(beyondProven, 2 * trials, "a threshold beyond every output is excluded")
        XCTAssertGreaterThan(nearProven, trials, "most thresholds 5% beyond the sampled maximum are excluded")
    }
}
