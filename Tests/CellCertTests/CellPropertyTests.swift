import CellCert
import Probability
import XCTest

/// Property tests on random networks with fixed seeds (issue 2's acceptance (a)–(d)).
final class CellPropertyTests: XCTestCase {
    /// Architectures covering every head, several depths, transforms.
    func randomNetworks(seed: UInt64) throws -> [Network] {
        var g = SplitMix64(seed: seed)
        var nets: [Network] = []
        nets.append(try Network.random(layerSizes: [2, 8, 8, 1], decision: .threshold, using: &g))
        nets.append(try Network.random(layerSizes: [3, 10, 10, 10, 4], decision: .argmax, using: &g))
        nets.append(try Network.random(layerSizes: [5, 16, 3], decision: .argmin, using: &g))
        nets.append(try Network.random(layerSizes: [6, 12, 1], decision: .threshold, using: &g))
        let base = try Network.random(layerSizes: [4, 9, 7, 3], decision: .argmax, using: &g)
        nets.append(try Network(layers: base.layers, decision: .argmax,
                                inputTransform: InputTransform(mean: [0.3, -1, 2, 0], scale: [0.5, 2, 3, 1.5]),
                                outputTransform: OutputTransform(mean: 0.2, scale: -1.7)))
        return nets
    }

    func randomInput(dimension: Int, using g: inout SplitMix64) -> [Double] {
        (0..<dimension).map { _ in standardNormal(using: &g) }
    }

