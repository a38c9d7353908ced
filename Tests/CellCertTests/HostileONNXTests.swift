import CellCert
import Foundation
import ONNXProto
import XCTest

private typealias B = ONNXModelBuilder

/// ONNX models that onnxruntime refuses, that overflow `Double` when folded,
/// or that claim huge tensors in a few bytes.
final class HostileONNXTests: HostileFileTestCase {
    /// About 2.1e-314: a positive (subnormal) `Double` whose reciprocal overflows to `+∞`.
    private static let subnormal = Double.leastNormalMagnitude / 0x1p20

    /// An int64 tensor of any shape in `raw_data`.
    private static func int64s(_ name: String, _ dims: [Int], _ values: [Int64]) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = dims.map(Int64.init)
        t.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        var data = Data()
        for v in values { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        t.rawData = data
        return t
    }

    /// Writes the model to `name` and reads it back through `ONNXFormat.read`.
    private func modelFile(_ name: String, inputDims: [Int?] = [1, 2], nodes: [Onnx_NodeProto],
                           initializers: [Onnx_TensorProto]) throws -> URL {
        try write(name, bytes: B.model(inputDims: inputDims, nodes: nodes, initializers: initializers, output: "y"))
    }

    func testAnInt64WeightFedToGemmIsRefusedNotConverted() throws {
        let url = try modelFile("gemm.onnx", nodes: [B.node("Gemm", ["x", "W", "b"], "y", name: "fc")],
                                initializers: [Self.int64s("W", [2, 2], [1, 2, 3, 4]), B.floats("b", [2], [0, 0])])
        let message = assertRefused(url, mentioning: ["node 0 'fc'", "input 2 'W' is an int64 tensor"]) { try ONNXFormat.read(contentsOf: url) }
        XCTAssertEqual(message, "\(url.relativePath): node 0 'fc': Gemm: input 2 'W' is an int64 tensor, but the other operand depends on "
                       + "the network input and is floating-point; integer weights are not converted (onnxruntime rejects this model)")
    }

    func testAnInt64WeightFedToMatMulOrAnInt32BiasToAddIsRefused() throws {
        let matMul = try modelFile("matmul.onnx", nodes: [B.node("MatMul", ["x", "W"], "y", name: "mm")],
                                   initializers: [Self.int64s("W", [2, 2], [1, 0, 0, 1])])
        assertRefused(matMul, mentioning: ["node 0 'mm': MatMul: input 2 'W' is an int64 tensor"]) { try ONNXFormat.read(contentsOf: matMul) }

        var bias = Onnx_TensorProto()
        bias.name = "c"
        bias.dims = [2]
        bias.dataType = Int32(Onnx_TensorProto.DataType.int32.rawValue)
        bias.int32Data = [1, 2]
        let add = try modelFile("add.onnx", nodes: [B.node("Add", ["x", "c"], "y", name: "shift")], initializers: [bias])
        assertRefused(add, mentioning: ["node 0 'shift': Add: input 2 'c' is an int32 tensor"]) { try ONNXFormat.read(contentsOf: add) }
    }

    func testIntegerAndFloatConstantsDoNotMixAndShapesMustBeInt64() throws {
        let mixed = try modelFile("mixed.onnx", nodes: [
            B.node("Mul", ["W", "k"], "W2", name: "scale"),
            B.node("MatMul", ["x", "W2"], "y"),
        ], initializers: [B.floats("W", [2, 2], [1, 0, 0, 1]), Self.int64s("k", [], [3])])
        assertRefused(mixed, mentioning: ["node 0 'scale': Mul: input 1 'W' is float but input 2 'k' is int64"]) {
            try ONNXFormat.read(contentsOf: mixed)
        }
        let floatShape = try modelFile("shape.onnx", nodes: [B.node("Reshape", ["x", "s"], "y", name: "r")],
                                       initializers: [B.floats("s", [2], [2, 1])])
        assertRefused(floatShape, mentioning: ["node 0 'r': Reshape: target shape entries must be an int64 tensor, found float"]) {
            try ONNXFormat.read(contentsOf: floatShape)
        }
    }

    func testIntegerConstantsStillComputeShapesAndDivideAsIntegers() throws {
        // The target shape (7, 2) / 2 = (3, 1): onnxruntime truncates integer division (3.5 would be refused).
        let url = try modelFile("intdiv.onnx", inputDims: [3], nodes: [
            B.node("Div", ["numerators", "two"], "target"),
            B.node("Reshape", ["x", "target"], "r"),
            B.node("Flatten", ["r"], "y"),
        ], initializers: [Self.int64s("numerators", [2], [7, 2]), Self.int64s("two", [], [2])])
        let net = try ONNXFormat.read(contentsOf: url)
        XCTAssertEqual(net.layerSizes, [3, 3], "Reshape and Flatten of the input: an identity layer")
    }

    func testADivisionByATinyConstantThatMakesAWeightInfiniteNamesTheNode() throws {
        let url = try modelFile("tiny.onnx", nodes: [
            B.node("MatMul", ["x", "W"], "m", name: "fc"),
            B.node("Div", ["m", "eps"], "y", name: "rescale"),
        ], initializers: [B.floats("W", [2, 2], [1, 2, 3, 4]), B.doubles("eps", [], [Self.subnormal])])
        let message = assertRefused(url, mentioning: ["node 1 'rescale'"]) { try ONNXFormat.read(contentsOf: url) }
        XCTAssertEqual(message, "\(url.relativePath): node 1 'rescale': Div: the result has an infinite or NaN coefficient "
                       + "(a folded weight or constant overflows Double)")
    }

