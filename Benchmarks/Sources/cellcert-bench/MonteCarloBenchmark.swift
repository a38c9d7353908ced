import CellCert

/// Kernel `montecarlo`: `monteCarloRobustness(at:epsilon:options:)` around one
/// input: sphere sampling, batched forward passes, class and cell counts.
enum MonteCarloBenchmark {
    struct Output: Encodable {
        let kernel = "montecarlo"
        let seconds: [Double]
        let samples: Int
        let batch: Int
        let threads: Int
        let epsilon: Double
        let changed: Int
        let leftCell: Int
    }

    static func run(_ arguments: BenchArguments) throws {
        let network = try ModelLoader.load(path: try arguments.operand(0, "MODEL"))
        let inputs = try InputsFile.read(try arguments.operand(1, "INPUTS.csv"), dimension: network.inputDimension)
        let index = try arguments.integer("index", default: 0)
        guard inputs.indices.contains(index) else { throw BenchError("--index \(index): the file has \(inputs.count) inputs") }
        let epsilon = try arguments.number("epsilon", default: .nan)
        let options = MonteCarloOptions(
            samples: try arguments.integer("samples", default: 65536),
            seed: UInt64(try arguments.integer("seed", default: 0)),
            batchSize: try arguments.integer("batch", default: 1024),
            threads: try arguments.integer("threads", default: 2))
        let runs = try repeatTimed(repetitions: try arguments.integer("reps", default: 5),
                                   budgetSeconds: try arguments.number("budget", default: .infinity)) {
            try network.monteCarloRobustness(at: inputs[index], epsilon: epsilon, options: options)
        }
        try printJSON(Output(seconds: runs.seconds, samples: options.samples, batch: options.batchSize,
                             threads: options.threads, epsilon: epsilon,
                             changed: runs.last.changed, leftCell: runs.last.leftCell))
    }
}