    /// (a) Points inside the certified ball keep the pattern and the class, in all three norms.
    func testPointsInsideTheCertifiedBallKeepPatternAndClass() throws {
        var g = SplitMix64(seed: 11)
        var checked = 0
        for net in try randomNetworks(seed: 1) {
            for _ in 0..<20 {
                let x = randomInput(dimension: net.inputDimension, using: &g)
                let cell = try net.cell(at: x)
                for norm in Norm.allCases {
                    let r = cell.radius(at: x, norm: norm).radius
                    XCTAssertTrue(r > 0 && r.isFinite || cell.hyperplaneCount == 0, "radius \(r)")
                    guard r.isFinite, r > 0 else { continue }
                    for _ in 0..<25 {
                        let y = pointInBall(center: x, radius: 0.999 * r, norm: norm, using: &g)
                        XCTAssertLessThan(norm.distance(x, y), r)
                        XCTAssertEqual(net.activationPattern(at: y), cell.pattern, "\(norm) r=\(r)")
                        XCTAssertEqual(net.classify(y), cell.pattern.predictedClass)
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 5000)
    }

    /// (b) Stepping just past the nearest boundary point changes the pattern.
    func testSteppingPastTheNearestBoundaryPointChangesThePattern() throws {
        var g = SplitMix64(seed: 12)
        for net in try randomNetworks(seed: 2) {
            for _ in 0..<20 {
                let x = randomInput(dimension: net.inputDimension, using: &g)
                let cell = try net.cell(at: x)
                for norm in Norm.allCases {
                    let radius = cell.radius(at: x, norm: norm)
                    guard let p = radius.nearestBoundaryPoint, let row = radius.bindingRow else { continue }
                    let beyond = zip(x, p).map { $0 + (1 + 1e-6) * ($1 - $0) }
                    let before = zip(x, p).map { $0 + (1 - 1e-6) * ($1 - $0) }
                    XCTAssertEqual(norm.distance(x, p), radius.estimate, accuracy: 1e-9 * max(1, radius.estimate))
                    XCTAssertEqual(net.activationPattern(at: before), cell.pattern)
                    let flipped = cell.orientations[row] * cell.value(row: row, at: beyond)
                    XCTAssertLessThan(flipped, 0, "\(norm): the binding face must be crossed")
                    XCTAssertNotEqual(net.activationPattern(at: beyond), cell.pattern, "\(norm)")
                }
            }
        }
    }

    /// (d) The cell built from the pattern alone gives the same rows and radii as the one built from the input.
    func testCellFromPatternEqualsCellFromInput() throws {
        var g = SplitMix64(seed: 13)
        for net in try randomNetworks(seed: 3) {
            for _ in 0..<10 {
                let x = randomInput(dimension: net.inputDimension, using: &g)
                let fromInput = try net.cell(at: x)
                let fromPattern = try net.cell(for: net.activationPattern(at: x))
                XCTAssertEqual(fromPattern.normals, fromInput.normals)
                XCTAssertEqual(fromPattern.offsets, fromInput.offsets)
                for norm in Norm.allCases {
                    XCTAssertEqual(fromPattern.radius(at: x, norm: norm), fromInput.radius(at: x, norm: norm))
                }
            }
        }
    }

    /// The cell's affine functions agree with the forward pass at points of the cell.
    func testCellRowsReproduceTheForwardPass() throws {
        var g = SplitMix64(seed: 14)
        for net in try randomNetworks(seed: 4) {
            let x = randomInput(dimension: net.inputDimension, using: &g)
            let cell = try net.cell(at: x)
            let r = cell.radius(at: x, norm: .l2).radius
            let y = pointInBall(center: x, radius: 0.5 * r, norm: .l2, using: &g)
            let z = net.preActivations(y)
            var row = 0
            for layer in z.dropLast() {
                for value in layer {
                    XCTAssertEqual(cell.value(row: row, at: y), value, accuracy: 1e-12 * max(1, abs(value)))
                    row += 1
                }
            }
            let o = net.outputs(y)
            let k = cell.pattern.predictedClass
            switch net.decision {
            case .threshold: XCTAssertEqual(cell.value(row: row, at: y), o[0], accuracy: 1e-12)
            case .argmax, .argmin:
                for rival in (0..<net.outputCount).filter({ $0 != k }) {
                    let expected = net.decision == .argmax ? o[k] - o[rival] : o[rival] - o[k]
                    XCTAssertEqual(cell.value(row: row, at: y), expected, accuracy: 1e-12 * max(1, abs(expected)))
                    row += 1
                }
            }
        }
    }

    /// (c) facets ≤ hyperplanes ≤ N, and every facet found by the projection test is at distance δ_u.
    func testFacetCountsRespectTheorem41() throws {
        var g = SplitMix64(seed: 15)
        for net in try randomNetworks(seed: 5) {
            for _ in 0..<4 {
                let x = randomInput(dimension: net.inputDimension, using: &g)
                let cell = try net.cell(at: x)
                let facets = try cell.facets(near: x)
                XCTAssertEqual(facets.unknownCount, 0)
                XCTAssertLessThanOrEqual(facets.facetCount, cell.hyperplaneCount)
                XCTAssertLessThanOrEqual(cell.hyperplaneCount, net.faceBound)
                XCTAssertEqual(cell.rowCount, net.faceBound)
                XCTAssertGreaterThan(facets.facetCount, 0)
                // The binding face of the ℓ2 radius is always a facet.
                let binding = cell.radius(at: x, norm: .l2).bindingRow!
                let verdict = facets.verdicts[binding]
                XCTAssertTrue(verdict == .facetByProjection || verdict == .facetByLP || verdict == .duplicate, "\(verdict)")
            }
        }
    }

    /// The projection shortcut agrees with the LP test run on every row.
    func testShortcutsAgreeWithTheLinearPrograms() throws {
        var g = SplitMix64(seed: 16)
        var lpOnly = FacetOptions()
        lpOnly.projectionTolerance = .infinity
        for sizes in [[40, 8, 8, 3], [3, 10, 10, 2], [6, 12, 12, 1]] {
            let net = try Network.random(layerSizes: sizes, decision: sizes.last == 1 ? .threshold : .argmax, using: &g)
            for _ in 0..<3 {
                let x = randomInput(dimension: net.inputDimension, using: &g)
                let cell = try net.cell(at: x)
                let fast = try cell.facets(near: x)
                let slow = try cell.facets(near: x, options: lpOnly)
                XCTAssertEqual(fast.facetRows, slow.facetRows, "\(sizes)")
                XCTAssertEqual(slow.verdicts.filter { $0 == .facetByProjection }.count, 0)
                XCTAssertLessThan(fast.linearProgramsSolved, slow.linearProgramsSolved)
            }
        }
    }

    /// A redundant constraint is found redundant, and a duplicated hyperplane is merged, not lost.
    func testRedundantAndDuplicateHyperplanes() throws {
        // Hidden units: x1 > 0, x1 − 1 (inactive at x = 0.5 → x1 ≤ 1), x1 − 5 (inactive → x1 ≤ 5, redundant), 2·x1 (duplicate of x1 > 0).
        let net = try Network(layers: [
            DenseLayer(weights: Matrix(rowArrays: [[1, 0], [1, 0], [1, 0], [2, 0], [0, 1]]), bias: [0, -1, -5, 0, 0]),
            DenseLayer(weights: Matrix(rowArrays: [[0, 0, 0, 0, 1]]), bias: [-10]),
        ], decision: .threshold)
        let x = [0.5, 3.0]
        let cell = try net.cell(at: x)
        let facets = try cell.facets(near: x)
        XCTAssertEqual(facets.verdicts[2], .redundant)
        XCTAssertTrue([facets.verdicts[0], facets.verdicts[3]].contains(.duplicate))
        XCTAssertTrue([facets.verdicts[0], facets.verdicts[3]].contains(.facetByProjection))
        XCTAssertEqual(facets.verdicts[1], .facetByProjection)
        // x2 > 0 and the output x2 − 10 ≤ 0 are both facets.
        XCTAssertEqual(facets.facetCount, 4)
    }
}
