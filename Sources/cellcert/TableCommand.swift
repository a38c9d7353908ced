import ArgumentParser
import CellCert
import Foundation

extension DatasetTableFormat: ExpressibleByArgument {}

/// `cellcert table`: certify every input of a data set; one row per input and a summary.
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Certify a data set: one row per input (class, radii, bounds, Monte Carlo) and a summary.",
        discussion: """
            Rows: index, label, predicted class, correct, face hyperplanes, facets (--facets), the \
            certified radius per --norm and the binding unit, the radius inside the domain per norm \
            (--domain), the decision-boundary distance R or its bounds (--boundary), per --epsilon the \
            paper's bound and the exact-cap bound (and the Monte Carlo estimate with --samples), ε*(η), \
            ε*/r, suspicious, time in ms. The summary counts correct inputs, gives mean/median/min/max \
            radius per norm, per ε the fraction certified (r_l2 ≥ ε), suspicious and the mean bounds, \
            the certified accuracy at each ε and norm (from the cell radius, the in-domain radius and R), \
            and a legend of every symbol shown. Inputs are spread over --threads threads; the results do \
            not depend on the thread count. --plot writes figures (SVG, PDF or PGFPlots .tex), --html a \
            self-contained page. See Docs/cli.md and Docs/json-output.md.
            """
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var inputOptions: InputOptions

    @Option(name: .customLong("norm"), help: "Norm of the certified radius: l2, linf, l1 (repeatable; default all three; l2 is added with --epsilon).")
    var norms: [Norm] = []

    @Flag(help: "Classify each cell's face hyperplanes into true facets with GLPK linear programs.")
    var facets = false

    @OptionGroup(title: "Input domain") var domainOption: DomainOption

    @OptionGroup(title: "Decision boundary") var boundaryOptions: BoundaryOptions

    @OptionGroup(title: "Probabilistic robustness") var robustness: RobustnessOptions

    @Option(help: "Output format: text, markdown, csv, latex, json.")
    var format: DatasetTableFormat = .text

    @Option(help: "Write the table to this file instead of standard output.")
    var output: String?

    @Flag(help: "LaTeX: keep the timing columns (left out by default: times differ between runs and machines).")
    var timing = false

    @OptionGroup(title: "Figures") var figures: FigureOptionGroup

    func run() throws {
        try checkOutputs((output.map { [("--output", $0)] } ?? []) + figures.outputs, model: modelOptions, inputs: inputOptions)
        try figures.checkTools()
        let loaded = try modelOptions.loadAny()
        switch loaded.network {
        case .dense(let network): try tabulate(network, format: loaded.format)
        case .graph(let network): try tabulate(network, format: loaded.format)
        }
    }

    /// The command for a loaded network, dense or a graph.
    private func tabulate(_ network: some CertifiableNetwork, format modelFormat: ModelFileFormat) throws {
        try robustness.check(for: network)
        let data = try inputOptions.load(for: network)
        let domain = try domainOption.box(for: network)
        let free = try domainOption.freeFeatures(in: domain, names: data.featureNames, dimension: network.inputDimension)
        let boundary = try boundaryOptions.options(norm: norms.first ?? .linf, domain: domain)
        let request = CertificationRequest(norms: norms.isEmpty ? Norm.allCases : norms, facets: facets,
                                           domain: domain, freeFeatures: free, boundary: boundary,
                                           robustness: robustness.request, threads: robustness.threads)
        let units = request.progressUnits(inputCount: data.items.count)
        let progress = ProgressLine(label: "table", total: units.total, threshold: 1, unit: units.unit, delay: 1)
        let table = try reportingFailures {
            try DatasetTable.compute(
                network: network, model: .init(network: network, path: modelOptions.model, format: modelFormat.rawValue),
                source: inputOptions.inputs ?? "--input",
                inputs: data.labelled, request: request, domainSource: domainOption.source,
                progress: { done, _ in progress.update(done) })
        }
        progress.finish()
        // The figures are put in place only once the table is written (`writeOutput`).
        let text = try reportingFailures { try table.rendered(as: format, timing: timing) }
        let commandLine = (["cellcert"] + CommandLine.arguments.dropFirst()).map(Self.shellQuoted).joined(separator: " ")
        try writeOutput(text, to: output, alongside: try figures.sideFiles(for: table, commandLine: commandLine))
    }

    /// `argument` as a shell would need it: unchanged when plain, else in single quotes.
    static func shellQuoted(_ argument: String) -> String {
        let plain = !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+%".contains($0) }
        return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
