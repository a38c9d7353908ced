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
            self-contained page. --output FILE.jsonl streams one JSON line per input as it is done \
            (with --resume and --shard K/N for long and cluster runs; `cellcert merge` renders such files). \
            See Docs/cli.md, Docs/json-output.md and Docs/cluster.md.
            """
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var inputOptions: InputOptions

    @Option(name: .customLong("norm"), help: "Norm of the certified radius: l2, linf, l1 (repeatable; default all three; l2 is added with --epsilon).")
    var norms: [Norm] = []

    @Flag(help: "Classify each cell's face hyperplanes into true facets with GLPK linear programs.")
    var facets = false

    @OptionGroup(title: "Input domain") var domainOption: DomainOption

    @OptionGroup var memory: CellMemoryOption

    @OptionGroup(title: "Decision boundary") var boundaryOptions: BoundaryOptions

    @OptionGroup(title: "Probabilistic robustness") var robustness: RobustnessOptions

    @Option(help: "Output format: text (default), markdown, csv, latex, json.")
    var format: DatasetTableFormat?

    @Option(help: "Write the table to this file instead of standard output; FILE.jsonl streams one JSON line per input as it is done (Docs/cluster.md).")
    var output: String?

    @Flag(help: "Continue the --output FILE.jsonl of an interrupted run: check its options, keep its inputs, compute the rest.")
    var resume = false

    @Option(help: ArgumentHelp("Compute only slice K of N of the selected inputs (positions K−1, K−1+N, …); needs --output FILE.jsonl.",
                               valueName: "K/N"))
    var shard: String?

    @Flag(help: "LaTeX: keep the timing columns (left out by default: times differ between runs and machines).")
    var timing = false

    @OptionGroup(title: "Figures") var figures: FigureOptionGroup

    /// Whether the table is streamed as JSON Lines (`--output` names a `.jsonl` file).
    var streams: Bool { output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() == "jsonl" } ?? false }

    func validate() throws {
        if streams {
            if format != nil { throw ValidationError("--format: --output FILE.jsonl streams JSON Lines; render them with `cellcert merge FILE.jsonl --format …`") }
            if !figures.outputs.isEmpty || timing {
                throw ValidationError("--plot, --html and --timing render a table; with --output FILE.jsonl use `cellcert merge FILE.jsonl` for them")
            }
        } else if resume || shard != nil {
            throw ValidationError("\(resume ? "--resume" : "--shard") needs --output FILE.jsonl (the streamed table)")
        }
        if let shard {
            do { _ = try TableShard(parsing: shard) } catch { throw ValidationError(String(describing: error)) }
        }
    }

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
                                           robustness: robustness.request, maximumCellBytes: memory.bytes,
                                           threads: robustness.threads)
        if streams, let output {
            return try stream(network, to: output, format: modelFormat, data: data, request: request)
        }
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
        let text = try reportingFailures { try table.rendered(as: format ?? .text, timing: timing) }
        let commandLine = (["cellcert"] + CommandLine.arguments.dropFirst()).map(Self.shellQuoted).joined(separator: " ")
        try writeOutput(text, to: output, alongside: try figures.sideFiles(for: table, commandLine: commandLine))
    }

    /// Streams the table to `path` as JSON Lines (`TableStream`); a note on standard error says what was done.
    private func stream(_ network: some CertifiableNetwork, to path: String, format modelFormat: ModelFileFormat,
                        data: InputOptions.Loaded, request: CertificationRequest) throws {
        let inputs = data.labelled
        var seen: Set<Int> = []
        for item in inputs where !seen.insert(item.index).inserted {
            throw CommandLineFailure(message: "--index: row \(item.index) is selected twice; the lines of --output FILE.jsonl are keyed by row")
        }
        let shard = try reportingFailures { try self.shard.map { try TableShard(parsing: $0) } } ?? .whole
        let options = TableRunOptions(
            modelSHA256: try reportingFailures { try SHA256.hex(ofFile: modelOptions.model) },
            inputsSHA256: try reportingFailures {
                try inputOptions.inputs.map { try SHA256.hex(ofFile: $0) } ?? SHA256.hex(of: Data((inputOptions.input ?? "").utf8))
            },
            labelsSHA256: try reportingFailures { try inputOptions.labels.map { try SHA256.hex(ofFile: $0) } },
            reading: readingOptions, selection: inputs.map(\.index), request: request, domainSource: domainOption.source)
        let slice = shard.slice(inputs)
        let model = CertificationReport.ModelSummary(network: network, path: modelOptions.model, format: modelFormat.rawValue)
        let settings = DatasetTable.Settings(request: request, source: inputOptions.inputs ?? "--input",
                                             domainSource: domainOption.source, inputCount: slice.count)
        let header = TableLinesHeader(options: options, model: model, settings: settings, shard: shard)
        let outcome = try TableStream(path: path, resume: resume, shard: shard).run(header: header, inputs: slice) { remaining, rowDone in
            let units = request.progressUnits(inputCount: remaining.count)
            let progress = ProgressLine(label: "table", total: units.total, threshold: 1, unit: units.unit, delay: 1)
            _ = try reportingFailures {
                try DatasetTable.compute(network: network, model: model, source: settings.inputs, inputs: remaining,
                                         request: request, domainSource: domainOption.source,
                                         progress: { done, _ in progress.update(done) }, rowDone: rowDone)
            }
            progress.finish()
        }
        var note = "table: \(path): \(outcome.kept + outcome.computed) of \(slice.count) inputs of shard \(shard) done"
        note += " (\(outcome.computed) certified now, \(outcome.kept) kept from the file"
        note += outcome.droppedPartialLine ? "; its cut last line was dropped and computed again)" : ")"
        StandardError.write(note + "\n")
    }

    /// The options that read the model and the data, as given: part of `TableRunOptions`.
    private var readingOptions: [String] {
        var words = ["--label-column \(inputOptions.labelColumn)", "--header \(inputOptions.header.rawValue)",
                     "--scale \(inputOptions.scale)"]
        if let decision = modelOptions.decision { words.append("--decision \(decision.rawValue)") }
        if let layout = modelOptions.layout { words.append("--layout \(layout.rawValue)") }
        if let mean = modelOptions.meanText { words.append("--mean \(mean)") }
        if let std = modelOptions.stdText { words.append("--std \(std)") }
        return words
    }

    /// `argument` as a shell would need it: unchanged when plain, else in single quotes.
    static func shellQuoted(_ argument: String) -> String {
        let plain = !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+%".contains($0) }
        return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
