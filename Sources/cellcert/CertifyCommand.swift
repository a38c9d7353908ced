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

    @OptionGroup(title: "Decision boundary") var boundaryOptions: BoundaryOptions

    @OptionGroup(title: "Probabilistic robustness") var robustness: RobustnessOptions

    @Option(help: "Output format: text, json, csv, markdown.")
    var format: ReportFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        let loaded = try modelOptions.load()
        let network = loaded.network
        let items = try inputOptions.load(dimension: network.inputDimension)
        let domain = try domainOption.box(for: network)
        let boundary = try boundaryOptions.options(norm: norms.first ?? .linf, domain: domain)
        let request = CertificationRequest(norms: norms.isEmpty ? Norm.allCases : uniqued(norms), facets: facets,
                                           domain: domain, boundary: boundary)
        // --threads 1 keeps every computation on one core, the large products too.
        let results = try Parallelism.run(allowed: robustness.threads > 1) {
            try reportingFailures {
                try items.map { item in
                    let certificate = try network.certify(item.input, request: request)
                    var result = CertificationReport.Result(index: item.index, label: item.label, certificate: certificate,
                                                            hiddenLayerCount: network.hiddenLayerSizes.count)
                    try robustness.attach(to: &result, certificate: certificate, network: network)
                    return result
                }
            }
        }
        let report = CertificationReport(
            model: .init(network: network, path: modelOptions.model, format: loaded.format.rawValue),
            results: results, norms: request.norms)
        let text = try report.rendered(as: format)
        try writeOutput(text, to: output)
    }

    private func uniqued(_ values: [Norm]) -> [Norm] {
        var seen = Set<Norm>()
        return values.filter { seen.insert($0).inserted }
    }
}

/// Writes `text` to `path`, or to standard output when `path` is nil.
func writeOutput(_ text: String, to path: String?) throws {
    guard let path else {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        return
    }
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw CommandLineFailure(message: "\(path): cannot write the report (\(error.localizedDescription))")
    }
}
