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

    /// The loaded network and its file format. When neither `--decision` nor the
    /// file names the decision rule, a note on standard error says which default
    /// is used (a wrong rule silently scores near 0%).
    func load() throws -> (network: Network, format: ModelFileFormat) {
        let loaded = try reportingFailures {
            (network: try ModelLoader.load(path: model, decisionOverride: decision), format: try ModelFileFormat(path: model))
        }
        if decision == nil, loaded.network.decision != .threshold, !ModelLoader.recordsDecision(path: model) {
            let other: DecisionHead = loaded.network.decision == .argmax ? .argmin : .argmax
            StandardError.write("note: \(model) does not record its decision rule; using \(loaded.network.decision.rawValue), "
                                + "the .\(loaded.format.rawValue) default (give --decision \(other.rawValue) for the other rule)\n")
        }
        return loaded
    }
}
