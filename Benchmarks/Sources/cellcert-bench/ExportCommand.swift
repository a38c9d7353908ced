import CellCert

/// Kernel `export`: writes the network as CellCert loads it (any format) in the
/// native JSON format, so the Python baselines read exactly the same weights,
/// input normalisation, output transform and decision head.
enum ExportCommand {
    struct Output: Encodable {
        let kernel = "export"
        let layerSizes: [Int]
        let decision: String
    }

    static func run(_ arguments: BenchArguments) throws {
        let network = try ModelLoader.load(path: try arguments.operand(0, "MODEL"))
        try ModelLoader.save(network, path: try arguments.operand(1, "OUT.json"))
        try printJSON(Output(layerSizes: network.layerSizes, decision: network.decision.rawValue))
    }
}
