@testable import CellCert
import Foundation
import Probability
import XCTest

/// Issue 16: the symbolic bounds behind `verify` contain the exact network's values
/// (checked in dyadic arithmetic), decide properties that flip within 1e-9 of a
/// threshold, give answers that do not depend on the thread count, and answer
/// ACAS Xu instances as VNN-COMP 2021 expects.
final class SymbolicBoundsTests: XCTestCase {
    /// A point of `box` drawn uniformly.
    func sample(_ box: InputBox, _ g: inout SplitMix64) -> [Double] {
        box.lower.indices.map { i in box.lower[i] + Double(g.next() >> 11) * 0x1p-53 * (box.upper[i] - box.lower[i]) }
    }

    /// A random box of `dimension` coordinates with widths up to `width`.
    func box(dimension: Int, width: Double, _ g: inout SplitMix64) -> InputBox {
        let centre = (0..<dimension).map { _ in Double(g.next() >> 11) * 0x1p-53 * 2 - 1 }
        let half = (0..<dimension).map { _ in Double(g.next() >> 11) * 0x1p-53 * width / 2 }
        return InputBox(lower: centre.indices.map { centre[$0] - half[$0] }, upper: centre.indices.map { centre[$0] + half[$0] })
    }

    /// Every pre-activation bound, and every back-substituted row bound, holds at
    /// sampled points and the box's corners in exact arithmetic; on random ReLU
    /// networks (fixed seeds), over boxes wide enough that many units are unstable
    /// (counted, so the test is not vacuous).
    func testBoundsContainTheExactValuesAtSampledPoints() throws {
        var g = SplitMix64(seed: 1601)
        var unstable = 0, checked = 0, rowChecks = 0
        for trial in 0..<12 {
            let d = 2 + trial % 4
            let network = try Network.random(layerSizes: [d, 12, 10, 8, 4], decision: .argmax, using: &g)
            let region = box(dimension: d, width: trial % 3 == 0 ? 2 : 0.5, &g)
            let bounds = SymbolicBounds(network: network, box: region)
            unstable += bounds.unstableUnitCount
            let rows = (0..<4).map { _ in
                PropertyRow(coefficients: (0..<4).map { _ in Double(Int(g.next() % 5)) - 2 }, constant: 0.25, strict: false)
            }
            let rowBounds = rows.map { bounds.lowerBound(of: $0, network: network).bound }
            var points = (0..<40).map { _ in sample(region, &g) }
            points.append(region.lower)
            points.append(region.upper)
            for x in points {
                let exact = ExactEvaluation.forward(network, at: x)
                for (l, layer) in (exact.hidden + [exact.outputs]).enumerated() {
                    for (u, value) in layer.enumerated() {
                        XCTAssertLessThanOrEqual(Dyadic(bounds.lower[l][u]), value, "trial \(trial) layer \(l) unit \(u)")
                        XCTAssertGreaterThanOrEqual(Dyadic(bounds.upper[l][u]), value, "trial \(trial) layer \(l) unit \(u)")
                        checked += 1
                    }
                }
                for (row, bound) in zip(rows, rowBounds) {
                    var v = Dyadic(-row.constant)
                    for k in row.coefficients.indices { v = v + Dyadic(row.coefficients[k]) * exact.outputs[k] }
                    XCTAssertLessThanOrEqual(Dyadic(bound), v, "trial \(trial) row \(row)")
                    rowChecks += 1
                }
            }
        }
        XCTAssertGreaterThan(unstable, 50, "the boxes must leave units unstable, or the relaxations go untested")
        XCTAssertGreaterThan(checked, 10_000)
        XCTAssertGreaterThan(rowChecks, 1_000)
    }

    /// The bounds are not vacuous: on a box of width 1e-9 every unit is stable and
    /// the output bounds are within 1e-6 of the value at the centre.
    func testBoundsAreTightOnATinyBox() throws {
        var g = SplitMix64(seed: 1602)
        let network = try Network.random(layerSizes: [3, 16, 16, 3], decision: .argmax, using: &g)
        let centre = [0.2, -0.4, 0.7]
        let tiny = InputBox(lower: centre.map { $0 - 5e-10 }, upper: centre.map { $0 + 5e-10 })
        let bounds = SymbolicBounds(network: network, box: tiny)
        XCTAssertEqual(bounds.unstableUnitCount, 0)
        let o = network.outputs(centre)
        for k in o.indices {
            XCTAssertLessThanOrEqual(bounds.upper[2][k] - bounds.lower[2][k], 1e-6)
            XCTAssertLessThanOrEqual(bounds.lower[2][k], o[k])
            XCTAssertGreaterThanOrEqual(bounds.upper[2][k], o[k])
        }
    }

