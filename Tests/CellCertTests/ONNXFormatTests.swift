import Foundation
import ONNXProto
import Probability
import XCTest
@testable import CellCert

final class ONNXFormatTests: XCTestCase {
    typealias B = ONNXModelBuilder

    // MARK: Real networks (../shared/nets)

    /// Each VNN-COMP ACAS Xu ONNX network equals its `.nnet` twin on normalised
    /// inputs: the ONNX takes normalised inputs and returns raw outputs, so it is
    /// compared with the `.nnet` layers without their transforms.
    func testACASXuONNXAgreesWithNNet() throws {
        let dir = try sharedNetsDirectory().appendingPathComponent("acasxu")
        var rng = Xoshiro256StarStar(seed: 2021)
        for n in 1...9 {
            let onnx = try ONNXFormat.read(contentsOf: dir.appendingPathComponent("ACASXU_run2a_1_\(n)_batch_2000.onnx"),
                                           decision: .argmin)
            let nnet = try NNetFormat.read(contentsOf: dir.appendingPathComponent("ACASXU_experimental_v2a_1_\(n).nnet"))
            let raw = try Network(layers: nnet.layers, hiddenActivations: nnet.hiddenActivations, decision: .argmin)
            XCTAssertEqual(onnx.layerSizes, [5, 50, 50, 50, 50, 50, 50, 5], "network 1_\(n)")
            XCTAssertNil(onnx.inputTransform, "the AvgImg subtraction is all zeros")
            for _ in 0..<50 {
                let x = (0..<5).map { _ in Double.random(in: -0.5...0.5, using: &rng) }
                let a = onnx.outputs(x), b = raw.outputs(x)
                for k in 0..<5 {
                    XCTAssertEqual(a[k], b[k], accuracy: 1e-6, "network 1_\(n), output \(k), input \(x)")
                }
            }
        }
    }

    struct MNISTGolden: Decodable {
        let accuracy: Double
        let labels: [Int]
        let predictions: [Int]
        let logits: [[Double]]
    }

    /// mnist-net_256x2.onnx predicts what onnxruntime predicts on the 100 test
    /// images (Fixtures/scripts/mnist_onnx_golden.py), logits within 1e-4.
    func testMNISTMatchesONNXRuntime() throws {
        let nets = try sharedNetsDirectory()
        let net = try ONNXFormat.read(contentsOf: nets.appendingPathComponent("mnist/mnist-net_256x2.onnx"))
        XCTAssertEqual(net.layerSizes, [784, 256, 256, 10])
        XCTAssertEqual(net.decision, .argmax)
        let goldenURL = try XCTUnwrap(Bundle.module.url(forResource: "Golden/mnist_onnx_golden", withExtension: "json"))
        let golden = try JSONDecoder().decode(MNISTGolden.self, from: Data(contentsOf: goldenURL))
        let text = try String(contentsOf: nets.appendingPathComponent("data/mnist_test.csv"), encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map { Double($0)! } }
        XCTAssertEqual(rows.count, 100)
        var correct = 0
        for (i, row) in rows.enumerated() {
            let x = row.dropFirst().map { $0 / 255 }
            let outputs = net.outputs(Array(x))
            let predicted = net.decision.decide(outputs)
            XCTAssertEqual(Int(row[0]), golden.labels[i])
            XCTAssertEqual(predicted, golden.predictions[i], "image \(i)")
            if predicted == Int(row[0]) { correct += 1 }
            if i < golden.logits.count {
                for k in 0..<10 { XCTAssertEqual(outputs[k], golden.logits[i][k], accuracy: 1e-4, "image \(i), logit \(k)") }
            }
        }
        XCTAssertEqual(Double(correct) / 100, golden.accuracy)
    }

