import CellCert
import Probability

/// Kernel `cell-memory`: generate a random He-initialised network in the
/// process (no file parsing, whose buffers would dominate the peak) and build
/// the cell of one random input in `[0, 1]^d`. Run under `/usr/bin/time -v`; the
/// driver subtracts the peak of the same command with `--no-cell 1`, which
/// generates the network and stops, so the difference is what the cell build adds.
enum CellMemoryBenchmark {
    struct Output: Encodable {
        let kernel = "cell-memory"
        let built: Bool
        /// Bytes of the weights and biases (8 per parameter).
        let weightBytes: Int
        /// Bytes of the cell's rows and offsets (`N × (d + 1)` doubles), 0 without a cell.
        let rowBytes: Int
        let rows: Int
    }

    static func run(_ arguments: BenchArguments) throws {
        let sizes = try arguments.integers("sizes")
        var generator = Xoshiro256StarStar(seed: UInt64(try arguments.integer("seed", default: 0)))
        let network = try Network.random(layerSizes: sizes, decision: .argmax, using: &generator)
        let weightBytes = network.layers.reduce(0) { $0 + 8 * ($1.weights.storage.count + $1.bias.count) }
        guard try arguments.integer("no-cell", default: 0) == 0 else {
            try printJSON(Output(built: false, weightBytes: weightBytes, rowBytes: 0, rows: 0))
            return
        }
        let x = (0..<network.inputDimension).map { _ in Double.random(in: 0...1, using: &generator) }
        let cell = try network.cell(at: x)
        try printJSON(Output(built: true, weightBytes: weightBytes,
                             rowBytes: 8 * cell.rowCount * (cell.inputDimension + 1), rows: cell.rowCount))
    }
}