    /// With an input transform (powers of two, exact) and outputs checked exactly:
    /// the normalisation is applied to the box with outward rounding.
    func testBoundsHoldThroughAnInputTransform() throws {
        var g = SplitMix64(seed: 1603)
        let base = try Network.random(layerSizes: [3, 10, 10, 2], decision: .argmax, using: &g)
        let network = try Network(layers: base.layers, decision: .argmax,
                                  inputTransform: InputTransform(mean: [0.3, -1.1, 7], scale: [0.5, 4, 2]))
        let region = InputBox(lower: [-1, -3, 5], upper: [1.5, 1, 9])
        let bounds = SymbolicBounds(network: network, box: region)
        XCTAssertGreaterThan(bounds.unstableUnitCount, 0)
        for _ in 0..<200 {
            let x = sample(region, &g)
            let exact = ExactEvaluation.forward(network, at: x)
            for (k, value) in exact.outputs.enumerated() {
                XCTAssertLessThanOrEqual(Dyadic(bounds.lower[2][k]), value)
                XCTAssertGreaterThanOrEqual(Dyadic(bounds.upper[2][k]), value)
            }
        }
    }

    /// `Y_0 ≥ o_0(x) ± 1e-9` over a box of width 1e-12 around `x`: unsat just above
    /// the value, sat just below, on random networks. Bounds that were loose by more
    /// than 1e-9, or unsound, would get one of the two wrong.
    func testAnswersFlipWithin1e9OfTheThreshold() throws {
        var g = SplitMix64(seed: 1604)
        var decided = 0
        for trial in 0..<6 {
            let network = try Network.random(layerSizes: [3, 12, 12, 2], decision: .argmax, using: &g)
            let x = sample(InputBox(uniform: -1, 1, dimension: 3), &g)
            let value = network.outputs(x)[0]
            for (offset, expected) in [(1e-9, PropertyVerificationResult.Answer.unsat), (-1e-9, .sat)] {
                let text = (0..<3).map { "(declare-const X_\($0) Real)" }.joined(separator: "\n")
                    + "\n(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n"
                    + (0..<3).map { "(assert (>= X_\($0) \(x[$0] - 5e-13)))\n(assert (<= X_\($0) \(x[$0] + 5e-13)))" }
                        .joined(separator: "\n")
                    + "\n(assert (>= Y_0 \(value + offset)))"
                let result = try network.verify(VNNLib.parse(text), timeLimitSeconds: 60)
                XCTAssertEqual(result.answer, expected, "trial \(trial), offset \(offset): \(result.note ?? "")")
                if let counterexample = result.counterexample {
                    XCTAssertGreaterThanOrEqual(network.outputs(counterexample.input)[0], value + offset)
                }
                decided += 1
            }
        }
        XCTAssertEqual(decided, 12)
    }

    /// The answer, the counterexample and the boxes examined are the same on one
    /// thread and on four: the search reads each batch's verdicts in order.
    func testAnswersDoNotDependOnTheThreadCount() throws {
        var g = SplitMix64(seed: 1605)
        var searched = 0
        for trial in 0..<12 {
            let network = try Network.random(layerSizes: [4, 24, 24, 24, 3], decision: .argmax, using: &g)
            let x = sample(InputBox(uniform: -1, 1, dimension: 4), &g)
            let c = network.classify(x)
            let radius = [0.01, 0.03, 0.1][trial % 3]
            let property = try VNNLib.parse(VerifyTests.robustnessProperty(center: x, radius: radius, predicted: c, classes: 3))
            let one = try network.verify(property, timeLimitSeconds: 120, threads: 1)
            let four = try network.verify(property, timeLimitSeconds: 120, threads: 4)
            XCTAssertEqual(one.answer, four.answer, "trial \(trial)")
            XCTAssertEqual(one.counterexample, four.counterexample, "trial \(trial)")
            XCTAssertEqual(one.boxes, four.boxes, "trial \(trial)")
            if one.boxes > 1 { searched += 1 }
        }
        XCTAssertGreaterThan(searched, 0, "some query must need a split, or the work queue goes untested")
    }

    /// ACAS Xu instances that are quick here, answered as VNN-COMP 2021 expects
    /// (expected_results.csv); every sat comes with a checked counterexample.
    func testACASXuExpectedAnswers() throws {
        let folder = try sharedNetsDirectory().appendingPathComponent("acasxu")
        let instances: [(String, String, PropertyVerificationResult.Answer)] = [
            ("1_1", "prop_1", .unsat),
            ("1_2", "prop_2", .sat),
            ("1_7", "prop_3", .sat),
            ("2_1", "prop_1", .unsat),
        ]
        for (net, prop, expected) in instances {
            let network = try ModelLoader.load(path: folder.appendingPathComponent("ACASXU_run2a_\(net)_batch_2000.onnx").path)
            let property = try VNNLib.read(contentsOf: folder.appendingPathComponent("\(prop).vnnlib"))
            let result = try network.verify(property, timeLimitSeconds: 300)
            XCTAssertEqual(result.answer, expected, "\(net) \(prop): \(result.note ?? "")")
            if let counterexample = result.counterexample {
                XCTAssertTrue(property.isCounterexample(input: counterexample.input, output: network.outputs(counterexample.input)))
            }
        }
    }
}
