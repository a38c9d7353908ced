import ArgumentParser
import CellCert
import Foundation

/// `cellcert verify MODEL PROPERTY.vnnlib`: a VNN-LIB query answered by bounds,
/// input splitting and exact MILPs; `cellcert verify --instances LIST.csv`: every
/// instance of a VNN-COMP list, as a result table (`VerifyCommand+Instances.swift`).
struct VerifyCommand: ParsableCommand {
    /// How the answer (or the result table) is written.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// VNN-COMP's result text: the answer, then the counterexample for sat;
        /// with `--instances`, an aligned table, the counts and the notes.
        case text
        /// `--instances` only: a Markdown table.
        case markdown
        /// `--instances` only: the table's rows as CSV.
        case csv
        /// One JSON object: answer, counterexample, seconds, MILPs and LPs solved, note;
        /// with `--instances`, every result and the counts.
        case json
    }

    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Answer a VNN-LIB property (or every instance of a VNN-COMP list): sat (with a checked counterexample), unsat, timeout or unknown.",
        discussion: """
            The property describes the unsafe set. Gradient falsification first, then input \
            splitting with rigorous symbolic bounds (outward rounded) and LP proofs with safe \
            dual bounds; boxes they cannot settle get an exact mixed-integer program (GLPK), \
            whose "infeasible" is proven again before unsat is printed. A counterexample is re-checked \
            by a forward pass with a rounding margin before sat is printed. The first line is the answer; for sat \
            the counterexample follows in VNN-COMP's format ((X_0 v) … (Y_0 v) …). Exit \
            status 0 for every answer. See Docs/verification.md.

            --instances LIST.csv runs every line onnx,vnnlib,timeout of a VNN-COMP instance list \
            (paths relative to the list's folder) with its own timeout (capped by --timeout) and \
            prints a result table. An instance whose model or property cannot be read, or does not \
            fit, is answered error and the others still run; the command then exits with status 1 \
            after writing the table. --output FILE.jsonl streams one JSON line per instance (with \
            --resume and --shard K/N; `cellcert merge` renders such files). See Docs/cli.md and Docs/cluster.md.
            """
    )

    @Argument(help: "The network: .nnet, native .json or .onnx (Docs/formats.md); not with --instances.")
    var model: String?

    @Argument(help: "The VNN-LIB property (.vnnlib), in the network's own input and output units; not with --instances.")
    var property: String?

    @Option(help: ArgumentHelp("A VNN-COMP instance list: lines onnx,vnnlib,timeout, paths relative to its folder; runs every instance.",
                               valueName: "list.csv"))
    var instances: String?

    @Option(help: "Override the decision head: threshold, argmax or argmin (it does not change the answer; one MODEL only).")
    var decision: DecisionHead?

    @Option(help: "Convolutional models: the order of image values in the property's inputs, chw (default) or hwc (one MODEL only).")
    var layout: ImageLayout?

    @Option(name: .customLong("mean"), help: "Convolutional models: subtract this from the inputs before the model, one value per channel or one for all (one MODEL only).")
    var meanText: String?

    @Option(name: .customLong("std"), help: "Convolutional models: then divide by this, one value per channel or one for all (one MODEL only).")
    var stdText: String?

    @Option(parsing: .unconditional, help: "Seconds allowed for the whole query; with --instances, a cap on each instance's own timeout. When reached the answer is timeout.")
    var timeout: Double?

    @Option(parsing: .unconditional, help: "Worker threads for the input-splitting search, default all cores; the answer does not depend on it (time limit aside).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Output format: text (VNN-COMP's result text) or json; with --instances also markdown or csv.")
    var format: Format?

    @Option(help: "Write the answer (or the table) to this file instead of standard output; with --instances, FILE.jsonl streams one JSON line per instance as it is done.")
    var output: String?

    @Flag(help: "With --instances: continue the --output FILE.jsonl of an interrupted run: check its header, keep its instances, run the rest.")
    var resume = false

    @Option(help: ArgumentHelp("With --instances: run only slice K of N of the list (instances K−1, K−1+N, …); needs --output FILE.jsonl.",
                               valueName: "K/N"))
    var shard: String?

    /// Whether the results are streamed as JSON Lines (`--instances` and `--output` names a `.jsonl` file).
    var streams: Bool {
        instances != nil && (output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() == "jsonl" } ?? false)
    }

    func validate() throws {
        try checkTimeout(timeout)
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if instances != nil {
            if model != nil || property != nil {
                throw ValidationError("give either MODEL PROPERTY.vnnlib or --instances LIST.csv, not both")
            }
            if decision != nil || layout != nil || meanText != nil || stdText != nil {
                throw ValidationError("--decision, --layout, --mean and --std read one MODEL; with --instances every model is read as VNN-COMP gives it")
            }
            if streams, format != nil {
                throw ValidationError("--format: --output FILE.jsonl streams JSON Lines; render them with `cellcert merge FILE.jsonl --format …`")
            }
            if !streams, resume || shard != nil {
                throw ValidationError("\(resume ? "--resume" : "--shard") needs --output FILE.jsonl (the streamed results)")
            }
        } else {
            guard let model, property != nil else {
                throw ValidationError("verify needs MODEL and PROPERTY.vnnlib, or --instances LIST.csv")
            }
            if resume || shard != nil {
                throw ValidationError("\(resume ? "--resume" : "--shard") needs --instances LIST.csv and --output FILE.jsonl")
            }
            if let format, format == .csv || format == .markdown {
                throw ValidationError("--format \(format.rawValue) renders the table of --instances; one property is written as text or json")
            }
            _ = try modelOptions(model)
        }
        if let shard {
            do { _ = try TableShard(parsing: shard) } catch { throw ValidationError(String(describing: error)) }
        }
    }

    func run() throws {
        if let instances { return try run(instances: instances) }
        guard let model, let property else { return }  // `validate()` requires both without --instances.
        let modelOptions = try modelOptions(model)
        try checkOutputs(output.map { [("--output", $0)] } ?? [], model: modelOptions, reads: [("property file", property)])
        let network = try modelOptions.loadAny().network
        let parsed = try reportingFailures { try VNNLib.read(contentsOf: URL(fileURLWithPath: property)) }
        // The query's errors (sizes that do not match, an unbounded or empty
        // box, a number the solver refuses) are the property's on this model.
        let result: PropertyVerificationResult
        do {
            switch network {
            case .dense(let net): result = try net.verify(parsed, timeLimitSeconds: timeout, threads: threads)
            case .graph(let net): result = try net.verify(parsed, timeLimitSeconds: timeout)
            }
        } catch {
            throw CommandLineFailure(message: "\(property): \(CommandLineFailure(describing: error).message)")
        }
        switch format ?? .text {
        case .text, .markdown, .csv:
            var text = result.answer.rawValue + "\n"
            if let counterexample = result.counterexample { text += counterexample.vnncompText + "\n" }
            try writeOutput(text, to: output)
            if let note = result.note {
                StandardError.write("cellcert: note: \(note)\n")
            }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let json = try reportingFailures { try encoder.encode(result) }
            try writeOutput(String(decoding: json, as: UTF8.self), to: output)
        }
    }

    /// The model and its reading options, as the other commands take them
    /// (`ModelOptions`, parsed from this command's values so that one code
    /// path loads every model).
    private func modelOptions(_ model: String) throws -> ModelOptions {
        var arguments: [String] = []
        if let decision { arguments.append("--decision=\(decision.rawValue)") }
        if let layout { arguments.append("--layout=\(layout.rawValue)") }
        if let meanText { arguments.append("--mean=\(meanText)") }
        if let stdText { arguments.append("--std=\(stdText)") }
        do {
            return try ModelOptions.parse(arguments + ["--", model])
        } catch {
            throw ValidationError(ModelOptions.message(for: error))
        }
    }
}
