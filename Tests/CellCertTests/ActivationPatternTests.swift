@testable import CellCert
import Foundation
import Probability
import XCTest

/// Issue 16: deciding a box with few unstable ReLUs activation pattern by pattern
/// (`SymbolicBounds.examineActivationPatterns`). The bounds with fixed units and
/// Lagrangian terms hold in exact arithmetic on the pattern's polyhedron, an
/// excluded conjunction has no sampled point on its unsafe side, a candidate is
/// one, and answers flip within 1e-9 of a threshold met at a kink of four units.
final class ActivationPatternTests: XCTestCase {
    func sample(_ box: InputBox, _ g: inout SplitMix64) -> [Double] {
        box.lower.indices.map { i in box.lower[i] + Double(g.next() >> 11) * 0x1p-53 * (box.upper[i] - box.lower[i]) }
    }

    func box(dimension: Int, width: Double, _ g: inout SplitMix64) -> InputBox {
        let centre = (0..<dimension).map { _ in Double(g.next() >> 11) * 0x1p-53 * 2 - 1 }
        return InputBox(lower: centre.map { $0 - width / 2 }, upper: centre.map { $0 + width / 2 })
    }

    /// `v(x) + Σ w_t z_t(x)` in exact arithmetic.
    func exactValue(_ row: PropertyRow, terms: [SymbolicBounds.UnitTerm],
                    _ exact: (hidden: [[Dyadic]], outputs: [Dyadic])) -> Dyadic {
        var v = Dyadic(-row.constant)
        for k in row.coefficients.indices { v = v + Dyadic(row.coefficients[k]) * exact.outputs[k] }
        for term in terms { v = v + Dyadic(term.weight) * exact.hidden[term.layer][term.unit] }
        return v
    }

