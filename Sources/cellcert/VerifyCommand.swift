import ArgumentParser
import CellCert
import Foundation

/// `cellcert verify MODEL PROPERTY.vnnlib`: a VNN-LIB query answered by bounds, input splitting and exact MILPs.
struct VerifyCommand: ParsableCommand {
    /// How the answer is written.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// VNN-COMP's result text: the answer, then the counterexample for sat.
        case text
        /// One JSON object: answer, counterexample, seconds, MILPs and LPs solved, note.
        case json
    }

    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Answer a VNN-LIB property: sat (with a checked counterexample), unsat, timeout or unknown.",
        discussion: """
            The property describes the unsafe set. Gradient falsification first, then input \
            splitting with rigorous symbolic bounds (outward rounded); boxes the bounds cannot \
            settle get an exact mixed-integer program (GLPK). A counterexample is re-checked \
            by a forward pass with a rounding margin before sat is printed. The first line is the answer; for sat \
            the counterexample follows in VNN-COMP's format ((X_0 v) … (Y_0 v) …). Exit \
            status 0 for every answer. See Docs/verification.md.
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "The VNN-LIB property (.vnnlib), in the network's own input and output units.")
    var property: String

    @Option(parsing: .unconditional, help: "Seconds allowed for the whole query; when reached the answer is timeout.")
    var timeout: Double?

    @Option(parsing: .unconditional, help: "Worker threads for the input-splitting search, default all cores; the answer does not depend on it (time limit aside).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Output format: text (VNN-COMP's result text) or json.")
    var format: Format = .text

    @Option(help: "Write the answer to this file instead of standard output.")
    var output: String?

    func validate() throws {
        try checkTimeout(timeout)
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
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
        switch format {
        case .text:
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
}
