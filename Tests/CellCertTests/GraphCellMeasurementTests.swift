@testable import CellCert
import Foundation
import Probability
import TestSupport
import XCTest

/// Issue 15, memory: the radii of a graph network's cell are measured block by
/// block while the rows are built, and equal the measurement of the whole cell;
/// the options that need every row are refused above `--max-memory`.
final class GraphCellMeasurementTests: XCTestCase {
    /// `measureCell` gives the whole cell's radii (value, estimate, binding row
    /// and unit, nearest point), row counts and ℓ2 distances, on random small
    /// CNNs with max pooling and a residual sum, and on the trained digits CNNs.
    func testBlockwiseMeasurementEqualsTheWholeCell() throws {
        var g = SplitMix64(seed: 47)
        var cases: [(GraphNetwork, [Double])] = []
        for seed in 1...4 as ClosedRange<UInt64> {
            let net = try GraphNetworkTests.smallCNN(seed: seed)
            cases += (0..<6).map { _ in (net, g.normalVector(36)) }
        }
        for name in ["digits_cnn_pool", "digits_cnn_residual"] {
            guard case .graph(let net) = try ModelLoader.loadAny(path: "Fixtures/trained/\(name).onnx") else {
                return XCTFail("\(name) loads as a dense network")
            }
            cases += (0..<3).map { _ in (net, (0..<64).map { _ in Double(g.next() % 17) }) }
        }
        var blocks = 0
        for (net, x) in cases {
            let whole = try net.cell(at: x)
            let expected = whole.measurement(at: x, norms: Norm.allCases)
            let streamed = try net.measureCell(at: x, norms: Norm.allCases)
            XCTAssertEqual(streamed.pattern, whole.pattern)
            XCTAssertEqual(streamed.rowCount, whole.rowCount)
            XCTAssertEqual(streamed.hyperplaneCount, whole.hyperplaneCount)
            XCTAssertEqual(streamed.radii, expected.radii)
            XCTAssertEqual(streamed.radii.map(\.bindingRow), Norm.allCases.map { whole.radius(at: x, norm: $0).bindingRow })
            XCTAssertEqual(streamed.l2Distances, whole.certifiedDistances(from: x, norm: .l2))
            var count = 0
            try net.forEachFaceBlock(of: whole.pattern) { _ in count += 1 }
            blocks += count
        }
        // Every network has at least two ReLU layers and an output block: the test compares several blocks.
        XCTAssertGreaterThan(blocks, 3 * cases.count)
    }

    /// Without facets, domain, boundary or re-check, `certify` keeps no cell and
    /// gives the radii and probabilistic bounds of the whole-cell path.
    func testPipelineWithoutWholeCellOptionsMatchesTheWholeCellPath() throws {
        let net = try GraphNetworkTests.smallCNN(seed: 2)
        var g = SplitMix64(seed: 48)
        let inputs = (0..<4).map { LabelledInput(index: $0, values: g.normalVector(36), label: nil) }
        let robustness = RobustnessRequest(epsilons: [0.05, 0.5])
        let streamed = CertificationRequest(robustness: robustness, threads: 1)
        let whole = CertificationRequest(facets: true, robustness: robustness, threads: 1)
        XCTAssertFalse(streamed.needsWholeCell)
        XCTAssertTrue(whole.needsWholeCell)
        let a = try net.certify(inputs, request: streamed)
        let b = try net.certify(inputs, request: whole)
        for (r, s) in zip(a, b) {
            XCTAssertNil(try net.certify(inputs[r.index].values, request: streamed).cell)
            XCTAssertEqual(r.certificate.radii, s.certificate.radii)
            XCTAssertEqual(r.certificate.hyperplaneCount, s.certificate.hyperplaneCount)
            let (p, q) = (try XCTUnwrap(r.probabilistic), try XCTUnwrap(s.probabilistic))
            XCTAssertEqual(p.epsilonStar, q.epsilonStar)
            XCTAssertEqual(p.bounds.map(\.paper), q.bounds.map(\.paper))
            XCTAssertEqual(p.bounds.map(\.exactCap), q.bounds.map(\.exactCap))
            XCTAssertEqual(p.bounds.map(\.perHyperplane), q.bounds.map(\.perHyperplane))
            XCTAssertLessThan(p.bounds[0].exactCap, 1.000_001)
        }
    }

