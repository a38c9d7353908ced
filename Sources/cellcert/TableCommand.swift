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
            certified radius per --norm, and per --epsilon the paper's bound and the exact-cap bound \
            (and the Monte Carlo estimate with --samples), suspicious, time in ms. The summary counts \
            correct inputs, gives mean/median/min/max radius per norm and, per ε, the fraction \
            certified (r_l2 ≥ ε), the fraction suspicious and the mean bounds. Inputs are spread over \
            --threads threads; the results do not depend on the thread count. --plot writes an SVG \
            figure. See Docs/cli.md and Docs/json-output.md.
            """
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var inputOptions: InputOptions

    @Option(name: .customLong("norm"), help: "Norm of the certified radius: l2, linf, l1 (repeatable; default all three; l2 is added with --epsilon).")
    var norms: [Norm] = []

    @Flag(help: "Classify each cell's face hyperplanes into true facets with GLPK linear programs.")
    var facets = false

    @OptionGroup(title: "Probabilistic robustness") var robustness: RobustnessOptions

    @Option(help: "Output format: text, markdown, csv, latex, json.")
    var format: DatasetTableFormat = .text

    @Option(help: "Write the table to this file instead of standard output.")
    var output: String?

    @Option(help: ArgumentHelp("Also write an SVG figure: radius histograms and, per ε, bounds and Monte Carlo per input.", valueName: "file.svg"))
    var plot: String?

    func validate() throws {
        if let plot, URL(fileURLWithPath: plot).pathExtension.lowercased() != "svg" {
            throw ValidationError("--plot writes SVG: give a file name ending in .svg")
        }
    }

    func run() throws {
        try checkOutputs([output.map { ("--output", $0) }, plot.map { ("--plot", $0) }].compactMap { $0 },
                         model: modelOptions, inputs: inputOptions)
        let loaded = try modelOptions.loadAny()
        switch loaded.network {
        case .dense(let network): try tabulate(network, format: loaded.format)
        case .graph(let network): try tabulate(network, format: loaded.format)
        }
    }

    /// The command for a loaded network, dense or a graph.
    private func tabulate(_ network: some CertifiableNetwork, format modelFormat: ModelFileFormat) throws {
        try robustness.check(for: network)
        let items = try inputOptions.load(for: network)
        let request = CertificationRequest(norms: norms.isEmpty ? Norm.allCases : norms, facets: facets,
                                           robustness: robustness.request, threads: robustness.threads)
        let units = request.progressUnits(inputCount: items.count)
        let progress = ProgressLine(label: "table", total: units.total, threshold: 1, unit: units.unit, delay: 1)
        let table = try reportingFailures {
            try DatasetTable.compute(
                network: network, model: .init(network: network, path: modelOptions.model, format: modelFormat.rawValue),
                source: inputOptions.inputs ?? "--input",
                inputs: items.map { LabelledInput(index: $0.index, values: $0.input, label: $0.label) },
                request: request, progress: { done, _ in progress.update(done) })
        }
        progress.finish()
        // The plot is put in place only once the table is written (`writeOutput`).
        let text = try reportingFailures { try table.rendered(as: format) }
        try writeOutput(text, to: output,
                        alongside: plot.map { [SideFile(option: "--plot", path: $0, contents: SVGPlot.render(table))] } ?? [])
    }
}