    func testSmallNetworksLoad() throws {
        let nets = try sharedNetsDirectory()
        let expected: [(String, [Int])] = [
            ("small/marabou/fc1.onnx", [2, 25, 25, 25, 2]),
            ("small/marabou/mnist2x10.onnx", [784, 10, 10, 10]),
            ("small/marabou/fc_2-2-3.onnx", [2, 2, 3]),
            ("small/nnet/TestNetwork2.onnx", [5, 50, 50, 50, 50, 50, 50, 5]),
            ("small/vnncomp-test/test_nano.onnx", [1, 1, 1]),
            ("small/vnncomp-test/test_tiny.onnx", [1, 1, 1]),
            ("small/vnncomp-test/test_small.onnx", [1, 2, 2, 1]),
            ("small/vnncomp-test/test_sat.onnx", [5, 50, 50, 50, 50, 50, 50, 5]),
        ]
        for (path, sizes) in expected {
            let net = try ONNXFormat.read(contentsOf: nets.appendingPathComponent(path))
            XCTAssertEqual(net.layerSizes, sizes, path)
            XCTAssertEqual(net.decision, sizes.last! == 1 ? .threshold : .argmax, path)
        }
        // fc_2-2-3 exists as .nnet too (raw units, identity transforms).
        let onnx = try ONNXFormat.read(contentsOf: nets.appendingPathComponent("small/marabou/fc_2-2-3.onnx"))
        let nnet = try NNetFormat.read(contentsOf: nets.appendingPathComponent("small/marabou/fc_2-2-3.nnet"))
        for x in [[1.0, 2.0], [-3, 0.5], [0.25, -4]] { XCTAssertEqual(onnx.outputs(x), nnet.outputs(x), "\(x)") }
    }

    func testLeakyReluIsRejectedNamingTheNode() throws {
        let url = try sharedNetsDirectory().appendingPathComponent("small/marabou/mnist5x20_leaky_relu.onnx")
        XCTAssertThrowsError(try ONNXFormat.read(contentsOf: url)) { error in
            let text = "\(error)"
            XCTAssertTrue(error is ModelFormatError)
            XCTAssertTrue(text.hasPrefix(url.path + ": node 3 'LeakyRelu_3': unsupported operator LeakyRelu (supported: Gemm, MatMul"), text)
            XCTAssertFalse(text.contains("\n"))
        }
    }

    /// Truncated or byte-flipped copies of a real file fail with one line that
    /// names the file (or, if the flips only hit weights, still load), never crash.
    func testCorruptedFilesGiveOneLineErrors() throws {
        let original = try Data(contentsOf: sharedNetsDirectory().appendingPathComponent("small/marabou/mnist2x10.onnx"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onnx-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        func check(_ data: Data, _ label: String, mustFail: Bool) throws {
            let url = dir.appendingPathComponent("\(label).onnx")
            try data.write(to: url)
            do {
                _ = try ONNXFormat.read(contentsOf: url)
                XCTAssertFalse(mustFail, "\(label) loaded")
            } catch let error as ModelFormatError {
                let text = error.description
                XCTAssertTrue(text.hasPrefix(url.path + ": "), text)
                XCTAssertFalse(text.contains("\n"), text)
            }
        }
        for fraction in [0.0, 0.1, 0.5, 0.9, 0.999] {
            try check(original.prefix(Int(Double(original.count) * fraction)), "truncated-\(fraction)", mustFail: true)
        }
        try check(Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }), "garbage", mustFail: true)
        var rng = Xoshiro256StarStar(seed: 7)
        for trial in 0..<40 {
            var data = original
            for _ in 0..<(1 + trial % 8) {
                let position = Int.random(in: 0..<data.count, using: &rng)
                data[position] ^= UInt8.random(in: 1...255, using: &rng)
            }
            if trial % 2 == 1 { data = data.prefix(data.count - Int.random(in: 1...100, using: &rng)) }
            try check(data, "flipped-\(trial)", mustFail: trial % 2 == 1)
        }
    }