    /// A request that needs every row is refused when the cell is larger than
    /// the limit, with the sizes in the message; radii alone are not.
    func testWholeCellAboveTheMemoryLimitIsRefused() throws {
        let net = try GraphNetworkTests.smallCNN(seed: 1)
        let x = [Double](repeating: 0.3, count: 36)
        let bytes = Int(net.wholeCellBytes)
        XCTAssertEqual(bytes, net.faceBound * 36 * 8)
        let tight = CertificationRequest(facets: true, maximumCellBytes: bytes - 1, threads: 1)
        XCTAssertThrowsError(try net.certify(x, request: tight)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("\(net.faceBound) rows of 36 entries"), message)
            XCTAssertTrue(message.contains("memory limit"), message)
        }
        XCTAssertNotNil(try net.certify(x, request: CertificationRequest(facets: true, maximumCellBytes: bytes, threads: 1)).facets)
        XCTAssertEqual(try net.certify(x, request: CertificationRequest(maximumCellBytes: 1, threads: 1)).radii.count, 3)
    }

    /// The command line: `--max-memory` below the cell's size refuses `--facets`
    /// in one line naming the limit, with a non-zero status.
    func testCommandLineMaxMemoryRefusesFacetsOnLargeCells() throws {
        let arguments = ["certify", "Fixtures/trained/digits_cnn_pool.onnx", "--input", Array(repeating: "3", count: 64).joined(separator: ","),
                         "--facets", "--max-memory", "1KiB"]
        let result = try HostileCommandLine.run(arguments)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stdout.isEmpty, result.stdout)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains("error") }
        XCTAssertEqual(errors.count, 1, result.stderr)
        XCTAssertTrue(errors.first?.contains("rows of 64 entries") == true, result.stderr)
        XCTAssertTrue(errors.first?.contains("memory limit (--max-memory) of 1.0 KiB") == true, result.stderr)
        let radiiOnly = try HostileCommandLine.run(Array(arguments.dropLast(3)) + ["--max-memory", "1KiB"])
        XCTAssertEqual(radiiOnly.status, 0, radiiOnly.stderr)
    }

    /// The input chain of an image network (layout copy, per-channel
    /// normalisation, first convolution) composed a few columns at a time gives
    /// the rows of the op-by-op push of the `d × d` identity: the same values up to
    /// the rounding both bound, the same error bounds up to rounding, and every
    /// difference within the sum of the two bounds (each bounds its distance to the
    /// exact rows).
    func testInputChainComposedInChunksEqualsTheOpByOpPush() throws {
        var g = SplitMix64(seed: 49)
        let base = try GraphNetworkTests.smallCNN(seed: 5)
        let net = try base.readingInput(layout: .hwc, mean: [0.4], std: [0.3])
        let ops = net.graph.nodes.prefix(4).compactMap { node -> AffineOperator? in
            if case .affine(let op) = node.operation { return op } else { return nil }
        }
        XCTAssertEqual(ops.count, 3, "copy, scale, convolution")
        let d = net.inputDimension
        var identity = Matrix(rows: d, columns: d)
        for i in 0..<d { identity[i, i] = 1 }
        var pushed = AffineRows(normals: identity, offsets: [Double](repeating: 0, count: d), inputScale: [Double](repeating: 1, count: d))
        for op in ops { pushed = pushed.through(op) }
        for chunk in [1, 5, 36, 128] {
            let composed = AffineRows.composedFromInput(ops, dimension: d, chunk: chunk)
            XCTAssertEqual(composed.count, pushed.count)
            let errors = composed.normalError[.linf]!, pushedErrors = pushed.normalError[.linf]!
            for i in 0..<composed.count {
                for k in 0..<d {
                    XCTAssertLessThanOrEqual(abs(composed.normals[i, k] - pushed.normals[i, k]), errors[i] + pushedErrors[i])
                }
                XCTAssertLessThanOrEqual(abs(composed.offsets[i] - pushed.offsets[i]), composed.offsetError[i] + pushed.offsetError[i])
                for m in ErrorMeasure.allCases {
                    let (a, b) = (composed.normalError[m]![i], pushed.normalError[m]![i])
                    XCTAssertLessThanOrEqual(abs(a - b), 1e-12 * max(a, b), "\(m) row \(i)")
                }
            }
        }
        // And the whole cell through the chain keeps its certified balls.
        let x = g.normalVector(36)
        let cell = try net.cell(at: x)
        let radius = cell.radius(at: x, norm: .l2)
        XCTAssertGreaterThan(radius.radius, 0)
        for _ in 0..<50 {
            let y = pointInBall(center: x, radius: 0.999 * radius.radius, norm: .l2, using: &g)
            XCTAssertEqual(net.activationPattern(at: y), cell.pattern)
        }
    }
}
