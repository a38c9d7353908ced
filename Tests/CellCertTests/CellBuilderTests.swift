import CellCert
import XCTest

/// The cell builder and radii on networks small enough to check by hand.
final class CellBuilderTests: XCTestCase {
    /// `o = ReLU(x1) + ReLU(x2) − 1`, threshold head.
    func handNetwork(decision: DecisionHead = .threshold) throws -> Network {
        try Network(layers: [
            DenseLayer(weights: Matrix(rowArrays: [[1, 0], [0, 1]]), bias: [0, 0]),
            DenseLayer(weights: Matrix(rowArrays: [[1, 1]]), bias: [-1]),
        ], decision: decision)
    }

    func testHandComputedHyperplanesAndRadii() throws {
        let net = try handNetwork()
        let x = [2.0, 3.0]
        XCTAssertEqual(net.classify(x), 1)
        let cell = try net.cell(at: x)
        XCTAssertEqual(cell.units, [.hidden(layer: 0, unit: 0), .hidden(layer: 0, unit: 1), .output])
        XCTAssertEqual(cell.orientations, [1, 1, 1])
        XCTAssertEqual(cell.normals.rowArrays, [[1, 0], [0, 1], [1, 1]])
        XCTAssertEqual(cell.offsets, [0, 0, -1])
        XCTAssertEqual(cell.hyperplaneCount, 3)
        let l2 = cell.radius(at: x, norm: .l2)
        XCTAssertEqual(l2.radius, 2, accuracy: 1e-14)
        XCTAssertLessThanOrEqual(l2.radius, 2)
        XCTAssertEqual(l2.binding, .hidden(layer: 0, unit: 0))
        XCTAssertEqual(l2.nearestBoundaryPoint!, [0, 3])
        let linf = cell.radius(at: x, norm: .linf)
        XCTAssertEqual(linf.radius, 2, accuracy: 1e-13)  // hidden 0 (2/1) ties the output (4/2)
        XCTAssertLessThanOrEqual(linf.radius, 2)
        let l1 = cell.radius(at: x, norm: .l1)
        XCTAssertEqual(l1.radius, 2, accuracy: 1e-14)
        let distances = cell.certifiedDistances(from: x, norm: .l2)
        XCTAssertEqual(distances[2], 4 / 2.0.squareRoot(), accuracy: 1e-13)
        XCTAssertLessThanOrEqual(distances[2], 4 / 2.0.squareRoot())
        XCTAssertEqual(cell.certifiedDistances(from: x, norm: .l1)[2], 4, accuracy: 1e-13)
    }

    /// Steepest ascent of `a·y` per norm, and the nearest hyperplane point built from it.
    func testSteepestAscentAndNearestPointsPerNorm() {
        let a = [3.0, -4.0, 0.0]
        XCTAssertEqual(Norm.l2.steepestAscent(of: a), [3, -4, 0])
        XCTAssertEqual(Norm.linf.steepestAscent(of: a), [1, -1, 0])
        XCTAssertEqual(Norm.l1.steepestAscent(of: a), [0, -1, 0])
        XCTAssertEqual(Norm.l1.steepestAscent(of: []), [])
        // φ(y) = 3 y0 − 4 y1 + 1 at x = 0: φ = 1; ‖a‖_2 = 5, ‖a‖_1 = 7, ‖a‖_∞ = 4.
        let network = try! Network(layers: [DenseLayer(weights: Matrix(rowArrays: [a, [-3, 4, 0]]), bias: [1, -1])],
                                   decision: .argmax)
        let cell = try! network.cell(at: [0, 0, 0])
        let u = cell.units.firstIndex(of: .comparison(rival: 1))!
        // The comparison row is o_0 − o_1 = 6 y0 − 8 y1 + 2: φ = 2, ‖·‖_2 = 10, ‖·‖_1 = 14, ‖·‖_∞ = 8.
        let expected: [Norm: [Double]] = [.l2: [-0.12, 0.16, 0], .linf: [-1.0 / 7, 1.0 / 7, 0], .l1: [0, 0.25, 0]]
        for norm in Norm.allCases {
            let y = cell.nearestPoint(onRow: u, to: [0, 0, 0], norm: norm)
            for k in 0..<3 { XCTAssertEqual(y[k], expected[norm]![k], accuracy: 1e-15, "\(norm) coordinate \(k)") }
            XCTAssertEqual(cell.value(row: u, at: y), 0, accuracy: 1e-14, "\(norm): on the hyperplane")
            XCTAssertEqual(norm.length(y), 2 / norm.dual.length(cell.normals.row(u)), accuracy: 1e-15, "\(norm): at distance φ/‖a‖_q")
        }
    }

    func testOutputFaceBindsNearTheDecisionBoundary() throws {
        let net = try handNetwork()
        let x = [0.4, 0.45]
        XCTAssertEqual(net.classify(x), 0)
        let cell = try net.cell(at: x)
        XCTAssertEqual(cell.orientations, [1, 1, -1])
        let l2 = cell.radius(at: x, norm: .l2)
        XCTAssertEqual(l2.radius, 0.15 / 2.0.squareRoot(), accuracy: 1e-13)
        XCTAssertEqual(l2.binding, .output)
    }

