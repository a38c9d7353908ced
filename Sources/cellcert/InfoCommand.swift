import ArgumentParser
import CellCert

/// `cellcert info MODEL`: the network's shape, `N`, transforms and domain.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a network: layers (or operators), units, N, input transform and domain."
    )

    @OptionGroup var modelOptions: ModelOptions

    func run() throws {
        let loaded = try modelOptions.loadAny()
        switch loaded.network {
        case .dense(let net): try StandardOutput.writeLine(describe(net, format: loaded.format).joined(separator: "\n"))
        case .graph(let net): try StandardOutput.writeLine(describe(net, format: loaded.format).joined(separator: "\n"))
        }
    }

    private func describe(_ net: Network, format: ModelFileFormat) -> [String] {
        var lines = [
            "model:        \(modelOptions.model) (\(format.rawValue))",
            "input:        d = \(net.inputDimension)",
            "layers:       \(net.layerSizes.map(String.init).joined(separator: " → "))",
            "activations:  \(net.hiddenActivations.map(\.rawValue).joined(separator: ", "))",
            "hidden units: \(net.hiddenUnitCount)",
            "decision:     \(net.decision.rawValue) (\(net.classCount) classes)",
            "N (faces ≤):  \(net.faceBound)",
        ]
        if let t = net.inputTransform {
            lines.append("input transform: x' = (x − mean) / scale, mean \(summary(t.mean)), scale \(summary(t.scale))")
        } else {
            lines.append("input transform: none")
        }
        if let o = net.outputTransform {
            lines.append("output transform: o = raw × \(o.scale) + \(o.mean)")
        }
        lines.append(domainLine(net.domain))
        return lines
    }

    private func describe(_ net: GraphNetwork, format: ModelFileFormat) -> [String] {
        [
            "model:        \(modelOptions.model) (\(format.rawValue), graph of \(net.operatorDescriptions.count) operators)",
            "input:        d = \(net.inputDimension), shape \(net.inputShape.map(String.init).joined(separator: "×"))",
            "operators:    " + net.operatorDescriptions.joined(separator: "\n              "),
            "ReLU layers:  \(net.reluLayerSizes.map(String.init).joined(separator: ", ")) (\(net.reluUnitCount) units)",
            "max-pool comparisons: \(net.maxPoolComparisonCount)",
            "coefficients: \(net.parameterCount) stored (biases per output entry)",
            "decision:     \(net.decision.rawValue) (\(net.classCount) classes, \(net.outputCount) outputs)",
            "rows per cell: \(net.faceBound) (ReLU units, max-pool comparisons, output comparisons)",
            domainLine(net.domain),
        ]
    }

    private func domainLine(_ domain: InputBox?) -> String {
        guard let box = domain else { return "domain: none (all of R^d)" }
        return "domain: lower \(summary(box.lower)), upper \(summary(box.upper))"
    }

    private func summary(_ values: [Double]) -> String {
        if let first = values.first, values.allSatisfy({ $0 == first }) { return "\(first) (all \(values.count))" }
        if values.count <= 8 { return "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        return "[" + values.prefix(4).map { "\($0)" }.joined(separator: ", ") + ", … (\(values.count))]"
    }
}
