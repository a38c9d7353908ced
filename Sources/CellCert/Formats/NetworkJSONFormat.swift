import Foundation

/// CellCert's native JSON network format (`"format": "cellcert-network"`,
/// version 1). Docs/formats.md specifies it; in short:
///
///     {"format": "cellcert-network", "version": 1, "decision": "argmax",
///      "inputTransform": {"mean": [...], "scale": [...]},   // optional
///      "outputTransform": {"mean": m, "scale": s},          // optional
///      "domain": {"lower": [...], "upper": [...]},          // optional
///      "layers": [{"weights": [[...], ...], "bias": [...], "activation": "relu"},
///                 ...,
///                 {"weights": [[...], ...], "bias": [...]}]}
///
/// Unlike `.nnet`, it records everything a `Network` holds, including the
/// decision head and Heaviside hidden layers, so `serialize` then `parse`
/// gives back an equal network.
public enum NetworkJSONFormat {
    /// The value of the `"format"` key.
    public static let formatName = "cellcert-network"
    /// The version this code reads and writes.
    public static let version = 1

    /// Reads the network in the JSON file at `url`.
    ///
    /// - Parameter decisionOverride: replaces the file's `"decision"` (which
    ///   must still be a valid name) before the network is validated.
    /// - Throws: `ModelFormatError` naming the file and either the line and
    ///   column of a JSON syntax error or a control character, or the key path
    ///   of a missing, unknown, mistyped, non-finite or wrongly sized value or
    ///   of sizes beyond `FormatLimits`; `NetworkError`s are wrapped.
    public static func read(contentsOf url: URL, decisionOverride: DecisionHead? = nil) throws -> Network {
        let name = TextFile.displayName(of: url)
        return try parse(TextFile.read(url, name: name), name: name, decisionOverride: decisionOverride)
    }

    /// Parses JSON text; `name` labels error messages. See `read(contentsOf:decisionOverride:)`.
    public static func parse(_ text: String, name: String = "<json>", decisionOverride: DecisionHead? = nil) throws -> Network {
        try TextFile.checkCharacters(text, name: name)
        let document: JSONValue
        do throws(JSONSyntaxError) {
            document = try JSONParser.parse(text)
        } catch {
            throw ModelFormatError(file: name, line: error.line, message: "column \(error.column): \(error.message)")
        }
        return try JSONNetworkDecoder(file: name).network(from: document, decisionOverride: decisionOverride)
    }

    /// Writes `network` to `url` as JSON; see `serialize(_:)`.
    public static func write(_ network: Network, to url: URL) throws {
        try TextFile.write(serialize(network), to: url, name: TextFile.displayName(of: url))
    }

    /// The JSON text of `network`: keys in the documented order, two-space
    /// indentation, each weight row on one line, numbers in Swift's shortest
    /// round-tripping form. Optional parts are omitted when `nil`; every
    /// hidden layer gets an explicit `"activation"`.
    public static func serialize(_ network: Network) -> String {
        func list(_ values: [Double]) -> String {
            "[" + values.map(TextFile.format).joined(separator: ", ") + "]"
        }
        var out = "{\n"
        out += "  \"format\": \"\(formatName)\",\n"
        out += "  \"version\": \(version),\n"
        out += "  \"decision\": \"\(network.decision.rawValue)\",\n"
        if let t = network.inputTransform {
            out += "  \"inputTransform\": {\n    \"mean\": \(list(t.mean)),\n    \"scale\": \(list(t.scale))\n  },\n"
        }
        if let o = network.outputTransform {
            out += "  \"outputTransform\": {\"mean\": \(TextFile.format(o.mean)), \"scale\": \(TextFile.format(o.scale))},\n"
        }
        if let box = network.domain {
            out += "  \"domain\": {\n    \"lower\": \(list(box.lower)),\n    \"upper\": \(list(box.upper))\n  },\n"
        }
        out += "  \"layers\": [\n"
        for (l, layer) in network.layers.enumerated() {
            out += "    {\n      \"weights\": [\n"
            out += layer.weights.rowArrays.map { "        " + list($0) }.joined(separator: ",\n")
            out += "\n      ],\n      \"bias\": \(list(layer.bias))"
            if l < network.hiddenActivations.count {
                out += ",\n      \"activation\": \"\(network.hiddenActivations[l].rawValue)\""
            }
            out += "\n    }" + (l + 1 < network.layers.count ? ",\n" : "\n")
        }
        out += "  ]\n}\n"
        return out
    }
}

