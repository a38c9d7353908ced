import Foundation

/// The model file formats CellCert reads, chosen by file extension.
///
/// To add a format (e.g. ONNX): add a case here, its extension in
/// `init(path:)`, and one line in each switch of `ModelLoader`.
public enum ModelFileFormat: String, CaseIterable, Sendable {
    /// sisl/NNet text format (`NNetFormat`).
    case nnet
    /// CellCert's native JSON format (`NetworkJSONFormat`).
    case json
    /// ONNX, read-only (`ONNXFormat`).
    case onnx

    /// The format for `path`'s extension (case-insensitive).
    ///
    /// - Throws: `ModelFormatError` "unsupported model format '.xyz' (supported: .nnet, .json)".
    public init(path: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension
        guard let format = ModelFileFormat(rawValue: ext.lowercased()) else {
            let supported = ModelFileFormat.allCases.map { ".\($0.rawValue)" }.joined(separator: ", ")
            let shown = ext.isEmpty ? "(no extension)" : "'.\(ext)'"
            throw ModelFormatError(file: path, message: "unsupported model format \(shown) (supported: \(supported))")
        }
        self = format
    }
}

/// Loads and saves networks in any supported format, chosen by extension.
public enum ModelLoader {
    /// The network in the file at `path` (relative to the working directory or absolute).
    ///
    /// - Parameter decisionOverride: the decision head to use instead of the
    ///   file's (JSON's `"decision"`; for `.nnet`, its `cellcert-decision`
    ///   comment or the default `argmin`, `threshold` for one output).
    /// - Throws: `ModelFormatError` for an unsupported extension, a missing or
    ///   malformed file, or an invalid network.
    public static func load(path: String, decisionOverride: DecisionHead? = nil) throws -> Network {
        let format = try ModelFileFormat(path: path)
        let url = URL(fileURLWithPath: path)
        switch format {
        case .nnet: return try NNetFormat.read(contentsOf: url, decision: decisionOverride)
        case .json: return try NetworkJSONFormat.read(contentsOf: url, decisionOverride: decisionOverride)
        case .onnx: return try ONNXFormat.read(contentsOf: url, decision: decisionOverride)
        }
    }

    /// The network in the file at `path`, dense or a graph of operators (ONNX
    /// convolutional and residual networks; other formats are always dense).
    ///
    /// - Throws: as `load(path:decisionOverride:)`.
    public static func loadAny(path: String, decisionOverride: DecisionHead? = nil) throws -> LoadedNetwork {
        let format = try ModelFileFormat(path: path)
        switch format {
        case .nnet, .json: return .dense(try load(path: path, decisionOverride: decisionOverride))
        case .onnx: return try ONNXFormat.readAny(contentsOf: URL(fileURLWithPath: path), decision: decisionOverride)
        }
    }

    /// Whether the model file at `path` names its decision head itself: native
    /// JSON always does (a required key); `.nnet` only with a
    /// `// cellcert-decision:` comment (which `convert` writes); ONNX never (a
    /// graph has outputs, not a rule). Without a record the loaders use a default
    /// (`.nnet` argmin as ACAS Xu, ONNX argmax), which the CLI then states.
    /// An unreadable file counts as not recording it (loading reports the error).
    public static func recordsDecision(path: String) -> Bool {
        guard let format = try? ModelFileFormat(path: path) else { return false }
        switch format {
        case .json: return true
        case .onnx: return false
        case .nnet:
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
            return text.split(separator: "\n", omittingEmptySubsequences: true).contains { line in
                let trimmed = TextFile.trimmed(line)
                return trimmed.hasPrefix("//")
                    && TextFile.trimmed(trimmed.dropFirst(2)).hasPrefix(NNetFormat.decisionCommentPrefix)
            }
        }
    }

    /// Writes `network` to `path` in the format its extension names.
    ///
    /// - Throws: `ModelFormatError` for an unsupported extension, a network the
    ///   format cannot hold (Heaviside layers in `.nnet`), or a write failure.
    public static func save(_ network: Network, path: String) throws {
        let format = try ModelFileFormat(path: path)
        let url = URL(fileURLWithPath: path)
        switch format {
        case .nnet: try NNetFormat.write(network, to: url)
        case .json: try NetworkJSONFormat.write(network, to: url)
        case .onnx: throw ModelFormatError(file: path, message: "writing ONNX is not supported (write .nnet or .json)")
        }
    }
}
