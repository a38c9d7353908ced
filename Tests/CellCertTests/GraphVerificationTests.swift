@testable import CellCert
import Foundation
import TestSupport
import XCTest

/// `verify` on graph networks: interval bounds are sound, answers agree with
/// brute force, counterexamples satisfy the property.
final class GraphVerificationTests: XCTestCase {
    /// Outputs of points sampled in a box lie inside the box's interval bounds.
    func testIntervalBoundsContainSampledOutputs() throws {
        var g = SplitMix64(seed: 51)
        for seed in 1...3 as ClosedRange<UInt64> {
            let net = try GraphNetworkTests.smallCNN(seed: seed)
            for width in [1e-6, 0.05, 0.5] {
                let centre = g.normalVector(36)
                let lower = centre.map { $0 - width }, upper = centre.map { $0 + width }
                let bounds = net.intervalOutputs(lower: Matrix(rows: 36, columns: 1, storage: lower),
                                                 upper: Matrix(rows: 36, columns: 1, storage: upper))
                for _ in 0..<200 {
                    var y = lower
                    for k in 0..<36 {
                        let t = Double(g.next() % 1_000_001) / 1_000_000
                        y[k] = lower[k] + t * (upper[k] - lower[k])
                    }
                    for (k, o) in net.outputs(y).enumerated() {
                        XCTAssertGreaterThanOrEqual(o, bounds.lower.storage[k], "width \(width)")
                        XCTAssertLessThanOrEqual(o, bounds.upper.storage[k], "width \(width)")
                    }
                }
            }
        }
    }

    /// The property "some class beats class c" over boxes that free two pixels of
    /// a digits image (all others fixed): verify's answer agrees with a 41×41 grid
    /// of the two pixels, a sat counterexample lies in the box and satisfies the
    /// property, and both answers occur.
    func testVerifyAgreesWithGridSearchOnTwoFreePixels() throws {
        guard case .graph(let net) = try ModelLoader.loadAny(path: "Fixtures/trained/digits_cnn_residual.onnx") else {
            return XCTFail("the residual CNN loads as a dense network")
        }
        let golden = try JSONDecoder().decode(GraphNetworkTests.DigitsGolden.self,
                                              from: Data(contentsOf: URL(fileURLWithPath: "Fixtures/trained/digits_cnn_golden.json")))
        var answers: [PropertyVerificationResult.Answer] = []
        for (i, pixels) in [(27, 36), (19, 44), (28, 35), (20, 43)].enumerated() {
            let image = Array(golden.images[i].dropFirst())
            let c = net.classify(image)
            var text = (0..<64).map { "(declare-const X_\($0) Real)" }.joined(separator: "\n")
            text += "\n" + (0..<10).map { "(declare-const Y_\($0) Real)" }.joined(separator: "\n")
            for k in 0..<64 {
                let (lo, hi) = [pixels.0, pixels.1].contains(k) ? (0.0, 16.0) : (image[k], image[k])
                text += "\n(assert (>= X_\(k) \(lo)))\n(assert (<= X_\(k) \(hi)))"
            }
            text += "\n(assert (or " + (0..<10).filter { $0 != c }.map { "(and (>= Y_\($0) Y_\(c)))" }.joined(separator: " ") + "))"
            let property = try VNNLib.parse(text)
            let result = try net.verify(property, timeLimitSeconds: 60)
            var gridCounterexample = false
            for a in 0...40 {
                for b in 0...40 {
                    var x = image
                    x[pixels.0] = Double(a) * 0.4
                    x[pixels.1] = Double(b) * 0.4
                    if net.classify(x) != c { gridCounterexample = true }
                }
            }
            switch result.answer {
            case .sat:
                let cex = try XCTUnwrap(result.counterexample)
                XCTAssertTrue(property.isCounterexample(input: cex.input, output: net.outputs(cex.input)))
            case .unsat:
                XCTAssertFalse(gridCounterexample, "unsat, but the grid finds a point of another class (pixels \(pixels))")
            default:
                XCTFail("pixels \(pixels): \(result.answer) \(result.note ?? "")")
            }
            answers.append(result.answer)
        }
        XCTAssertTrue(answers.contains(.unsat), "\(answers)")
        XCTAssertTrue(answers.contains(.sat), "\(answers)")
    }
}
