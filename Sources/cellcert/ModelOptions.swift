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

    /// The loaded network, dense or a graph of operators (convolutional and
    /// residual ONNX models), and its file format. When neither `--decision` nor
    /// the file names the decision rule, a note on standard error says which
    /// default is used (a wrong rule silently scores near 0%).
    func loadAny() throws -> (network: LoadedNetwork, format: ModelFileFormat) {
        let loaded = try reportingFailures {
            (network: try ModelLoader.loadAny(path: model, decisionOverride: decision), format: try ModelFileFormat(path: model))
        }
        let head: DecisionHead
        switch loaded.network {
        case .dense(let net): head = net.decision
        case .graph(let net): head = net.decision
        }
        if decision == nil, head != .threshold, !ModelLoader.recordsDecision(path: model) {
            let other: DecisionHead = head == .argmax ? .argmin : .argmax
            StandardError.write("note: \(model) does not record its decision rule; using \(head.rawValue), "
                                + "the .\(loaded.format.rawValue) default (give --decision \(other.rawValue) for the other rule)\n")
        }
        return loaded
    }

    /// The loaded dense network and its file format, for commands that need
    /// dense layers (`verify`, `bound`, `convert`).
    ///
    /// - Throws: a one-line error naming the file when it is a graph network.
    func load() throws -> (network: Network, format: ModelFileFormat) {
        let loaded = try loadAny()
        switch loaded.network {
        case .dense(let net):
            return (net, loaded.format)
        case .graph:
            throw CommandLineFailure(message: "\(model): a convolutional or residual network; this command needs a network of dense "
                                     + "layers (graph networks work with info, certify and table)")
        }
    }
}
