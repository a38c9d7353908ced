import Foundation
@testable import CellCert

/// The bundled example network and its ten labelled inputs, as a data set to tabulate.
enum DatasetFixtures {
    static let modelPath = "Fixtures/example-net.json"
    static let inputsPath = "Fixtures/example-inputs.csv"

    static func network() throws -> Network {
        try ModelLoader.load(path: packageRoot.appendingPathComponent(modelPath).path)
    }

    static func inputs() throws -> [LabelledInput] {
        let data = try InputDataset.load(path: packageRoot.appendingPathComponent(inputsPath).path, labelColumn: .first, dimension: 4)
        return data.inputs.indices.map { LabelledInput(index: $0, values: data.inputs[$0], label: data.labels?[$0]) }
    }

    /// The table of the ten example inputs.
    static func table(norms: [Norm] = Norm.allCases, epsilons: [Double] = [0.05, 0.5], samples: Int? = 200,
                      facets: Bool = false, threads: Int = 2) throws -> DatasetTable {
        let network = try network()
        let robustness = epsilons.isEmpty ? nil : RobustnessRequest(
            epsilons: epsilons, monteCarlo: samples.map { MonteCarloOptions(samples: $0, seed: 7) })
        let request = CertificationRequest(norms: norms, facets: facets, robustness: robustness, threads: threads)
        return try DatasetTable.compute(network: network, model: .init(network: network, path: modelPath, format: "json"),
                                        source: inputsPath, inputs: try inputs(), request: request)
    }
}
