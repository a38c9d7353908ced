import Foundation
internal import ONNXProto
internal import SwiftProtobuf

/// Fully connected ReLU networks in ONNX (`.onnx`), e.g. the VNN-COMP ACAS Xu
/// and MNIST networks. Docs/formats.md ("ONNX") describes the mapping.
///
/// The importer understands the operators in `supportedOperators`: `Gemm`
/// (alpha, beta, transA, transB), `MatMul`, `Add`/`Sub` (constants or two
/// network-dependent tensors), `Mul`/`Div` by constants, `Relu`, and the pure
/// reshapes `Flatten`, `Reshape`, `Squeeze`, `Unsqueeze`, `Identity`, with
/// `Constant` nodes and initializers in float32, float64 (int64 for shapes
/// and axes), stored in `raw_data` or in the typed fields.
///
/// Models onnxruntime would refuse are refused, never repaired: an integer
/// tensor as an operand of an arithmetic operator beside the (floating-point)
/// network input — an int64 `Gemm` weight — or mixed integer and floating
/// constants (`ONNXElementType`). So are models whose folded weights overflow
/// `Double` (a `Div` by a tiny constant), naming the node, and models that
/// claim more than `FormatLimits` allows (the input's element count, any
/// tensor's, the network's parameters), checked before allocating.
///
/// How the graph becomes a `Network`:
/// - The graph has one input besides its initializers; its tensor is
///   flattened in row-major order, a symbolic leading batch extent counting
///   as 1 (`[1, 784, 1]`, `[1, 1, 1, 5]`, `[batch, 1, 28, 28]` and `[5]` give
///   `d = 784, 5, 784, 5`). The output is flattened likewise.
/// - Consecutive affine operators with no `Relu` between them are merged into
///   one `DenseLayer`, composing their matrices in `Double`. Weights are read
///   exactly (float32 → `Double` is exact), and a `MatMul`/`Gemm` followed by
///   an `Add`, as exporters write a dense layer, is reproduced exactly; a
///   longer chain (two matrix products, or `Mul`/`Div` after a product) is
///   rounded once per composed dot product, which is the only difference from
///   evaluating the operators one by one.
/// - `Sub`, `Add` and `Div` by constants applied to the input before anything
///   else (`(x − mean) / std`, as in ACAS Xu's ONNX files) become the
///   network's `inputTransform`, evaluated exactly as written; other
///   normalisations are folded into the first layer.
/// - ONNX has no decision head: pass one, or get `argmax` for two or more
///   outputs and `threshold` for one.
public enum ONNXFormat {
    /// The operators the importer understands.
    public static var supportedOperators: [String] { ONNXGraphImporter.supportedOperators }

    /// Reads the network in the ONNX file at `url`.
    ///
    /// - Parameter decision: the decision head; `nil` means `argmax` for two or
    ///   more outputs and `threshold` for one (ONNX files carry none).
    /// - Throws: `ModelFormatError` naming the file: missing or unreadable file,
    ///   not a valid ONNX protobuf (truncated or corrupted), and, naming the node
    ///   by 0-based index and name (`net.onnx: node 3 'LeakyRelu_7': unsupported
    ///   operator LeakyRelu (supported: …)`), an unsupported operator or graph
    ///   structure (skip connections, products of two network-dependent tensors),
    ///   shapes that do not fit, operand element types that do not match, NaN
    ///   or infinite weights (in the file or after folding), sizes beyond
    ///   `FormatLimits`, or an invalid network.
    public static func read(contentsOf url: URL, decision: DecisionHead? = nil) throws -> Network {
        let (data, name) = try contents(of: url)
        return try parse(data, name: name, decision: decision)
    }

    /// Reads the network in the ONNX file at `url`, dense or not: a chain of
    /// dense layers becomes a `Network`, a graph with convolutions, pooling,
    /// batch normalisation or residual sums a `GraphNetwork`
    /// (`parseAny(_:name:decision:)`).
    public static func readAny(contentsOf url: URL, decision: DecisionHead? = nil) throws -> LoadedNetwork {
        let (data, name) = try contents(of: url)
        return try parseAny(data, name: name, decision: decision)
    }

    /// The bytes of the file at `url` and its name for messages.
    private static func contents(of url: URL) throws -> (Data, String) {
        let name = TextFile.displayName(of: url)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ModelFormatError(file: name, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw ModelFormatError(file: name, message: "is a directory, not a file") }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelFormatError(file: name, message: "cannot be read (\(error.localizedDescription))")
        }
        return (data, name)
    }

    /// Reads the network in the serialized ONNX `ModelProto` `data`; `name`
    /// labels error messages. See `read(contentsOf:decision:)`.
    public static func parse(_ data: Data, name: String = "<onnx>", decision: DecisionHead? = nil) throws -> Network {
        var importer = try ONNXGraphImporter(model: try decode(data, name: name), file: name)
        return try importer.network(decision: decision)
    }

    /// Reads the serialized ONNX model `data`, dense or not.
    ///
    /// A graph whose operators are all the chain importer's (`supportedOperators`)
    /// and that is a chain gives a `Network` exactly as `parse(_:name:decision:)`;
    /// any other graph (convolutions, pooling, batch normalisation, padding,
    /// transposes, residual sums) gives a `GraphNetwork`.
    ///
    /// - Throws: `ModelFormatError` as `parse(_:name:decision:)`; an unsupported
    ///   model gets one message naming every operator it lacks.
    public static func parseAny(_ data: Data, name: String = "<onnx>", decision: DecisionHead? = nil) throws -> LoadedNetwork {
        let model = try decode(data, name: name)
        let probe = try ONNXGraphImporter(model: model, file: name)
        let output = probe.graph.output.count == 1 ? probe.graph.output[0].name : ""
        let order = (try? probe.evaluationOrder(for: output)) ?? []
        let chainOperators = Set(ONNXGraphImporter.supportedOperators)
        if order.allSatisfy({ probe.graph.node[$0].domain.isEmpty && chainOperators.contains(probe.graph.node[$0].opType) }) {
            do {
                var importer = probe
                return .dense(try importer.network(decision: decision))
            } catch let error as ModelFormatError where !isGraphStructure(error) {
                throw error
            } catch {
                // A residual (skip) connection: the graph importer handles it below.
            }
        }
        var importer = ONNXOperatorGraphImporter(base: try ONNXGraphImporter(model: model, file: name))
        return .graph(try importer.network(decision: decision))
    }

    /// Whether the chain importer refused a model only for its graph structure.
    private static func isGraphStructure(_ error: ModelFormatError) -> Bool {
        let text = error.description
        return text.contains("skip connection") || text.contains("bypasses a ReLU")
    }

    /// The decoded protobuf of `data`.
    private static func decode(_ data: Data, name: String) throws -> Onnx_ModelProto {
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw ModelFormatError(file: name, message: "not a valid ONNX model: the protobuf cannot be decoded (\(error))")
        }
        guard model.hasGraph else {
            throw ModelFormatError(file: name, message: "not a valid ONNX model: it has no graph")
        }
        return model
    }
}
