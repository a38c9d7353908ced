import ArgumentParser
import CellCert
import Foundation

/// `cellcert certify`: the cell, certified radii and (optionally) facets of each input.
struct CertifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certify",
        abstract: "Certify inputs: predicted class, cell hyperplanes, certified radii (L2, L∞, L1), facets."
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var inputOptions: InputOptions

    @Option(name: .customLong("norm"), help: "Norm of the certified ball: l2, linf, l1 (repeatable; default all three).")
    var norms: [Norm] = []

    @Flag(help: "Classify the cell's face hyperplanes into true facets with GLPK linear programs.")
    var facets = false

    @OptionGroup(title: "Input domain") var domainOption: DomainOption

    @OptionGroup var memory: CellMemoryOption

    @OptionGroup(title: "Decision boundary") var boundaryOptions: BoundaryOptions

    @OptionGroup(title: "Probabilistic robustness") var robustness: RobustnessOptions

    @Option(help: "Re-check every certified radius: 'exact' re-verifies it in exact rational arithmetic from the stored weights (Docs/reliability.md); a radius that fails exits with status 1.")
    var recheck: RecheckMode?

    @Option(help: "Output format: text, json, csv, markdown.")
    var format: ReportFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        try checkOutputs(output.map { [("--output", $0)] } ?? [], model: modelOptions, inputs: inputOptions)
        let loaded = try modelOptions.loadAny()
        switch loaded.network {
        case .dense(let network): try certify(network, format: loaded.format)
        case .graph(let network): try certify(network, format: loaded.format)
        }
    }

    /// The command for a loaded network, dense or a graph.
    private func certify(_ network: some CertifiableNetwork, format modelFormat: ModelFileFormat) throws {
        try robustness.check(for: network)
        let data = try inputOptions.load(for: network)
        let domain = try domainOption.box(for: network)
        let free = try domainOption.freeFeatures(in: domain, names: data.featureNames, dimension: network.inputDimension)
        let boundary = try boundaryOptions.options(norm: norms.first ?? .linf, domain: domain)
        let request = CertificationRequest(norms: norms.isEmpty ? Norm.allCases : norms, facets: facets,
                                           domain: domain, freeFeatures: free, boundary: boundary, robustness: robustness.request,
                                           recheckExactly: recheck == .exact, maximumCellBytes: memory.bytes,
                                           threads: robustness.threads)
        let units = request.progressUnits(inputCount: data.items.count)
        let progress = ProgressLine(label: "certify", total: units.total, threshold: units.unit == "inputs" ? 2 : 200_000,
                                    unit: units.unit, delay: 1)
        let results = try reportingFailures {
            try network.certify(data.labelled, request: request, progress: { done, _ in progress.update(done) })
        }
        progress.finish()
        let report = CertificationReport(
            model: .init(network: network, path: modelOptions.model, format: modelFormat.rawValue),
            results: results, request: request, hiddenLayerCount: network.hiddenLayerCount)
        try writeOutput(try report.rendered(as: format), to: output)
        let failed = report.failedRechecks
        if !failed.isEmpty {
            let shown = failed.prefix(5).map { "input \($0.index) (\($0.norm.rawValue))" }.joined(separator: ", ")
            throw CommandLineFailure(message: "\(failed.count) certified radii failed the exact re-check: \(shown)"
                                     + (failed.count > 5 ? ", …" : ""))
        }
    }
}

/// How `certify --recheck` re-verifies the certified radii.
enum RecheckMode: String, ExpressibleByArgument, CaseIterable {
    /// In exact rational arithmetic (`Cell.recheckExactly(at:norm:radius:)`).
    case exact
}
