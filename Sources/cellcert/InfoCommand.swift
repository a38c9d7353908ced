import ArgumentParser
import CellCert

/// `cellcert info MODEL`: the network's shape, `N`, transforms and domain.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a network: layers, units, N, input transform and domain."
    )

    @OptionGroup var modelOptions: ModelOptions

    func run() throws {
        let loaded = try modelOptions.load()
        let net = loaded.network
        var lines = [
            "model:        \(modelOptions.model) (\(loaded.format.rawValue))",
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
        if let box = net.domain {
            lines.append("domain: lower \(summary(box.lower)), upper \(summary(box.upper))")
        } else {
            lines.append("domain: none (all of R^d)")
        }
        try StandardOutput.writeLine(lines.joined(separator: "\n"))
    }

    private func summary(_ values: [Double]) -> String {
        if let first = values.first, values.allSatisfy({ $0 == first }) { return "\(first) (all \(values.count))" }
        if values.count <= 8 { return "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        return "[" + values.prefix(4).map { "\($0)" }.joined(separator: ", ") + ", … (\(values.count))]"
    }
}
