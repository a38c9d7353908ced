@testable import CellCert
import Foundation
import ONNXProto
import Probability
import TestSupport
import XCTest

/// Graph networks (convolutions, pooling, residual sums): forward passes against
/// onnxruntime, cells against the dense builder, certified balls by sampling.
final class GraphNetworkTests: XCTestCase {
    // MARK: Real CNNs

    struct CNNGolden: Decodable {
        struct Model: Decodable {
            let input_shape: [Int]
            let outputs: [[Double]]
        }
        let samples: Int
        let models: [String: Model]
    }

    /// Input `k` of sample `s`, as Fixtures/scripts/make_cnn_goldens.py draws it (then rounded to float32).
    static func goldenInput(count: Int, sample s: Int) -> [Double] {
        (0..<count).map { k in
            let v = (UInt64(k + 1) &* 2654435761 &+ UInt64(s + 1) &* 40503) % (1 << 32)
            return Double(Float(Double(v) / Double(1 << 32)))
        }
    }

    /// All eight VNN-COMP CNNs load, and their outputs match onnxruntime's within
    /// 1e-5 (relative to the output's magnitude, at least 1) on 10 inputs each.
    func testSharedCNNsMatchOnnxruntime() throws {
        let root = try sharedNetsDirectory().appendingPathComponent("cnn")
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Golden/cnn-onnxruntime", withExtension: "json"))
        let golden = try JSONDecoder().decode(CNNGolden.self, from: Data(contentsOf: url))
        XCTAssertEqual(golden.models.count, 8)
        for (path, model) in golden.models.sorted(by: { $0.key < $1.key }) {
            guard case .graph(let net) = try ModelLoader.loadAny(path: root.appendingPathComponent(path).path) else {
                XCTFail("\(path) loads as a dense network"); continue
            }
            let count = model.input_shape.reduce(1, *)
            XCTAssertEqual(net.inputDimension, count, path)
            for (s, expected) in model.outputs.enumerated() {
                let outputs = net.outputs(Self.goldenInput(count: count, sample: s))
                XCTAssertEqual(outputs.count, expected.count, path)
                for (a, b) in zip(outputs, expected) {
                    XCTAssertLessThanOrEqual(abs(a - b), 1e-5 * max(abs(b), 1), "\(path) sample \(s): \(a) vs onnxruntime \(b)")
                }
            }
        }
    }

    struct RadiusReference: Decodable {
        let vnnlib: String
        let `class`: Int
        let rows: Int
        let faces: Int
        let radii: [String: Double]
    }

    /// At the centre of each CNN's first property box, the plain floating-point
    /// radii agree within 1e-9 (relative) with an independent float64 torch
    /// computation (Benchmarks/cnn/radii_reference.py: autograd Jacobians of every
    /// ReLU input, max-pool difference and output comparison), and the
    /// certified radius is at most it and within 1e-6 (relative) of it, plus
    /// 5e-11: the certified radius pays the rounding bound of the face's value,
    /// an absolute amount (4e-12 in L2 and 1.5e-11 in L1 on marabou-cifar10,
    /// whose centre lies 1.25e-8 from a face; relative to so small a radius, 3e-4).
    func testSharedCNNRadiiMatchTorchReference() throws {
        let root = try sharedNetsDirectory().appendingPathComponent("cnn")
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Golden/cnn-radii-torch", withExtension: "json"))
        let references = try JSONDecoder().decode([String: RadiusReference].self, from: Data(contentsOf: url))
        XCTAssertEqual(references.count, 8)
        for (path, reference) in references.sorted(by: { $0.key < $1.key }) {
            let model = root.appendingPathComponent(path)
            guard case .graph(let net) = try ModelLoader.loadAny(path: model.path) else { XCTFail(path); continue }
            let property = try VNNLib.read(contentsOf: model.deletingLastPathComponent().appendingPathComponent(reference.vnnlib))
            let box = try XCTUnwrap(property.inputBox)
            let centre = (0..<box.dimension).map { (box.lower[$0] + box.upper[$0]) / 2 }
            let cell = try net.cell(at: centre)
            XCTAssertEqual(cell.pattern.predictedClass, reference.class, path)
            XCTAssertEqual(cell.rowCount, reference.rows, path)
            XCTAssertEqual(cell.hyperplaneCount, reference.faces, path)
            for (norm, key) in [(Norm.l2, "l2"), (.linf, "linf"), (.l1, "l1")] {
                let expected = try XCTUnwrap(reference.radii[key])
                let radius = cell.radius(at: centre, norm: norm)
                XCTAssertEqual(radius.estimate, expected, accuracy: 1e-9 * expected, "\(path) \(key)")
                XCTAssertLessThanOrEqual(radius.radius, expected, "\(path) \(key)")
                XCTAssertGreaterThanOrEqual(radius.radius, expected * (1 - 1e-6) - 5e-11, "\(path) \(key)")
            }
        }
    }