    func testALeadingDivisionByASubnormalIsNotKeptAsAnInputScale() throws {
        // (x − 0) / 2e-314 would send every input to ±∞ when the network is evaluated.
        let url = try modelFile("norm.onnx", nodes: [
            B.node("Div", ["x", "eps"], "n", name: "normalise"),
            B.node("MatMul", ["n", "W"], "y"),
        ], initializers: [B.doubles("eps", [2], [Self.subnormal, Self.subnormal]), B.floats("W", [2, 2], [1, 2, 3, 4])])
        assertRefused(url, mentioning: ["node 0 'normalise': Div: the result has an infinite or NaN coefficient"]) {
            try ONNXFormat.read(contentsOf: url)
        }
    }

    func testRepeatedMultiplicationsThatOverflowNameTheFirstNodeThatOverflows() throws {
        let url = try modelFile("mul.onnx", nodes: [
            B.node("MatMul", ["x", "W"], "m0"),
            B.node("Mul", ["m0", "big"], "m1", name: "a"),
            B.node("Mul", ["m1", "big"], "m2", name: "b"),
            B.node("Mul", ["m2", "big"], "m3", name: "c"),
            B.node("Mul", ["m3", "big"], "y", name: "d"),
        ], initializers: [B.floats("W", [2, 2], [1, 2, 3, 4]), B.floats("big", [], [3e38])])
        // Weights up to 4 · (3e38)^4 ≈ 3e154: large, but finite.
        XCTAssertNoThrow(try ONNXFormat.read(contentsOf: url), "large but finite weights are not refused")
        let overflowing = try modelFile("mul2.onnx", nodes: [
            B.node("MatMul", ["x", "W"], "m0"),
            B.node("Mul", ["m0", "big"], "m1", name: "a"),
            B.node("Mul", ["m1", "big"], "y", name: "b"),
        ], initializers: [B.floats("W", [2, 2], [1, 2, 3, 4]), B.doubles("big", [], [1e200])])
        assertRefused(overflowing, mentioning: ["node 2 'b': Mul: the result has an infinite or NaN coefficient"]) {
            try ONNXFormat.read(contentsOf: overflowing)
        }
    }

    func testAnInputOfTwoToTheTwentyEightElementsIsRefusedBeforeAllocation() throws {
        let url = try modelFile("huge-input.onnx", inputDims: [1, 1 << 14, 1 << 14], nodes: [B.node("Relu", ["x"], "y")], initializers: [])
        let message = assertRefused(url, mentioning: ["16777216 (2^24) inputs"]) { try ONNXFormat.read(contentsOf: url) }
        XCTAssertEqual(message, "\(url.relativePath): input 'x' has shape [1, 16384, 16384], 268435456 elements, "
                       + "more than the limit of 16777216 (2^24) inputs")
        let larger = try modelFile("larger.onnx", inputDims: [nil, 1 << 20, 1 << 20], nodes: [B.node("Relu", ["x"], "y")], initializers: [])
        assertRefused(larger, mentioning: ["has more than the limit of 268435456 (2^28) elements"]) { try ONNXFormat.read(contentsOf: larger) }
    }

    func testALayerBuiltFromAnIdentityCannotExceedTheParameterLimit() throws {
        // x + x on 2^15 inputs, then ReLU: a 2^15 × 2^15 diagonal layer (8 GiB dense) from a file of a hundred bytes.
        let url = try modelFile("identity.onnx", inputDims: [1 << 15], nodes: [
            B.node("Add", ["x", "x"], "s"),
            B.node("Relu", ["s"], "y", name: "relu"),
        ], initializers: [])
        assertRefused(url, mentioning: ["node 1 'relu': a 32768 × 32768 layer would bring the network past the limit of 268435456 (2^28) parameters"]) {
            try ONNXFormat.read(contentsOf: url)
        }
    }

    func testATransposedInputWhoseDenseMapWouldBeHugeIsRefused() throws {
        // Gemm with transA on a 128 × 129 view of the input: a 16512 × 16512 permutation matrix, over 2^28 entries.
        let url = try modelFile("transpose.onnx", inputDims: [128, 129], nodes: [
            B.node("Gemm", ["x", "W"], "y", name: "t", [B.attribute("transA", 1)]),
        ], initializers: [B.floats("W", [128, 1], Array(repeating: 1, count: 128))])
        assertRefused(url, mentioning: ["node 0 't'", "matrix, more than the limit of 268435456 (2^28) coefficients"]) {
            try ONNXFormat.read(contentsOf: url)
        }
    }

    func testAnEmptyConstantWithHugeExtentsCannotOverflowItsStrides() throws {
        // 0 × 2^28 × 2^28 × 2^28 has no element, but its strides would overflow Int.
        var empty = B.floats("c", [], [])
        empty.dims = [0, 1 << 28, 1 << 28, 1 << 28]
        let url = try modelFile("strides.onnx", inputDims: [1, 1], nodes: [B.node("Add", ["x", "c"], "y", name: "add")], initializers: [empty])
        assertRefused(url, mentioning: ["node 0 'add'", "more than the limit of 268435456 (2^28) elements"]) {
            try ONNXFormat.read(contentsOf: url)
        }
    }
}
