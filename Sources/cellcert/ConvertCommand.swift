import ArgumentParser
import CellCert

/// `cellcert convert IN OUT`: rewrite a network in another format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a network between formats (chosen by extension: .nnet, .json; .onnx is read-only)."
    )

    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "The file to write (atomically; a regular file or a new one, not the model itself).")
    var destination: String

    func run() throws {
        try checkOutputs([("OUT", destination)], model: modelOptions)
        let network = try modelOptions.load().network
        let text = try reportingFailures { () throws -> String in
            switch try ModelFileFormat(path: destination) {
            case .nnet:
                do {
                    return try NNetFormat.serialize(network)
                } catch let error as ModelFormatError {
                    throw ModelFormatError(file: destination, message: error.message)
                }
            case .json:
                return NetworkJSONFormat.serialize(network)
            case .onnx:
                throw ModelFormatError(file: destination, message: "writing ONNX is not supported (write .nnet or .json)")
            }
        }
        try OutputFile.write(text, to: destination, for: "OUT")
        try StandardOutput.writeLine("wrote \(destination): \(network.layerSizes.map(String.init).joined(separator: "-")), decision \(network.decision.rawValue)")
    }
}