    /// With some unstable units fixed to a side and random Lagrangian terms added,
    /// every bound holds at the sampled points that take the fixed sides (exact
    /// dyadic evaluation); counted, so the test is not vacuous.
    func testFixedUnitsAndLagrangianTermsKeepBoundsSound() throws {
        var g = SplitMix64(seed: 1651)
        var checked = 0, fixedTotal = 0
        for trial in 0..<16 {
            let d = 2 + trial % 3
            let network = try Network.random(layerSizes: [d, 10, 10, 8, 3], decision: .argmax, using: &g)
            let region = box(dimension: d, width: trial % 2 == 0 ? 0.6 : 0.2, &g)
            let bounds = SymbolicBounds(network: network, box: region)
            guard let units = bounds.unstableReLUUnits(network: network), !units.isEmpty else { continue }
            let chosen = units.filter { _ in g.next() % 2 == 0 }.prefix(4)
            let fixed = chosen.map { SymbolicBounds.FixedUnit(layer: $0.layer, unit: $0.unit, active: g.next() % 2 == 0) }
            fixedTotal += fixed.count
            let patterned = bounds.fixing(Array(fixed))
            let terms = fixed.map { unit in
                SymbolicBounds.UnitTerm(layer: unit.layer, unit: unit.unit,
                                        weight: (Double(g.next() >> 11) * 0x1p-53 - 0.5) * 4)
            }
            let rows = (0..<3).map { _ in
                PropertyRow(coefficients: (0..<3).map { _ in Double(Int(g.next() % 5)) - 2 }, constant: 0.125, strict: false)
            }
            let rowBounds = rows.map { patterned.lowerBound(of: $0, network: network, adding: terms).bound }
            for _ in 0..<600 {
                let x = sample(region, &g)
                let exact = ExactEvaluation.forward(network, at: x)
                let onPattern = fixed.allSatisfy { unit in
                    let z = exact.hidden[unit.layer][unit.unit]
                    return unit.active ? z >= Dyadic(0) : z <= Dyadic(0)
                }
                guard onPattern else { continue }
                for (row, bound) in zip(rows, rowBounds) {
                    XCTAssertLessThanOrEqual(Dyadic(bound), exactValue(row, terms: terms, exact), "trial \(trial)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(fixedTotal, 10, "units must be fixed, or the patterns go untested")
        XCTAssertGreaterThan(checked, 1_000)
    }

    /// On small boxes with at most four unstable units: an excluded conjunction has
    /// no sampled point with every row `≤ 0` (exact arithmetic); a candidate has
    /// every row `≤ 1e-9` there (the LP's point, in floating point). Both verdicts
    /// occur (counted), so neither check is vacuous.
    func testPatternVerdictsAgreeWithSampling() throws {
        var g = SplitMix64(seed: 1652)
        var excluded = 0, candidates = 0
        for trial in 0..<200 {
            let d = 2 + trial % 2
            let network = try Network.random(layerSizes: [d, 8, 8, 3], decision: .argmax, using: &g)
            let region = box(dimension: d, width: 0.15, &g)
            let bounds = SymbolicBounds(network: network, box: region)
            guard let units = bounds.unstableReLUUnits(network: network), (1...4).contains(units.count) else { continue }
            let o = network.outputs(region.center)
            // Rows o_k − o_0 ≤ 0 shifted so the conjunction is near its threshold at the centre.
            let shift = (1..<3).map { o[$0] - o[0] }.max()! + (Double(g.next() >> 11) * 0x1p-53 - 0.5) * 0.2
            let rows = (1..<3).map { k in
                PropertyRow(coefficients: (0..<3).map { $0 == k ? 1 : ($0 == 0 ? -1 : 0) }, constant: shift, strict: false)
            }
            switch bounds.examineActivationPatterns(rows, network: network, maximumUnits: 4, maximumNodes: 32) {
            case .excluded:
                excluded += 1
                for _ in 0..<400 {
                    let exact = ExactEvaluation.forward(network, at: sample(region, &g))
                    let unsafe = rows.allSatisfy { exactValue($0, terms: [], exact) <= Dyadic(0) }
                    XCTAssertFalse(unsafe, "trial \(trial): excluded, yet a sampled point is unsafe")
                }
            case .candidate(let point):
                candidates += 1
                XCTAssertTrue(region.contains(region.clamped(point)))
                let values = rows.map { $0.value(network.outputs(region.clamped(point))) }
                XCTAssertLessThanOrEqual(values.max()!, 1e-9, "trial \(trial)")
            case .open:
                break
            }
        }
        XCTAssertGreaterThan(excluded, 5)
        XCTAssertGreaterThan(candidates, 5)
    }

    /// `y = c − |x_0 − 0.3| − |x_1 + 0.2|` (four ReLUs, all unstable on [−1, 1]²)
    /// peaks at a kink of all four. `Y_0 ≥ c + 1e-9` is unsat and `Y_0 ≥ c − 1e-9`
    /// sat; the unsat answer comes from the first box (the patterns decide it
    /// exactly), where bisection alone would need about 30 levels.
    func testAnswersFlipWithin1e9OfAThresholdMetAtAKink() throws {
        let c = 0.7
        let hidden = DenseLayer(weights: Matrix(rowArrays: [[1, 0], [-1, 0], [0, 1], [0, -1]]), bias: [-0.3, 0.3, 0.2, -0.2])
        let output = DenseLayer(weights: Matrix(rowArrays: [[-1, -1, -1, -1]]), bias: [c])
        let network = try Network(layers: [hidden, output], decision: .threshold)
        for (offset, expected) in [(1e-9, PropertyVerificationResult.Answer.unsat), (-1e-9, .sat)] {
            let text = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n"
                + "(assert (>= X_0 -1))\n(assert (<= X_0 1))\n(assert (>= X_1 -1))\n(assert (<= X_1 1))\n"
                + "(assert (>= Y_0 \(c + offset)))"
            let result = try network.verify(VNNLib.parse(text), timeLimitSeconds: 60)
            XCTAssertEqual(result.answer, expected, "offset \(offset): \(result.note ?? "")")
            if expected == .unsat { XCTAssertEqual(result.boxes, 1, "the activation patterns decide the first box") }
            if let counterexample = result.counterexample {
                XCTAssertGreaterThanOrEqual(network.outputs(counterexample.input)[0], c + offset)
            }
        }
    }
}
