import ArgumentParser
import CellCert
import Foundation

extension InputDataset.LabelColumn: ExpressibleByArgument {
    public init?(argument: String) {
        guard !argument.isEmpty else { return nil }
        self.init(argument)
    }
}

extension InputDataset.HeaderRow: ExpressibleByArgument {}

/// Where the inputs come from: a data file (CSV, .npy or IDX) with a
/// selection, or one inline input.
struct InputOptions: ParsableArguments {
    @Option(help: "Data file, one input per row: CSV, NumPy .npy or IDX (*-idx3-ubyte); see Docs/formats.md.")
    var inputs: String?

    @Option(parsing: .unconditional, help: "One input written inline: \"v1,v2,...\" (values may be negative: --input -0.5,1).")
    var input: String?

    @Option(parsing: .unconditionalSingleValue, help: "0-based row of --inputs to use (repeatable; default: every row).")
    var index: [Int] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Rows a, a+1, …, b−1 of --inputs (also a.. and ..b); not empty.", valueName: "a..b"))
    var range: String?

    @Option(parsing: .unconditional, help: "Use at most this many of the selected rows (the first ones).")
    var limit: Int?

    @Option(help: ArgumentHelp("Where the label is in each row of --inputs: first, last, none, or the name of a CSV header column.",
                               valueName: "first|last|none|name"))
    var labelColumn: InputDataset.LabelColumn = .none

    @Option(help: "Whether the first row of a CSV --inputs file names the columns: yes, no, or auto (a header when a field of the first row is not a number; said on stderr).")
    var header: InputDataset.HeaderRow = .auto

    @Option(help: "File of labels, one per row of --inputs: .npy, IDX (*-idx1-ubyte) or one-column CSV.")
    var labels: String?

    @Option(parsing: .unconditional, help: "Divide every input value by this (e.g. 255 for 0–255 pixels).")
    var scale: Double = 1

    /// One selected input with its position in the file and its label.
    struct Item {
        let index: Int
        let input: [Double]
        let label: Int?
    }

    /// The selected inputs and the names of their features (from a CSV header row, else `nil`).
    struct Loaded {
        let items: [Item]
        let featureNames: [String]?

        /// The items as the pipeline takes them.
        var labelled: [LabelledInput] { items.map { LabelledInput(index: $0.index, values: $0.input, label: $0.label) } }
    }

    func validate() throws {
        guard (inputs == nil) != (input == nil) else {
            throw ValidationError("give exactly one of --inputs FILE and --input \"v1,v2,...\"")
        }
        guard scale.isFinite, scale > 0 else { throw ValidationError("--scale must be a positive finite number, got \(scale)") }
        if input != nil {
            if !index.isEmpty { throw ValidationError("--index selects rows of --inputs, not of --input") }
            if range != nil || limit != nil { throw ValidationError("--range and --limit select rows of --inputs, not of --input") }
            if labels != nil { throw ValidationError("--labels labels the rows of --inputs, not --input") }
            if labelColumn != .none { throw ValidationError("--label-column finds labels in the rows of --inputs; --input has none") }
        }
        if let bad = index.first(where: { $0 < 0 }) { throw ValidationError("--index must be a row number, 0 or more, got \(bad)") }
        if range != nil, !index.isEmpty { throw ValidationError("give either --index or --range, not both") }
        if let range {
            let bounds: (lower: Int, upper: Int?)
            do { bounds = try InputSelection.parseRange(range) } catch { throw ValidationError("--range: \(error)") }
            if bounds.lower == 0, bounds.upper == nil {
                throw ValidationError("--range \(range) selects every row, as no --range does; leave it out")
            }
            if let upper = bounds.upper, upper <= bounds.lower {
                throw ValidationError("--range \(range) is empty: it selects rows \(bounds.lower) up to but not including \(upper)")
            }
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
        if labels != nil, labelColumn != .none {
            throw ValidationError("give either --label-column or --labels, not both")
        }
    }

    /// The selected inputs of `network`, each checked before any work
    /// (`Network.validateInput`: dimension, finite values, a forward pass that
    /// does not overflow), so that a bad input is reported by its file and
    /// index at once rather than after the inputs before it were certified;
    /// labels must name one of the network's classes.
    func load(for network: some CertifiableNetwork) throws -> Loaded {
        let loaded = try load(dimension: network.inputDimension, classCount: network.classCount)
        let items = loaded.items
        for item in items {
            do {
                try network.validateInput(item.input)
            } catch {
                let source = inputs.map { "\($0): input \(item.index)" } ?? "--input"
                throw CommandLineFailure(message: "\(source): \(CommandLineFailure(describing: error).message)")
            }
        }
        let labelled = items.map { LabelledInput(index: $0.index, values: $0.input, label: $0.label) }
        if let comparison = network.betterDecisionRule(for: labelled) {
            StandardError.write("warning: with decision \(comparison.current.rawValue) \(comparison.currentCorrect) of "
                                + "\(comparison.labelled) labelled inputs are classified as labelled, with "
                                + "\(comparison.other.rawValue) \(comparison.otherCorrect): if the network's class is its "
                                + "\(comparison.other == .argmax ? "largest" : "smallest") output, give --decision \(comparison.other.rawValue)\n")
        }
        return loaded
    }

    /// The selected inputs, checked against the model's input dimension; labels
    /// must name one of its `classCount` classes. A header row found by
    /// `--header auto` is announced on stderr.
    func load(dimension: Int, classCount: Int) throws -> Loaded {
        try reportingFailures {
            if let text = input {
                let x = try InputDataset.parseInline(text, scale: scale, dimension: dimension)
                return Loaded(items: [Item(index: 0, input: x, label: nil)], featureNames: nil)
            }
            let data = try InputDataset.load(path: inputs!, labelColumn: labelColumn, header: header, labelsPath: labels,
                                             scale: scale, dimension: dimension, classCount: classCount)
            if header == .auto, let names = data.header {
                let shown = names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")
                StandardError.write("note: \(data.source): the first row is not numeric and is read as a header (\(shown)); "
                                    + "--header no reads it as data\n")
            }
            let selection = InputSelection(indices: index, range: try range.map(InputSelection.parseRange), limit: limit)
            let chosen = try selection.indices(count: data.count, source: data.source)
            return Loaded(items: chosen.map { k in Item(index: k, input: data.inputs[k], label: data.labels?[k]) },
                          featureNames: data.featureNames)
        }
    }
}