    struct DigitsGolden: Decodable {
        struct Model: Decodable {
            let test_accuracy: Double
            let outputs: [[Double]]
            let predicted: [Int]
        }
        let images: [[Double]]
        let models: [String: Model]
    }

    /// The trained digits CNNs (Fixtures/scripts/train_digits_cnns.py: Conv, ReLU,
    /// BatchNormalization, MaxPool; and a residual block with AveragePool) match
    /// onnxruntime on 20 test images, and their cells' certified balls keep the
    /// pattern and class at those images.
    func testDigitsCNNFixtures() throws {
        let golden = try JSONDecoder().decode(DigitsGolden.self, from: Data(contentsOf: URL(fileURLWithPath: "Fixtures/trained/digits_cnn_golden.json")))
        var g = SplitMix64(seed: 45)
        for (name, model) in golden.models.sorted(by: { $0.key < $1.key }) {
            guard case .graph(let net) = try ModelLoader.loadAny(path: "Fixtures/trained/\(name).onnx") else {
                XCTFail("\(name) loads as a dense network"); continue
            }
            XCTAssertGreaterThan(model.test_accuracy, 0.95)
            for (i, image) in golden.images.enumerated() {
                let x = Array(image.dropFirst())
                let outputs = net.outputs(x)
                for (a, b) in zip(outputs, model.outputs[i]) {
                    XCTAssertLessThanOrEqual(abs(a - b), 1e-5 * max(abs(b), 1), "\(name) image \(i)")
                }
                XCTAssertEqual(net.classify(x), model.predicted[i])
                guard i < 5 else { continue }
                let cell = try net.cell(at: x)
                for norm in Norm.allCases {
                    let r = cell.radius(at: x, norm: norm).radius
                    guard r > 0, r.isFinite else { continue }
                    for _ in 0..<20 {
                        let y = pointInBall(center: x, radius: 0.999 * r, norm: norm, using: &g)
                        XCTAssertEqual(net.activationPattern(at: y), cell.pattern, "\(name) image \(i) \(norm)")
                    }
                }
            }
        }
    }

    /// The certification pipeline runs on a graph network: radii, domain radii
    /// and facets; Monte Carlo at ε below the certified L2 radius never leaves the
    /// cell, far above it does.
    func testPipelineCertifiesGraphNetworks() throws {
        let golden = try JSONDecoder().decode(DigitsGolden.self, from: Data(contentsOf: URL(fileURLWithPath: "Fixtures/trained/digits_cnn_golden.json")))
        guard case .graph(let net) = try ModelLoader.loadAny(path: "Fixtures/trained/digits_cnn_residual.onnx") else {
            return XCTFail("the residual CNN loads as a dense network")
        }
        let inputs = golden.images.prefix(3).enumerated().map { LabelledInput(index: $0, values: Array($1.dropFirst()), label: Int($1[0])) }
        let domain = InputBox(lower: Array(repeating: 0, count: 64), upper: Array(repeating: 16, count: 64))
        let results = try net.certify(inputs, request: CertificationRequest(facets: true, domain: domain, threads: 2))
        XCTAssertEqual(results.count, 3)
        for r in results {
            XCTAssertEqual(r.predictedClass, net.classify(inputs[r.index].values))
            let cellRadius = try XCTUnwrap(r.certificate.radius(.l2)).radius
            XCTAssertGreaterThan(cellRadius, 0)
            let inDomain = try XCTUnwrap(r.certificate.domainRadii?.first)
            XCTAssertGreaterThanOrEqual(inDomain.radius, cellRadius)
            XCTAssertGreaterThan(try XCTUnwrap(r.certificate.facets).facetCount, 0)
            let x = inputs[r.index].values
            let inside = try net.monteCarloRobustness(at: x, epsilon: 0.5 * cellRadius, options: MonteCarloOptions(samples: 300, seed: 1, threads: 2))
            XCTAssertEqual(inside.leftCell, 0)
            XCTAssertEqual(inside.changed, 0)
            let outside = try net.monteCarloRobustness(at: x, epsilon: 200 * cellRadius, options: MonteCarloOptions(samples: 300, seed: 1, threads: 2))
            XCTAssertGreaterThan(outside.leftCell, 0)
        }
    }

