import Foundation
import ONNXProto
import SwiftProtobuf

/// Builds small ONNX models in memory with the generated protobuf types, for
/// the importer's tests.
enum ONNXModelBuilder {
    /// A float32 tensor, in `raw_data` (little-endian) or in `float_data`.
    static func floats(_ name: String, _ dims: [Int], _ values: [Float], raw: Bool = true) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = dims.map(Int64.init)
        t.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        if raw {
            var data = Data()
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            t.rawData = data
        } else {
            t.floatData = values
        }
        return t
    }

    /// A float64 tensor in `double_data`.
    static func doubles(_ name: String, _ dims: [Int], _ values: [Double]) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = dims.map(Int64.init)
        t.dataType = Int32(Onnx_TensorProto.DataType.double.rawValue)
        t.doubleData = values
        return t
    }

    /// An int64 tensor in `int64_data` (shapes, axes).
    static func int64s(_ name: String, _ values: [Int]) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = [Int64(values.count)]
        t.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        t.int64Data = values.map(Int64.init)
        return t
    }

    /// An attribute: `Int` → INT, `Float` → FLOAT, `[Int]` → INTS, `Onnx_TensorProto` → TENSOR.
    static func attribute(_ name: String, _ value: Any) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        switch value {
        case let i as Int: a.type = .int; a.i = Int64(i)
        case let f as Float: a.type = .float; a.f = f
        case let ints as [Int]: a.type = .ints; a.ints = ints.map(Int64.init)
        case let t as Onnx_TensorProto: a.type = .tensor; a.t = t
        default: fatalError("unsupported attribute value \(value)")
        }
        return a
    }

    /// A node.
    static func node(_ op: String, _ inputs: [String], _ output: String, name: String = "",
                     _ attributes: [Onnx_AttributeProto] = []) -> Onnx_NodeProto {
        var n = Onnx_NodeProto()
        n.opType = op
        n.input = inputs
        n.output = [output]
        n.name = name
        n.attribute = attributes
        return n
    }

    /// A float tensor's type with `dims` (`nil` = a symbolic extent).
    static func valueInfo(_ name: String, _ dims: [Int?]) -> Onnx_ValueInfoProto {
        var v = Onnx_ValueInfoProto()
        v.name = name
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        var shape = Onnx_TensorShapeProto()
        for d in dims {
            var dim = Onnx_TensorShapeProto.Dimension()
            if let d { dim.dimValue = Int64(d) } else { dim.dimParam = "batch" }
            shape.dim.append(dim)
        }
        tensor.shape = shape
        v.type.tensorType = tensor
        return v
    }

    /// A serialized model: input `x` with `inputDims`, output `outputName`.
    static func model(inputDims: [Int?], nodes: [Onnx_NodeProto], initializers: [Onnx_TensorProto],
                      output outputName: String, outputDims: [Int?] = []) throws -> Data {
        var graph = Onnx_GraphProto()
        graph.name = "test"
        graph.input = [valueInfo("x", inputDims)]
        graph.output = [valueInfo(outputName, outputDims)]
        graph.node = nodes
        graph.initializer = initializers
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 13
        model.opsetImport = [opset]
        model.graph = graph
        return try model.serializedBytes()
    }
}
