/// A problem found while interpreting one ONNX node or tensor, before the
/// importer attaches the file name and the node's position
/// (`ModelFormatError` with `keyPath` "node 3 'Gemm_2'").
struct ONNXGraphError: Error, Sendable {
    /// What is wrong, in one line.
    let message: String

    init(_ message: String) { self.message = message }
}