    /// `--layout hwc --mean --std`: the network reading channels-last values
    /// normalised per channel computes what the original computes on the
    /// normalised, channels-first image.
    func testReadingInputInAnotherLayoutAndScale() throws {
        let base = try Self.smallCNN(seed: 3)
        var g = SplitMix64(seed: 46)
        // smallCNN has one channel; per-channel values need C = 1 entries.
        let net = try base.readingInput(layout: .hwc, mean: [0.5], std: [0.25])
        let u = g.normalVector(36)
        XCTAssertEqual(net.outputs(u), base.outputs(u.map { ($0 - 0.5) / 0.25 }))
        XCTAssertThrowsError(try base.readingInput(layout: .chw, mean: [1, 2], std: nil))
        XCTAssertThrowsError(try base.readingInput(layout: .chw, mean: nil, std: [0]))
        // Three channels of 2×2: channels-last order is a real permutation.
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 3, 2, 2])]
        graph.output = [B.valueInfo("y", [1, 2])]
        graph.initializer = [B.floats("w", [2, 3, 1, 1], [1, -2, 3, 0.5, 4, -1]), B.floats("v", [8, 2], (0..<16).map { Float($0 % 5) - 2 })]
        graph.node = [B.node("Conv", ["x", "w"], "c"), B.node("Relu", ["c"], "r"), B.node("Flatten", ["r"], "f"), B.node("MatMul", ["f", "v"], "y")]
        let rgb = try Self.graphNetwork(graph, name: "rgb.onnx")
        let normalised = try rgb.readingInput(layout: .hwc, mean: [0.1, 0.2, 0.3], std: [2, 4, 8])
        XCTAssertEqual(normalised.inputShape, [1, 2, 2, 3])
        let hwc = g.normalVector(12)
        // Channel c, pixel p of the model's input is entry 3p + c of the channels-last vector.
        let chw = (0..<12).map { i -> Double in
            let (c, p) = i.quotientAndRemainder(dividingBy: 4)
            return (hwc[3 * p + c] - [0.1, 0.2, 0.3][c]) / [2.0, 4, 8][c]
        }
        XCTAssertEqual(normalised.outputs(hwc), rgb.outputs(chw))
    }

    /// A model with several unsupported operators gets one line naming all of them.
    func testUnsupportedOperatorsAreNamedTogether() throws {
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 1, 4, 4])]
        graph.output = [B.valueInfo("y", [1, 16])]
        graph.initializer = [B.floats("w", [1, 1, 1, 1], [2])]
        graph.node = [B.node("Conv", ["x", "w"], "c"), B.node("Sigmoid", ["c"], "s"), B.node("LeakyRelu", ["s"], "l"),
                      B.node("Sigmoid", ["l"], "t"), B.node("Flatten", ["t"], "y")]
        XCTAssertThrowsError(try Self.graphNetwork(graph, name: "odd.onnx")) { error in
            XCTAssertEqual("\(error)", "odd.onnx: unsupported operators Sigmoid, LeakyRelu (supported: "
                           + ONNXOperatorGraphImporter.supportedOperators.joined(separator: ", ") + ")")
        }
    }

    // MARK: Dense networks as graphs

    /// A dense network and its graph give the same cell: same units and
    /// orientations, rows within rounding, radii within 1e-9 relative.
    func testDenseNetworkAsGraphGivesTheSameCell() throws {
        var g = SplitMix64(seed: 41)
        let base = try Network.random(layerSizes: [4, 9, 7, 3], decision: .argmax, using: &g)
        let nets = [
            try Network.random(layerSizes: [3, 10, 10, 4], decision: .argmax, using: &g),
            try Network.random(layerSizes: [5, 16, 1], decision: .threshold, using: &g),
            try Network(layers: base.layers, decision: .argmin,
                        inputTransform: InputTransform(mean: [0.3, -1, 2, 0], scale: [0.5, 2, 3, 1.5]),
                        outputTransform: OutputTransform(mean: 0.2, scale: -1.7)),
        ]
        for net in nets {
            let graph = try GraphNetwork(net)
            for _ in 0..<10 {
                let x = g.normalVector(net.inputDimension)
                XCTAssertEqual(graph.activationPattern(at: x), net.activationPattern(at: x))
                let (dense, cell) = (try net.cell(at: x), try graph.cell(at: x))
                XCTAssertEqual(cell.units, dense.units)
                XCTAssertEqual(cell.orientations, dense.orientations)
                for u in 0..<cell.rowCount {
                    let scale = max(dense.normals.row(u).map { abs($0) }.max()!, abs(dense.offsets[u]), 1e-300)
                    for k in 0..<cell.inputDimension {
                        XCTAssertEqual(cell.normals[u, k], dense.normals[u, k], accuracy: 1e-12 * scale)
                    }
                    XCTAssertEqual(cell.offsets[u], dense.offsets[u], accuracy: 1e-12 * scale)
                }
                for norm in Norm.allCases {
                    let (a, b) = (cell.radius(at: x, norm: norm), dense.radius(at: x, norm: norm))
                    XCTAssertEqual(a.radius, b.radius, accuracy: 1e-9 * b.radius)
                    XCTAssertLessThanOrEqual(a.radius, a.estimate)
                }
            }
        }
    }

    // MARK: Convolutional graphs

    /// `graph` as an opset-13 ONNX model, loaded; fails unless it loads as a graph network.
    static func graphNetwork(_ graph: Onnx_GraphProto, name: String) throws -> GraphNetwork {
        var model = Onnx_ModelProto()
        model.irVersion = 7
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 13
        model.opsetImport = [opset]
        model.graph = graph
        guard case .graph(let net) = try ONNXFormat.parseAny(try model.serializedData(), name: name) else {
            throw CellError("\(name) loaded as a dense network")
        }
        return net
    }

    /// A small CNN built as ONNX: Conv (pad 1) → ReLU → MaxPool 2×2 → residual
    /// 1×1 Conv added back → ReLU → AveragePool → Flatten → Gemm, on a 1×6×6 input.
    static func smallCNN(seed: UInt64) throws -> GraphNetwork {
        var g = SplitMix64(seed: seed)
        func values(_ n: Int, _ scale: Double = 0.6) -> [Float] { (0..<n).map { _ in Float(g.normal() * scale) } }
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 1, 6, 6])]
        graph.output = [B.valueInfo("y", [1, 3])]
        graph.initializer = [
            B.floats("w1", [2, 1, 3, 3], values(18)), B.floats("b1", [2], values(2, 0.1)),
            B.floats("w2", [2, 2, 1, 1], values(4)), B.floats("b2", [2], values(2, 0.1)),
            B.floats("w3", [3, 2], values(6)), B.floats("b3", [3], values(3, 0.1)),
        ]
        graph.node = [
            B.node("Conv", ["x", "w1", "b1"], "c1", [B.attribute("kernel_shape", [3, 3]), B.attribute("pads", [1, 1, 1, 1])]),
            B.node("Relu", ["c1"], "r1"),
            B.node("MaxPool", ["r1"], "p1", [B.attribute("kernel_shape", [2, 2]), B.attribute("strides", [2, 2])]),
            B.node("Conv", ["p1", "w2", "b2"], "c2", [B.attribute("kernel_shape", [1, 1])]),
            B.node("Add", ["c2", "p1"], "s"),
            B.node("Relu", ["s"], "r2"),
            B.node("AveragePool", ["r2"], "a", [B.attribute("kernel_shape", [3, 3]), B.attribute("strides", [3, 3])]),
            B.node("Flatten", ["a"], "f"),
            B.node("Gemm", ["f", "w3", "b3"], "y", [B.attribute("transB", 1)]),
        ]
        return try graphNetwork(graph, name: "small-cnn.onnx")
    }

    /// Points sampled inside the certified ball keep the ReLU pattern, every
    /// max-pool winner and the class; the cell of the pattern is the cell of the input.
    func testPointsInsideTheCertifiedBallKeepPatternWinnersAndClass() throws {
        var g = SplitMix64(seed: 43)
        var checked = 0
        for seed in 1...4 as ClosedRange<UInt64> {
            let net = try Self.smallCNN(seed: seed)
            XCTAssertEqual(net.reluLayerSizes, [72, 18])
            XCTAssertEqual(net.maxPoolComparisonCount, 2 * 9 * 3)
            for _ in 0..<8 {
                let x = g.normalVector(36)
                let cell = try net.cell(at: x)
                let again = try net.cell(for: net.activationPattern(at: x))
                XCTAssertEqual(cell.normals, again.normals)
                XCTAssertEqual(cell.offsets, again.offsets)
                XCTAssertEqual(cell.rowCount, net.faceBound)
                for norm in Norm.allCases {
                    let radius = cell.radius(at: x, norm: norm)
                    XCTAssertLessThanOrEqual(radius.radius, radius.estimate)
                    XCTAssertGreaterThanOrEqual(radius.radius, radius.estimate * (1 - 1e-6))
                    guard radius.radius > 0, radius.radius.isFinite else { continue }
                    for _ in 0..<20 {
                        let y = pointInBall(center: x, radius: 0.999 * radius.radius, norm: norm, using: &g)
                        XCTAssertEqual(net.activationPattern(at: y), cell.pattern, "\(norm) r=\(radius.radius)")
                        checked += 1
                    }
                    // Just past the nearest boundary point the pattern changes.
                    if let p = radius.nearestBoundaryPoint {
                        let beyond = zip(x, p).map { $0 + 1.01 * ($1 - $0) }
                        XCTAssertNotEqual(net.activationPattern(at: beyond), cell.pattern, "\(norm)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    /// A max-pool window with a tie at its maximum: the radius is exactly 0 (the
    /// truth: any move of one tied entry changes the winner), and without the
    /// tie the binding face is the winner − runner-up comparison.
    func testMaxPoolTieGivesRadiusZero() throws {
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 1, 2, 2])]
        graph.output = [B.valueInfo("y", [1, 2])]
        graph.initializer = [B.floats("w", [1, 2], [1, -1]), B.floats("b", [2], [0, 0.5])]
        graph.node = [
            B.node("MaxPool", ["x"], "p", [B.attribute("kernel_shape", [2, 2])]),
            B.node("Flatten", ["p"], "f"),
            B.node("Gemm", ["f", "w", "b"], "y"),
        ]
        let net = try Self.graphNetwork(graph, name: "pool.onnx")
        let tied = [3.0, 1.0, 3.0, 2.0]
        let cell = try net.cell(at: tied)
        XCTAssertEqual(cell.pattern.maxPoolWinners, [[0]])
        for norm in Norm.allCases { XCTAssertEqual(cell.radius(at: tied, norm: norm).radius, 0, "\(norm)") }
        let untied = [3.0, 1.0, 2.5, 2.0]
        let open = try net.cell(at: untied)
        let l2 = open.radius(at: untied, norm: .l2)
        XCTAssertEqual(l2.bindingRow.map { open.units[$0] }, .poolComparison(pool: 0, unit: 0, rival: 2))
        XCTAssertEqual(l2.radius, 0.5 / 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(open.radius(at: untied, norm: .linf).radius, 0.25, accuracy: 1e-12)
    }
}
