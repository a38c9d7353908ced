import ArgumentParser
import CellCert
import Foundation

extension InputDataset.LabelColumn: ExpressibleByArgument {}

/// Where the inputs come from: a CSV file with a selection, or one inline input.
struct InputOptions: ParsableArguments {
    @Option(help: "CSV file, one input per row (Docs/formats.md).")
    var inputs: String?

    @Option(help: "One input written inline: \"v1,v2,...\".")
    var input: String?

    @Option(help: "0-based row of --inputs to use (repeatable; default: every row).")
    var index: [Int] = []

    @Option(help: "Where the label is in each CSV row: first, last or none.")
    var labelColumn: InputDataset.LabelColumn = .none

    @Option(help: "Divide every input value by this (e.g. 255 for 0–255 pixels).")
    var scale: Double = 1

    /// One selected input with its position in the file and its label.
    struct Item {
        let index: Int
        let input: [Double]
        let label: Int?
    }

    func validate() throws {
        guard (inputs == nil) != (input == nil) else {
            throw ValidationError("give exactly one of --inputs FILE and --input \"v1,v2,...\"")
        }
        guard scale.isFinite, scale > 0 else { throw ValidationError("--scale must be a positive number") }
        if input != nil, !index.isEmpty { throw ValidationError("--index selects rows of --inputs, not of --input") }
    }

    /// The selected inputs, checked against the model's input dimension.
    func load(dimension: Int) throws -> [Item] {
        try reportingFailures {
            if let text = input {
                let x = try InputDataset.parseInline(text, scale: scale, dimension: dimension)
                return [Item(index: 0, input: x, label: nil)]
            }
            let path = inputs!
            let data = try InputDataset.read(contentsOf: URL(fileURLWithPath: path), labelColumn: labelColumn,
                                             scale: scale, dimension: dimension)
            let chosen = index.isEmpty ? Array(0..<data.count) : index
            let selected = try data.selecting(chosen)
            return chosen.indices.map { k in
                Item(index: chosen[k], input: selected.inputs[k], label: selected.labels?[k])
            }
        }
    }
}