    func testModelLoaderReadsONNX() throws {
        let path = try sharedNetsDirectory().appendingPathComponent("acasxu/ACASXU_run2a_1_1_batch_2000.onnx").path
        XCTAssertEqual(try ModelLoader.load(path: path).decision, .argmax)
        XCTAssertEqual(try ModelLoader.load(path: path, decisionOverride: .argmin).decision, .argmin)
        let net = try ModelLoader.load(path: path)
        XCTAssertThrowsError(try ModelLoader.save(net, path: "/tmp/out.onnx")) { error in
            XCTAssertEqual("\(error)", "/tmp/out.onnx: writing ONNX is not supported (write .nnet or .json)")
        }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try ONNXFormat.read(contentsOf: URL(fileURLWithPath: "/nonexistent/net.onnx"))) { error in
            XCTAssertEqual("\(error)", "/nonexistent/net.onnx: no such file")
        }
    }

    // MARK: Hand-built models

    /// (x − mean)/std → Gemm(transB) → Relu → MatMul → Add.
    static func normalisedModel(hiddenOp: String = "Relu") throws -> Data {
        try B.model(
            inputDims: [nil, 2],
            nodes: [
                B.node("Sub", ["x", "mean"], "centred", name: "sub"),
                B.node("Div", ["centred", "std"], "normalised", name: "div"),
                B.node("Gemm", ["normalised", "W1", "b1"], "z1", name: "fc1", [B.attribute("transB", 1)]),
                B.node(hiddenOp, ["z1"], "h1", name: "act"),
                B.node("MatMul", ["h1", "W2"], "m2", name: "fc2"),
                B.node("Add", ["m2", "b2"], "y", name: "bias2"),
            ],
            initializers: [
                B.floats("mean", [1, 2], [1, -2]),
                B.floats("std", [2], [2, 4], raw: false),
                B.floats("W1", [3, 2], [1, 0, 0, 1, 1, -1]),    // [units, inputs] because transB = 1
                B.doubles("b1", [3], [0, 0.5, -1]),
                B.floats("W2", [3, 2], [1, -1, 2, 0, 0, 1]),    // [inputs, outputs]
                B.floats("b2", [2], [0.25, 0]),
            ],
            output: "y")
    }

    func testHandBuiltModelRoundTrips() throws {
        let net = try ONNXFormat.parse(Self.normalisedModel(), name: "hand.onnx")
        XCTAssertEqual(net.inputTransform, InputTransform(mean: [1, -2], scale: [2, 4]))
        XCTAssertEqual(net.layers[0].weights, Matrix(rowArrays: [[1, 0], [0, 1], [1, -1]]))
        XCTAssertEqual(net.layers[0].bias, [0, 0.5, -1])
        XCTAssertEqual(net.layers[1].weights, Matrix(rowArrays: [[1, 2, 0], [-1, 0, 1]]))
        XCTAssertEqual(net.layers[1].bias, [0.25, 0])
        func expected(_ x: [Double]) -> [Double] {
            let u = [(x[0] - 1) / 2, (x[1] + 2) / 4]
            let h = [max(u[0], 0), max(u[1] + 0.5, 0), max(u[0] - u[1] - 1, 0)]
            return [h[0] + 2 * h[1] + 0.25, -h[0] + h[2]]
        }
        for x in [[0.0, 0.0], [5, -2], [9, 3], [-4, 10], [3, -6]] {
            XCTAssertEqual(net.outputs(x), expected(x), "\(x)")
        }
        XCTAssertEqual(try ONNXFormat.parse(Self.normalisedModel(), decision: .argmin).decision, .argmin)
    }

    func testUnsupportedOperatorInHandBuiltModel() throws {
        XCTAssertThrowsError(try ONNXFormat.parse(Self.normalisedModel(hiddenOp: "Sigmoid"), name: "hand.onnx")) { error in
            XCTAssertEqual("\(error)", "hand.onnx: node 3 'act': unsupported operator Sigmoid (supported: "
                + ONNXFormat.supportedOperators.joined(separator: ", ") + ")")
        }
    }

    /// Two affine operators without a ReLU between them merge into one layer;
    /// Mul and Div by constants after the input fold into it.
    func testAffineChainsMerge() throws {
        let data = try B.model(
            inputDims: [1, 1, 3],
            nodes: [
                B.node("Mul", ["x", "two"], "scaled"),
                B.node("Flatten", ["scaled"], "flat"),
                B.node("MatMul", ["flat", "W1"], "a"),
                B.node("Gemm", ["a", "W2", "c"], "b", [B.attribute("alpha", Float(0.5)), B.attribute("beta", Float(2))]),
                B.node("Div", ["b", "four"], "y"),
            ],
            initializers: [
                B.floats("two", [], [2]),
                B.floats("W1", [3, 2], [1, 2, 3, 4, 5, 6]),
                B.floats("W2", [2, 2], [1, 0, 1, 1]),
                B.floats("c", [2], [1, -1]),
                B.floats("four", [1], [4]),
            ],
            output: "y")
        let net = try ONNXFormat.parse(data)
        XCTAssertEqual(net.layerSizes, [3, 2])
        XCTAssertNil(net.inputTransform)
        for x in [[1.0, 0, 0], [0, 1, 0], [0.5, -1, 2]] {
            let s = x.map { 2 * $0 }
            let a = [s[0] + 3 * s[1] + 5 * s[2], 2 * s[0] + 4 * s[1] + 6 * s[2]]
            let b = [0.5 * (a[0] + a[1]) + 2, 0.5 * a[1] - 2]
            XCTAssertEqual(net.outputs(x), b.map { $0 / 4 }, "\(x)")
        }
    }

    /// Reshape with a Constant shape, Unsqueeze/Squeeze, Identity, a constant
    /// on the left of MatMul with a 1-D input, Relu of a Relu, Sub of two
    /// network tensors.
    func testReshapesAndLeftMatMul() throws {
        let data = try B.model(
            inputDims: [2],
            nodes: [
                B.node("MatMul", ["W", "x"], "m"),                       // [3, 2] · [2] → [3]
                B.node("Unsqueeze", ["m", "axes"], "u"),                 // [1, 3]
                B.node("Constant", [], "shape", [B.attribute("value", B.int64s("s", [3, -1]))]),
                B.node("Reshape", ["u", "shape"], "r"),                  // [3, 1]
                B.node("Squeeze", ["r"], "s", [B.attribute("axes", [1])]), // [3]
                B.node("Relu", ["s"], "h"),
                B.node("Relu", ["h"], "hh"),
                B.node("Identity", ["hh"], "i"),
                B.node("Sub", ["i", "h"], "zero"),
                B.node("Add", ["zero", "i"], "y"),
            ],
            initializers: [B.floats("W", [3, 2], [1, 0, 0, 1, -1, -1]), B.int64s("axes", [0])],
            output: "y")
        let net = try ONNXFormat.parse(data)
        XCTAssertEqual(net.layerSizes, [2, 3, 3])
        for x in [[1.0, 2.0], [-1, 0.5], [-2, -3]] {
            XCTAssertEqual(net.outputs(x), [max(x[0], 0), max(x[1], 0), max(-x[0] - x[1], 0)], "\(x)")
        }
    }

    func testStructuralErrorsNameTheNode() throws {
        func message(_ nodes: [Onnx_NodeProto], _ initializers: [Onnx_TensorProto], inputDims: [Int?] = [1, 2]) throws -> String {
            let data = try B.model(inputDims: inputDims, nodes: nodes, initializers: initializers, output: "y")
            do {
                _ = try ONNXFormat.parse(data, name: "m.onnx")
                return "loaded"
            } catch let error as ModelFormatError {
                return error.description
            }
        }
        let w = B.floats("W", [2, 2], [1, 2, 3, 4])
        XCTAssertEqual(try message([B.node("MatMul", ["x", "W"], "y", name: "mm")], [B.floats("W", [3, 2], [1, 2, 3, 4, 5, 6])]),
                       "m.onnx: node 0 'mm': MatMul: shapes [1, 2] and [3, 2] do not multiply (2 ≠ 3)")
        XCTAssertEqual(try message([B.node("MatMul", ["x", "W"], "y")], [B.floats("W", [2, 2], [1, .nan, 3, 4])]),
                       "m.onnx: node 0: initializer 'W': it contains a NaN or infinite value")
        XCTAssertEqual(try message([B.node("MatMul", ["x", "x"], "y")], []),
                       "m.onnx: node 0: MatMul of two tensors that both depend on the input is not linear")
        XCTAssertEqual(try message([B.node("MatMul", ["x", "W"], "h"), B.node("Relu", ["h"], "r"), B.node("Add", ["r", "x"], "y")], [w]),
                       "m.onnx: node 2: the network input is used after a ReLU (skip connections are not supported)")
        XCTAssertEqual(try message([B.node("Mul", ["x", "x"], "y")], []),
                       "m.onnx: node 0: Mul of two tensors that both depend on the input is not linear")
        XCTAssertEqual(try message([B.node("Div", ["x", "z"], "y")], [B.floats("z", [2], [1, 0])]),
                       "m.onnx: node 0: Div: division by zero")
        XCTAssertEqual(try message([B.node("MatMul", ["x", "W"], "y")], [w], inputDims: [2, nil]),
                       "m.onnx: input 'x' has a symbolic or unknown extent on axis 1; only a leading batch axis may be symbolic")
        XCTAssertEqual(try message([B.node("MatMul", ["x", "W"], "y")], [B.floats("W", [2, 2], [1, 2, 3])]),
                       "m.onnx: node 0: initializer 'W': raw_data has 12 bytes, expected 16 for 4 values")
        XCTAssertEqual(try message([B.node("MatMul", ["x", "nowhere"], "y")], []),
                       "m.onnx: node 0: input 'nowhere' is neither the graph input, an initializer nor a node's output")
        XCTAssertEqual(try message([B.node("Add", ["W", "W"], "y")], [w]),
                       "m.onnx: the graph output does not depend on the input")
    }
}
