import ArgumentParser
import CellCert
import Foundation

extension DecisionHead: ExpressibleByArgument {}
extension Norm: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension ImageLayout: ExpressibleByArgument {}

/// The model argument and the options that change how it is read.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The network: .nnet, native .json or .onnx (Docs/formats.md).")
    var model: String

    @Option(help: "Override the decision head: threshold, argmax or argmin (defaults: .nnet argmin as ACAS Xu, .onnx argmax; one output: threshold).")
    var decision: DecisionHead?

    @Option(help: "Convolutional models: the order of image values in the inputs, chw (the model's own [1, C, H, W]) or hwc (channels last, as ERAN's CIFAR-10 CSV). Default chw.")
    var layout: ImageLayout?

    @Option(name: .customLong("mean"), help: "Convolutional models: subtract this from the inputs before the model, one value per channel or one for all (e.g. 0.485,0.456,0.406).")
    var meanText: String?

    @Option(name: .customLong("std"), help: "Convolutional models: then divide by this, one value per channel or one for all (e.g. 0.225). Radii stay in the units of the inputs.")
    var stdText: String?

    func validate() throws {
        _ = try values(meanText, option: "--mean")
        _ = try values(stdText, option: "--std")
    }

    /// The numbers of a comma-separated option value.
    private func values(_ text: String?, option: String) throws -> [Double]? {
        guard let text else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return try parts.map { part in
            guard let v = Double(part), v.isFinite else {
                throw ValidationError("\(option) takes finite numbers separated by commas, got '\(part)'")
            }
            return v
        }
    }

    /// The loaded network, dense or a graph of operators (convolutional and
    /// residual ONNX models), and its file format. When neither `--decision` nor
    /// the file names the decision rule, a note on standard error says which
    /// default is used (a wrong rule silently scores near 0%).
    func loadAny() throws -> (network: LoadedNetwork, format: ModelFileFormat) {
        var loaded = try reportingFailures {
            (network: try ModelLoader.loadAny(path: model, decisionOverride: decision), format: try ModelFileFormat(path: model))
        }
        let (mean, std) = (try values(meanText, option: "--mean"), try values(stdText, option: "--std"))
        if layout != nil || mean != nil || std != nil {
            guard case .graph(let net) = loaded.network else {
                throw CommandLineFailure(message: "\(model): --layout, --mean and --std apply to convolutional models; this one is dense")
            }
            do {
                loaded.network = .graph(try net.readingInput(layout: layout ?? .chw, mean: mean, std: std))
            } catch {
                throw CommandLineFailure(message: "\(model): \(CommandLineFailure(describing: error).message)")
            }
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
