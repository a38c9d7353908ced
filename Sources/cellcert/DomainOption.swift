import ArgumentParser
import CellCert
import Foundation

/// `--domain`: the input domain `D` of the domain-aware radii and the decision-boundary query.
struct DomainOption: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Input domain D, in the model's raw input units: 'lo,hi' (every coordinate), 'l0:u0,l1:u1,…' (one interval per input), a .vnnlib file (its input box) or 'none'.",
        discussion: "Default: the model's own domain (.nnet min/max), or none."))
    var domain: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Features free within the domain, by 0-based index or CSV header name ('4,19' or 'age,sex'); every other feature is fixed at the input's own value.",
        discussion: "For fairness-style questions: can changing only these features change the class? Needs a domain (--domain or the model's).",
        valueName: "i,j,…"))
    var free: String?

    /// How the domain was given, for the table's settings: the `--domain` text, or `model`.
    var source: String { domain?.trimmingCharacters(in: .whitespaces) ?? "model" }

    /// The `--free` features for `domain` (see `freeFeatures(names:dimension:)`).
    ///
    /// - Throws: as `freeFeatures(names:dimension:)`, and `CommandLineFailure`
    ///   when `--free` is given without a domain to free the features in.
    func freeFeatures(in domain: InputBox?, names: [String]?, dimension: Int) throws -> [Int]? {
        guard let features = try freeFeatures(names: names, dimension: dimension) else { return nil }
        guard domain != nil else {
            throw CommandLineFailure(message: "--free frees features within the input domain, and there is none: give --domain lo,hi or one interval per input")
        }
        return features
    }

    /// The `--free` features as 0-based indices, in the order given, or `nil` without `--free`.
    ///
    /// - Parameters:
    ///   - names: the input features' names (a CSV header without the label), if known.
    ///   - dimension: the network's input dimension.
    /// - Throws: `CommandLineFailure` for an empty list, an index out of range, a
    ///   name the header lacks (or a name without a header), or a repeated feature.
    func freeFeatures(names: [String]?, dimension: Int) throws -> [Int]? {
        guard let free else { return nil }
        let parts = free.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.contains(where: \.isEmpty) else {
            throw CommandLineFailure(message: "--free: give feature indices or header names separated by commas, got '\(free)'")
        }
        var indices: [Int] = []
        for part in parts {
            let index: Int
            if let k = Int(part) {
                guard k >= 0, k < dimension else {
                    throw CommandLineFailure(message: "--free: feature \(k) is out of range (the network has \(dimension) inputs, 0…\(dimension - 1))")
                }
                index = k
            } else if let names {
                guard let k = names.firstIndex(of: part) else {
                    throw CommandLineFailure(message: "--free: no feature named '\(part)' in the header (\(names.prefix(8).joined(separator: ", "))\(names.count > 8 ? ", …" : ""))")
                }
                index = k
            } else {
                throw CommandLineFailure(message: "--free: '\(part)' is not a feature index, and the inputs have no header row to name features")
            }
            guard !indices.contains(index) else { throw CommandLineFailure(message: "--free: feature \(index) is given twice") }
            indices.append(index)
        }
        return indices
    }

    /// The domain for `network`: the option's, else the model's own.
    ///
    /// - Throws: `CommandLineFailure` (one line) for a malformed value, a wrong
    ///   number of intervals, `lo > hi`, a non-finite bound, or an unreadable property file.
    func box(for network: some CertifiableNetwork) throws -> InputBox? {
        guard let text = domain?.trimmingCharacters(in: .whitespaces) else { return network.domain }
        if text == "none" { return nil }
        let d = network.inputDimension
        if text.hasSuffix(".vnnlib") {
            let property = try reportingFailures { try VNNLib.read(contentsOf: URL(fileURLWithPath: text)) }
            guard property.inputCount == d else {
                throw CommandLineFailure(message: "\(text): the property has \(property.inputCount) inputs, the network takes \(d)")
            }
            guard let box = property.inputBox else {
                throw CommandLineFailure(message: "\(text): the property has \(property.regions.count) input boxes; --domain needs exactly one")
            }
            return try checked(box, source: text)
        }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, !parts[0].contains(":"), let low = Double(parts[0]), let high = Double(parts[1]) {
            return try checked(InputBox(uniform: low, high, dimension: d), source: "--domain")
        }
        var lower: [Double] = []
        var upper: [Double] = []
        for part in parts {
            let ends = part.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard ends.count == 2, let low = ends[0], let high = ends[1] else {
                throw CommandLineFailure(message: "--domain: cannot read '\(part)'; expected 'lo,hi', 'l0:u0,l1:u1,…', a .vnnlib file or 'none'")
            }
            lower.append(low)
            upper.append(high)
        }
        guard lower.count == d else {
            throw CommandLineFailure(message: "--domain: \(lower.count) intervals for a network with \(d) inputs")
        }
        return try checked(InputBox(lower: lower, upper: upper), source: "--domain")
    }

    private func checked(_ box: InputBox, source: String) throws -> InputBox {
        for i in 0..<box.dimension {
            guard box.lower[i].isFinite, box.upper[i].isFinite else {
                throw CommandLineFailure(message: "\(source): the bounds of input \(i) must be finite")
            }
            guard box.lower[i] <= box.upper[i] else {
                throw CommandLineFailure(message: "\(source): input \(i) has lower bound \(box.lower[i]) above upper bound \(box.upper[i])")
            }
        }
        return box
    }
}
