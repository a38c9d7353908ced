import Foundation

/// The `.nnet` text format of sisl/NNet (Julian et al., 2016), used by the
/// ACAS Xu networks, Reluplex and Marabou. Docs/formats.md describes the format
/// and how it maps onto `Network`:
///
/// - the input means and ranges become `inputTransform` (`x' = (x − mean)/range`),
///   or `nil` when they are all 0 and 1;
/// - the input minimums and maximums become `domain` (raw input units), or `nil`
///   when they are all `∓Double.greatestFiniteMagnitude` (what the writer puts
///   for a network without a domain);
/// - the output mean and range (the last entries of those lines) become
///   `outputTransform(mean:scale:)`, or `nil` when they are 0 and 1;
/// - every hidden layer is ReLU, the last layer linear.
///
/// The format has no decision head. A header comment `// cellcert-decision: argmax`
/// (written by `serialize`) records one; otherwise the reader uses `argmin`
/// (ACAS Xu's convention) for two or more outputs and `threshold` for one.
/// Unlike sisl's evaluators, inputs are not clamped to the domain
/// (see `Network+Evaluation`).
public enum NNetFormat {
    /// The header comment that records the decision head: `// cellcert-decision: NAME`.
    public static let decisionCommentPrefix = "cellcert-decision:"

    /// Reads the network in the `.nnet` file at `url`.
    ///
    /// - Parameter decision: the decision head; `nil` takes the file's
    ///   `// cellcert-decision:` comment if any, else `argmin` for two or more
    ///   outputs and `threshold` for one.
    /// - Throws: `ModelFormatError` naming the file and line: missing file, a
    ///   control character, a wrong count of numbers, a non-number, a NaN or
    ///   infinite value, missing or extra lines, layer sizes beyond
    ///   `FormatLimits` (checked before anything is allocated), or an invalid
    ///   network (`NetworkError`, wrapped).
    public static func read(contentsOf url: URL, decision: DecisionHead? = nil) throws -> Network {
        let name = TextFile.displayName(of: url)
        return try parse(TextFile.read(url, name: name), name: name, decision: decision)
    }

