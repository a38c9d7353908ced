import ArgumentParser
import CellCert
import Foundation

/// `--domain`: the input domain `D` of the domain-aware radii and the decision-boundary query.
struct DomainOption: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Input domain D, in the model's raw input units: 'lo,hi' (every coordinate), 'l0:u0,l1:u1,…' (one interval per input), a .vnnlib file (its input box) or 'none'.",
        discussion: "Default: the model's own domain (.nnet min/max), or none."))
    var domain: String?

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
