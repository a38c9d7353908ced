import ArgumentParser
import CellCert

/// `cellcert convert IN OUT`: rewrite a network in another format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a network between formats (chosen by extension: .nnet, .json; .onnx is read-only)."
    )

    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "The file to write.")
    var destination: String

    func run() throws {
        let network = try modelOptions.load().network
        try reportingFailures { try ModelLoader.save(network, path: destination) }
        print("wrote \(destination): \(network.layerSizes.map(String.init).joined(separator: "-")), decision \(network.decision.rawValue)")
    }
}