    /// Parses `.nnet` text; `name` labels error messages. See `read(contentsOf:decision:)`.
    public static func parse(_ text: String, name: String = "<nnet>", decision: DecisionHead? = nil) throws -> Network {
        try TextFile.checkCharacters(text, name: name)
        var reader = NNetLineReader(text: text, name: name)

        let header = try reader.integers(count: 4, what: "the header (layers, inputs, outputs, largest layer size)")
        let layerCount = header.values[0]
        guard layerCount >= 1 else { throw reader.error(at: header.line, "the network must have at least 1 layer, found \(layerCount)") }
        // Every layer has at least one weight and one bias.
        guard layerCount <= FormatLimits.maximumParameterCount / 2 else {
            throw reader.error(at: header.line, "\(layerCount) layers exceed the limit of "
                               + "\(FormatLimits.describe(FormatLimits.maximumParameterCount)) parameters")
        }
        let sizes = try reader.integers(count: layerCount + 1, what: "layer sizes (inputs, then each layer)")
        for (k, s) in sizes.values.enumerated() where s < 1 {
            throw reader.error(at: sizes.line, "layer size \(k + 1) is \(s); sizes must be at least 1")
        }
        do throws(FormatLimits.LimitExceeded) {
            try FormatLimits.checkNetwork(layerSizes: sizes.values)
        } catch {
            throw reader.error(at: sizes.line, error.message)
        }
        let inputCount = sizes.values[0], outputCount = sizes.values[layerCount]
        guard header.values[1] == inputCount else {
            throw reader.error(at: header.line, "header says \(header.values[1]) inputs but the layer sizes start with \(inputCount)")
        }
        guard header.values[2] == outputCount else {
            throw reader.error(at: header.line, "header says \(header.values[2]) outputs but the layer sizes end with \(outputCount)")
        }
        guard header.values[3] == sizes.values.max()! else {
            throw reader.error(at: header.line, "header says the largest layer has \(header.values[3]) units but the layer sizes give \(sizes.values.max()!)")
        }
        _ = try reader.nextLine(what: "the (unused) flag line")

        let mins = try reader.numbers(count: inputCount, what: "input minimums")
        let maxs = try reader.numbers(count: inputCount, what: "input maximums")
        let means = try reader.numbers(count: inputCount + 1, what: "means (inputs, then the output)")
        let ranges = try reader.numbers(count: inputCount + 1, what: "ranges (inputs, then the output)")
        for i in 0..<inputCount {
            guard mins.values[i] <= maxs.values[i] else {
                throw reader.error(at: maxs.line, "input \(i + 1): maximum \(maxs.values[i]) is below the minimum \(mins.values[i])")
            }
            guard ranges.values[i] > 0 else {
                throw reader.error(at: ranges.line, "input \(i + 1): range \(ranges.values[i]) must be positive")
            }
        }
        guard ranges.values[inputCount] != 0 else {
            throw reader.error(at: ranges.line, "the output range must be non-zero")
        }

        var layers: [DenseLayer] = []
        for l in 1...layerCount {
            let rows = sizes.values[l], columns = sizes.values[l - 1]
            var storage: [Double] = []
            for i in 0..<rows {
                storage += try reader.numbers(count: columns, what: "layer \(l) weight row \(i + 1)").values
            }
            var bias: [Double] = []
            for i in 0..<rows {
                bias += try reader.numbers(count: 1, what: "layer \(l) bias \(i + 1)").values
            }
            layers.append(DenseLayer(weights: Matrix(rows: rows, columns: columns, storage: storage), bias: bias))
        }
        try reader.expectEnd()

        let inputMean = Array(means.values.prefix(inputCount)), inputRange = Array(ranges.values.prefix(inputCount))
        let inputTransform = inputMean.allSatisfy { $0 == 0 } && inputRange.allSatisfy { $0 == 1 }
            ? nil : InputTransform(mean: inputMean, scale: inputRange)
        let outputMean = means.values[inputCount], outputRange = ranges.values[inputCount]
        let outputTransform = outputMean == 0 && outputRange == 1
            ? nil : OutputTransform(mean: outputMean, scale: outputRange)
        let unbounded = mins.values.allSatisfy { $0 == -Double.greatestFiniteMagnitude }
            && maxs.values.allSatisfy { $0 == Double.greatestFiniteMagnitude }
        let domain = unbounded ? nil : InputBox(lower: mins.values, upper: maxs.values)
        let head = try decision ?? reader.recordedDecision() ?? (outputCount == 1 ? .threshold : .argmin)
        do {
            return try Network(layers: layers, decision: head, inputTransform: inputTransform,
                               outputTransform: outputTransform, domain: domain)
        } catch let error as NetworkError {
            throw ModelFormatError(file: name, wrapping: error)
        }
    }

    /// Writes `network` to `url` in `.nnet` format; see `serialize(_:)`.
    public static func write(_ network: Network, to url: URL) throws {
        let name = TextFile.displayName(of: url)
        let text: String
        do {
            text = try serialize(network)
        } catch let error as ModelFormatError {
            throw ModelFormatError(file: name, message: error.message)
        }
        try TextFile.write(text, to: url, name: name)
    }

    /// The `.nnet` text of `network`; `parse` reads it back as an equal network.
    ///
    /// Numbers are written with Swift's shortest round-tripping `description`.
    /// A missing input transform is written as means 0 and ranges 1, a missing
    /// output transform as mean 0 and range 1, a missing domain as bounds
    /// `∓Double.greatestFiniteMagnitude`; the decision head goes into a
    /// `// cellcert-decision:` comment. (An identity `InputTransform` reads back
    /// as `nil`, so only then is the round trip not exact.)
    ///
    /// - Throws: `ModelFormatError` when a hidden layer is not ReLU: `.nnet`
    ///   has no other activation.
    public static func serialize(_ network: Network) throws -> String {
        if let l = network.hiddenActivations.firstIndex(where: { $0 != .relu }) {
            throw ModelFormatError(file: "<nnet>", message:
                "cannot write hidden layer \(l + 1) (\(network.hiddenActivations[l].rawValue)) to .nnet: the format has ReLU hidden layers only")
        }
        let d = network.inputDimension
        let sizes = network.layerSizes
        var out = "// Neural network in .nnet format (sisl/NNet), written by CellCert.\n"
        out += "// \(decisionCommentPrefix) \(network.decision.rawValue)\n"
        func line(_ values: [Double]) {
            for v in values { out += TextFile.format(v); out += "," }
            out += "\n"
        }
        out += "\(network.layers.count),\(d),\(network.outputCount),\(sizes.max()!),\n"
        out += sizes.map { "\($0)," }.joined() + "\n"
        out += "0,\n"
        line(network.domain?.lower ?? Array(repeating: -Double.greatestFiniteMagnitude, count: d))
        line(network.domain?.upper ?? Array(repeating: Double.greatestFiniteMagnitude, count: d))
        line((network.inputTransform?.mean ?? Array(repeating: 0, count: d)) + [network.outputTransform?.mean ?? 0])
        line((network.inputTransform?.scale ?? Array(repeating: 1, count: d)) + [network.outputTransform?.scale ?? 1])
        for layer in network.layers {
            for i in 0..<layer.outputCount { line(layer.weights.row(i)) }
            for b in layer.bias { line([b]) }
        }
        return out
    }
}