    func testInputOnAHyperplaneHasRadiusZero() throws {
        let net = try handNetwork()
        let x = [0.0, 2.0]
        let cell = try net.cell(at: x)
        XCTAssertEqual(cell.pattern.hidden, [[false, true]])
        for norm in Norm.allCases {
            XCTAssertEqual(cell.radius(at: x, norm: norm).radius, 0, "\(norm)")
        }
    }

    func testDegenerateRowsCarryNoFace() throws {
        // Both hidden units inactive at x: the output is the constant bias, a degenerate row.
        let net = try handNetwork()
        let x = [-1.0, -2.0]
        let cell = try net.cell(at: x)
        XCTAssertEqual(cell.degenerateRows, [2])
        XCTAssertEqual(cell.hyperplaneCount, 2)
        XCTAssertEqual(cell.certifiedDistances(from: x, norm: .l2)[2], .infinity)
        XCTAssertEqual(cell.radius(at: x, norm: .l2).radius, 1, accuracy: 1e-14)
    }

    func testArgmaxAndArgminComparisonFaces() throws {
        let layers = [
            DenseLayer(weights: Matrix(rowArrays: [[1, 0], [0, 1]]), bias: [0, 0]),
            DenseLayer(weights: Matrix(rowArrays: [[1, 0], [0, 1], [0.5, 0.5]]), bias: [0, 0, 0]),
        ]
        let x = [3.0, 1.0]
        let argmax = try Network(layers: layers, decision: .argmax)
        XCTAssertEqual(argmax.classify(x), 0)
        let maxCell = try argmax.cell(at: x)
        XCTAssertEqual(maxCell.units.suffix(2), [.comparison(rival: 1), .comparison(rival: 2)])
        XCTAssertEqual(maxCell.normals.row(2), [1, -1])
        XCTAssertEqual(maxCell.normals.row(3), [0.5, -0.5])
        let argmin = try Network(layers: layers, decision: .argmin)
        XCTAssertEqual(argmin.classify(x), 1)
        let minCell = try argmin.cell(at: x)
        XCTAssertEqual(minCell.units.suffix(2), [.comparison(rival: 0), .comparison(rival: 2)])
        XCTAssertEqual(minCell.normals.row(2), [1, -1])  // o_0 − o_1 ≥ 0
        XCTAssertEqual(argmax.faceBound, 4)
    }

    func testTiesGoToTheLowestIndex() throws {
        XCTAssertEqual(DecisionHead.argmax.decide([1, 3, 3]), 1)
        XCTAssertEqual(DecisionHead.argmin.decide([2, 0, 0]), 1)
        XCTAssertEqual(DecisionHead.threshold.decide([0]), 0)
        XCTAssertEqual(DecisionHead.threshold.decide([Double.leastNonzeroMagnitude]), 1)
    }

    func testInputAndOutputTransformsAreFoldedIntoTheCell() throws {
        let net = try Network(
            layers: [
                DenseLayer(weights: Matrix(rowArrays: [[2, 0], [0, 1]]), bias: [0, -1]),
                DenseLayer(weights: Matrix(rowArrays: [[1, 1]]), bias: [-1]),
            ],
            decision: .threshold,
            inputTransform: InputTransform(mean: [1, 0], scale: [4, 2]),
            outputTransform: OutputTransform(mean: 0.5, scale: -2))
        let x = [5.0, 6.0]
        // x' = (1, 3); z1 = (2, 2); raw = 3; o = −5.5 → class 0.
        XCTAssertEqual(net.outputs(x), [-5.5])
        let cell = try net.cell(at: x)
        XCTAssertEqual(cell.normals.row(0), [0.5, 0])
        XCTAssertEqual(cell.offsets[0], -0.5)
        XCTAssertEqual(cell.normals.row(2), [-1, -1])
        XCTAssertEqual(cell.offsets[1], -1)
        XCTAssertEqual(cell.offsets[2], 5.5)
        XCTAssertEqual(cell.orientations, [1, 1, -1])
    }

    func testBadInputsAreErrors() throws {
        let net = try handNetwork()
        XCTAssertThrowsError(try net.cell(at: [1])) { XCTAssertTrue("\($0)".contains("2")) }
        XCTAssertThrowsError(try net.cell(at: [1, .nan]))
        XCTAssertThrowsError(try net.cell(for: ActivationPattern(hidden: [[true]], predictedClass: 0)))
        XCTAssertThrowsError(try net.cell(for: ActivationPattern(hidden: [[true, true]], predictedClass: 2)))
    }

    func testInvalidNetworksAreRejected() {
        XCTAssertThrowsError(try Network(layers: [], decision: .argmax))
        let good = DenseLayer(weights: Matrix(rowArrays: [[1, 2]]), bias: [0])
        XCTAssertThrowsError(try Network(layers: [good], decision: .argmax))  // one output
        XCTAssertThrowsError(try Network(layers: [DenseLayer(weights: Matrix(rowArrays: [[.nan, 2]]), bias: [0])], decision: .threshold))
        XCTAssertThrowsError(try Network(layers: [good, good], decision: .threshold))  // shapes do not chain
        XCTAssertThrowsError(try Network(layers: [good], decision: .threshold, inputTransform: InputTransform(mean: [0, 0], scale: [1, 0])))
    }
}
