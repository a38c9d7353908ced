@testable import CellCert
import XCTest

/// Issue 13 §8: `verify` accepts a counterexample only with the rounding margin the
/// decision boundary's witnesses use, so every binary64 evaluator agrees with it.
final class RobustCounterexampleTests: XCTestCase {
    /// y = x (one input, one output, identity layer): the property "Y_0 ≥ c" on X_0 ∈ [0, 2].
    func identity() throws -> Network {
        try Network(layers: [DenseLayer(weights: Matrix(rowArrays: [[1]]), bias: [0])], decision: .threshold)
    }

    func property(_ relation: VNNLibProperty.Relation, _ constant: Double) -> VNNLibProperty {
        let inequality = VNNLibProperty.OutputInequality(coefficients: [1], relation: relation, constant: constant)
        let region = VNNLibProperty.Region(inputBox: InputBox(lower: [0], upper: [2]),
                                           outputConstraint: .init(disjuncts: [[inequality]]))
        return VNNLibProperty(inputCount: 1, outputCount: 1, regions: [region])
    }

    func testAPointThatMeetsTheBoundOnlyByRoundingIsNotACounterexample() throws {
        let net = try identity()
        // Y_0 = 1 meets Y_0 ≥ 1 with equality: a plain check accepts it, the robust one must not.
        XCTAssertTrue(property(.greaterOrEqual, 1).isCounterexample(input: [1], output: net.outputs([1])))
        XCTAssertNil(net.robustCounterexampleOutputs([1], of: property(.greaterOrEqual, 1)))
        XCTAssertNil(net.robustCounterexampleOutputs([(1.0).nextUp], of: property(.greaterOrEqual, 1)))
        // Well past the bound it is one, with the network's outputs.
        XCTAssertEqual(net.robustCounterexampleOutputs([1.5], of: property(.greaterOrEqual, 1)), [1.5])
        XCTAssertEqual(net.robustCounterexampleOutputs([0.5], of: property(.less, 1)), [0.5])
        // Outside the box, or an equality on the outputs: never.
        XCTAssertNil(net.robustCounterexampleOutputs([2.5], of: property(.greaterOrEqual, 1)))
        XCTAssertNil(net.robustCounterexampleOutputs([1], of: property(.equal, 1)))
    }
}