/// Walks the data lines of a `.nnet` file, skipping comments and blank lines,
/// and reports problems with the line number.
struct NNetLineReader {
    let name: String
    private let lines: [Substring]
    private var next = 0
    /// Comment texts (without `//`) seen so far.
    private(set) var comments: [(line: Int, text: Substring)] = []

    init(text: String, name: String) {
        self.name = name
        self.lines = TextFile.lines(text)
    }

    func error(at line: Int?, _ message: String) -> ModelFormatError {
        ModelFormatError(file: name, line: line, message: message)
    }

    /// The next data line: its 1-based number and content without any `//` comment.
    mutating func nextLine(what: String) throws -> (line: Int, text: Substring) {
        while next < lines.count {
            let number = next + 1
            var text = lines[next]
            next += 1
            if let comment = text.range(of: "//") {
                comments.append((number, text[comment.upperBound...]))
                text = text[..<comment.lowerBound]
            }
            let content = TextFile.trimmed(text)
            if !content.isEmpty { return (number, content) }
        }
        throw error(at: lines.count, "unexpected end of file: expected \(what)")
    }

    /// The fields of the next data line: comma-separated, one trailing comma allowed.
    mutating func fields(count: Int, what: String) throws -> (line: Int, fields: [Substring]) {
        let (number, text) = try nextLine(what: what)
        var fields = TextFile.fields(text)
        if fields.count > 1, fields.last!.isEmpty { fields.removeLast() }
        if let k = fields.firstIndex(where: \.isEmpty) {
            throw error(at: number, "\(what): value \(k + 1) is empty")
        }
        guard fields.count == count else {
            throw error(at: number, "\(what): expected \(count) \(count == 1 ? "number" : "numbers"), found \(fields.count)")
        }
        return (number, fields)
    }

    /// The next line as exactly `count` finite numbers.
    mutating func numbers(count: Int, what: String) throws -> (line: Int, values: [Double]) {
        let (number, fields) = try self.fields(count: count, what: what)
        var values: [Double] = []
        values.reserveCapacity(count)
        for (k, field) in fields.enumerated() {
            guard let v = TextFile.number(field) else {
                throw error(at: number, "\(what), value \(k + 1): '\(field)' is not a number")
            }
            guard v.isFinite else {
                throw error(at: number, "\(what), value \(k + 1): '\(field)' is not a finite number")
            }
            values.append(v)
        }
        return (number, values)
    }

    /// The next line as exactly `count` integers.
    mutating func integers(count: Int, what: String) throws -> (line: Int, values: [Int]) {
        let (number, fields) = try self.fields(count: count, what: what)
        var values: [Int] = []
        for (k, field) in fields.enumerated() {
            guard let v = Int(field) else {
                throw error(at: number, "\(what), value \(k + 1): '\(field)' is not an integer")
            }
            values.append(v)
        }
        return (number, values)
    }

    /// Throws if any data line remains.
    mutating func expectEnd() throws {
        if let extra = try? nextLine(what: "") {
            throw error(at: extra.line, "unexpected data after the last layer's biases")
        }
    }

    /// The decision head named by a `// cellcert-decision: NAME` comment, if any.
    func recordedDecision() throws -> DecisionHead? {
        for comment in comments {
            let text = TextFile.trimmed(comment.text)
            guard text.hasPrefix(NNetFormat.decisionCommentPrefix) else { continue }
            let value = TextFile.trimmed(text.dropFirst(NNetFormat.decisionCommentPrefix.count))
            guard let head = DecisionHead(rawValue: String(value)) else {
                throw error(at: comment.line, "unknown decision '\(value)' in the '\(NNetFormat.decisionCommentPrefix)' comment (expected threshold, argmax or argmin)")
            }
            return head
        }
        return nil
    }
}
