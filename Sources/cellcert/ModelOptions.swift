import ArgumentParser
import CellCert

extension DecisionHead: ExpressibleByArgument {}
extension Norm: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// The model argument and the options that change how it is read.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The network: .nnet, native .json or .onnx (Docs/formats.md).")
    var model: String

    @Option(help: "Override the decision head: threshold, argmax or argmin (defaults: .nnet argmin as ACAS Xu, .onnx argmax; one output: threshold).")
    var decision: DecisionHead?

    /// The loaded network and its file format.
    func load() throws -> (network: Network, format: ModelFileFormat) {
        try reportingFailures {
            (try ModelLoader.load(path: model, decisionOverride: decision), try ModelFileFormat(path: model))
        }
    }
}
