import CellCert

/// Kernel `radii`: for every input, the cell (`cell(at:)`) and its certified
/// radius in the three norms (`radius(at:norm:)`), the work a user pays per
/// input. The model is loaded and the inputs read before the clock starts.
enum RadiiBenchmark {
    struct InputResult: Encodable {
        /// Uncorrected radii `min_u |φ̂_u(x)| / ‖Â_u‖_q` per norm: what the baselines compute.
        let estimate: [String: Double]
        /// Certified lower bounds per norm.
        let certified: [String: Double]
        let rows: Int
        let hyperplanes: Int
        /// Active units per hidden layer.
        let active: [Int]
        /// Floating-point operations of the cell's matrix products `W_{l+1,S} Â_{l,S}`:
        /// `Σ_l 2 · d · |S_l| · n_{l+1}` over the hidden layers.
        let productFlops: Double
    }

    struct Output: Encodable {
        let kernel = "radii"
        let inputs: Int
        /// Per repetition: seconds for all inputs, cell plus radii.
        let seconds: [Double]
        /// Per repetition: seconds spent in `cell(at:)` alone, all inputs.
        let cellSeconds: [Double]
        let results: [InputResult]
    }

    static func run(_ arguments: BenchArguments) throws {
        let network = try ModelLoader.load(path: try arguments.operand(0, "MODEL"))
        let inputs = try InputsFile.read(try arguments.operand(1, "INPUTS.csv"), dimension: network.inputDimension)
        let repetitions = try arguments.integer("reps", default: 5)
        var seconds: [Double] = []
        var cellSeconds: [Double] = []
        var results: [InputResult] = []
        for _ in 0..<max(repetitions, 1) {
            var total = 0.0
            var cellTotal = 0.0
            results = []
            for x in inputs {
                let built = try Stopwatch.time { try network.cell(at: x) }
                let radii = Stopwatch.time { built.value.radii(at: x, norms: Norm.allCases) }
                cellTotal += built.seconds
                total += built.seconds + radii.seconds
                results.append(result(network: network, cell: built.value, radii: radii.value))
            }
            seconds.append(total)
            cellSeconds.append(cellTotal)
        }
        try printJSON(Output(inputs: inputs.count, seconds: seconds, cellSeconds: cellSeconds, results: results))
    }

    static func result(network: Network, cell: Cell, radii: [CellRadius]) -> InputResult {
        let active = cell.pattern.hidden.map { $0.filter { $0 }.count }
        let d = Double(network.inputDimension)
        let flops = active.enumerated().reduce(0.0) { sum, entry in
            sum + 2 * d * Double(entry.element) * Double(network.layers[entry.offset + 1].outputCount)
        }
        return InputResult(
            estimate: Dictionary(uniqueKeysWithValues: radii.map { ($0.norm.rawValue, $0.estimate) }),
            certified: Dictionary(uniqueKeysWithValues: radii.map { ($0.norm.rawValue, $0.radius) }),
            rows: cell.rowCount, hyperplanes: cell.hyperplaneCount, active: active, productFlops: flops)
    }
}
