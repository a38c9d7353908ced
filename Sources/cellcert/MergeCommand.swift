import ArgumentParser
import CellCert
import Foundation

/// `cellcert merge`: the table of streamed files, one per shard: of `table --output
/// FILE.jsonl`, or of `verify --instances LIST --output FILE.jsonl` (the kind is
/// read from the first file's header; `MergeCommand+Instances.swift`).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Render the table of streamed JSON Lines files (table or verify --instances with --output FILE.jsonl, one per --shard).",
        discussion: """
            Checks that the files come from the same model (SHA-256) and options, that every shard 1/N … N/N \
            is given once and every selected input is done, then renders the table, summary and figures an \
            unsharded `cellcert table` run renders (the times are the sums of the inputs' times). One file \
            works too: it renders a finished streamed run. Files of `verify --instances` render the result \
            table that command prints (text, markdown, csv or json), after checking that they ran the same \
            instance list, files and options, and that every instance is done exactly once. See Docs/cluster.md.
            """
    )

    @Argument(help: ArgumentHelp("The JSON Lines files of one table, one per shard, in any order.", valueName: "file.jsonl"))
    var files: [String]

    @Option(help: "Output format: text (default), markdown, csv, latex, json.")
    var format: DatasetTableFormat = .text

    @Option(help: "Write the table to this file instead of standard output.")
    var output: String?

    @Flag(help: "LaTeX: keep the timing columns (left out by default: times differ between runs and machines).")
    var timing = false

    @OptionGroup(title: "Figures") var figures: FigureOptionGroup

    func run() throws {
        let outputs = (output.map { [("--output", $0)] } ?? []) + figures.outputs
        for output in outputs { try OutputFile.destination(output.path, for: output.option) }
        try OutputFile.checkDistinct(outputs: outputs, inputs: files.map { ("input file", $0) })
        if let first = files.first, let data = FileManager.default.contents(atPath: first),
           TableLinesFraming(data: data).headerFormat?.format == InstanceLinesHeader.formatName {
            return try mergeInstanceRuns()
        }
        try figures.checkTools()
        let table = try reportingFailures {
            try DatasetTable.merging(try files.map { (path: $0, file: try TableLinesFile(path: $0)) })
        }
        let text = try reportingFailures { try table.rendered(as: format, timing: timing) }
        let commandLine = (["cellcert"] + CommandLine.arguments.dropFirst()).map(TableCommand.shellQuoted).joined(separator: " ")
        try writeOutput(text, to: output, alongside: try figures.sideFiles(for: table, commandLine: commandLine))
    }
}