/// Turns a parsed JSON document into a `Network`, reporting problems by key path.
struct JSONNetworkDecoder {
    let file: String

    func error(_ path: String, _ message: String) -> ModelFormatError {
        ModelFormatError(file: file, keyPath: path, message: message)
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The members of the object `value`, after checking that every `required`
    /// key is present and no key outside `required ∪ optional` is.
    func object(_ value: JSONValue, _ path: String, required: [String], optional: [String] = []) throws -> [String: JSONValue] {
        guard case .object(let members) = value else {
            throw error(path, "expected an object, found \(value.kindDescription)")
        }
        let allowed = required + optional
        var result: [String: JSONValue] = [:]
        for (key, member) in members {
            guard allowed.contains(key) else {
                throw error(path, "unknown key '\(key)' (allowed: \(allowed.joined(separator: ", ")))")
            }
            result[key] = member
        }
        for key in required where result[key] == nil {
            throw error(path, "missing key '\(key)'")
        }
        return result
    }

    func string(_ value: JSONValue, _ path: String) throws -> String {
        guard case .string(let s) = value else { throw error(path, "expected a string, found \(value.kindDescription)") }
        return s
    }

    func number(_ value: JSONValue, _ path: String) throws -> Double {
        guard case .number(let x) = value else { throw error(path, "expected a number, found \(value.kindDescription)") }
        guard x.isFinite else { throw error(path, "number out of the range of Double") }
        return x
    }

    /// An array of finite numbers; of length `count` when given (`why` explains that length).
    func numbers(_ value: JSONValue, _ path: String, count: Int? = nil, why: String = "") throws -> [Double] {
        guard case .array(let elements) = value else {
            throw error(path, "expected an array of numbers, found \(value.kindDescription)")
        }
        if let count, elements.count != count {
            throw error(path, "expected \(count) \(count == 1 ? "number" : "numbers")\(why), found \(elements.count)")
        }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for (k, element) in elements.enumerated() { result.append(try number(element, "\(path)[\(k)]")) }
        return result
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ value: JSONValue, _ path: String, as type: T.Type) throws -> T where T.RawValue == String {
        let s = try string(value, path)
        guard let v = T(rawValue: s) else {
            let names = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw error(path, "expected one of \(names), found '\(s)'")
        }
        return v
    }

    func network(from document: JSONValue, decisionOverride: DecisionHead?) throws -> Network {
        let top = try object(document, "", required: ["format", "version", "decision", "layers"],
                             optional: ["comment", "inputTransform", "outputTransform", "domain"])
        let format = try string(top["format"]!, "format")
        guard format == NetworkJSONFormat.formatName else {
            throw error("format", "expected '\(NetworkJSONFormat.formatName)', found '\(format)'")
        }
        let version = try number(top["version"]!, "version")
        guard version == Double(NetworkJSONFormat.version) else {
            throw error("version", "unsupported version \(version) (this CellCert reads version \(NetworkJSONFormat.version))")
        }
        let fileDecision = try enumeration(top["decision"]!, "decision", as: DecisionHead.self)
        if let comment = top["comment"] { _ = try string(comment, "comment") }

        let (layers, activations) = try self.layers(top["layers"]!)
        let d = layers[0].inputCount

        var inputTransform: InputTransform?
        if let value = top["inputTransform"] {
            let t = try object(value, "inputTransform", required: ["mean", "scale"])
            let mean = try numbers(t["mean"]!, "inputTransform.mean", count: d, why: " (one per input)")
            let scale = try numbers(t["scale"]!, "inputTransform.scale", count: d, why: " (one per input)")
            if let k = scale.firstIndex(where: { !($0 > 0) }) {
                throw error("inputTransform.scale[\(k)]", "expected a positive number, found \(scale[k])")
            }
            inputTransform = InputTransform(mean: mean, scale: scale)
        }
        var outputTransform: OutputTransform?
        if let value = top["outputTransform"] {
            let o = try object(value, "outputTransform", required: ["mean", "scale"])
            let mean = try number(o["mean"]!, "outputTransform.mean")
            let scale = try number(o["scale"]!, "outputTransform.scale")
            guard scale != 0 else { throw error("outputTransform.scale", "expected a non-zero number, found 0") }
            outputTransform = OutputTransform(mean: mean, scale: scale)
        }
        var domain: InputBox?
        if let value = top["domain"] {
            let b = try object(value, "domain", required: ["lower", "upper"])
            let lower = try numbers(b["lower"]!, "domain.lower", count: d, why: " (one per input)")
            let upper = try numbers(b["upper"]!, "domain.upper", count: d, why: " (one per input)")
            if let k = lower.indices.first(where: { lower[$0] > upper[$0] }) {
                throw error("domain.upper[\(k)]", "\(upper[k]) is below domain.lower[\(k)] = \(lower[k])")
            }
            domain = InputBox(lower: lower, upper: upper)
        }
        do {
            return try Network(layers: layers, hiddenActivations: activations, decision: decisionOverride ?? fileDecision,
                               inputTransform: inputTransform, outputTransform: outputTransform, domain: domain)
        } catch let e as NetworkError {
            throw ModelFormatError(file: file, wrapping: e)
        }
    }

    func layers(_ value: JSONValue) throws -> ([DenseLayer], [HiddenActivation]) {
        guard case .array(let entries) = value else {
            throw error("layers", "expected an array of layers, found \(value.kindDescription)")
        }
        guard !entries.isEmpty else { throw error("layers", "expected at least one layer, found none") }
        var layers: [DenseLayer] = []
        var activations: [HiddenActivation] = []
        var sizes: [Int] = []
        for (l, entry) in entries.enumerated() {
            let path = "layers[\(l)]"
            let isLast = l == entries.count - 1
            if isLast, case .object(let m) = entry, m.contains(where: { $0.key == "activation" }) {
                throw error(path, "the last layer is linear: remove its 'activation'")
            }
            let members = try object(entry, path, required: ["weights", "bias"], optional: isLast ? [] : ["activation"])
            guard case .array(let rowValues) = members["weights"]! else {
                throw error("\(path).weights", "expected an array of rows, found \(members["weights"]!.kindDescription)")
            }
            guard !rowValues.isEmpty else { throw error("\(path).weights", "expected at least one row, found none") }
            let columns: Int
            let why: String
            if let previous = layers.last {
                columns = previous.outputCount
                why = " (one per unit of layers[\(l - 1)])"
            } else {
                guard case .array(let firstRow) = rowValues[0] else {
                    throw error("\(path).weights[0]", "expected an array of numbers, found \(rowValues[0].kindDescription)")
                }
                guard !firstRow.isEmpty else { throw error("\(path).weights[0]", "expected at least one number, found none") }
                columns = firstRow.count
                why = " (as in row 0)"
            }
            // The sizes so far against `FormatLimits`; no capacity is reserved from
            // the row count, which a file can claim without giving the rows.
            sizes += l == 0 ? [columns, rowValues.count] : [rowValues.count]
            do throws(FormatLimits.LimitExceeded) {
                try FormatLimits.checkNetwork(layerSizes: sizes)
            } catch {
                throw self.error("\(path).weights", error.message)
            }
            var storage: [Double] = []
            for (i, row) in rowValues.enumerated() {
                storage += try numbers(row, "\(path).weights[\(i)]", count: columns, why: why)
            }
            let bias = try numbers(members["bias"]!, "\(path).bias", count: rowValues.count, why: " (one per row of weights)")
            layers.append(DenseLayer(weights: Matrix(rows: rowValues.count, columns: columns, storage: storage), bias: bias))
            if !isLast {
                activations.append(try members["activation"].map { try enumeration($0, "\(path).activation", as: HiddenActivation.self) } ?? .relu)
            }
        }
        return (layers, activations)
    }
}

