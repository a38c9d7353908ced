import ArgumentParser
import CellCert
import Foundation

/// Options of the probabilistic part of `certify` (THEORY.md §4).
struct RobustnessOptions: ParsableArguments {
    @Option(help: "Perturbation size ε of random perturbations x + εs, s uniform on the unit sphere (repeatable).")
    var epsilon: [Double] = []

    @Option(help: "Target misclassification probability η for δ*(η) and ε*(η).")
    var eta: Double = 0.01

    @Flag(help: "Also bound robustness to Gaussian noise x + εg, g ~ N(0, I) (each ε read as the noise's standard deviation).")
    var gaussian = false

    @Option(help: "Monte Carlo: number of random directions per ε (needs --epsilon).")
    var samples: Int?

    @Option(help: "Monte Carlo: random seed (the counts do not depend on --threads).")
    var seed: UInt64 = 0

    @Option(help: "Confidence level of the Clopper–Pearson intervals.")
    var confidence: Double = 0.999

    @Option(help: "Worker threads for Monte Carlo and (table) the inputs, default all cores; 1 keeps all work on one core.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        for e in epsilon where !(e.isFinite && e > 0) { throw ValidationError("--epsilon must be positive, got \(e)") }
        guard eta > 0, eta < 1 else { throw ValidationError("--eta must lie in (0, 1), got \(eta)") }
        if let samples {
            guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
            guard !epsilon.isEmpty else { throw ValidationError("--samples needs at least one --epsilon") }
        }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must lie in (0, 1)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if gaussian, epsilon.isEmpty { throw ValidationError("--gaussian needs at least one --epsilon") }
    }

    /// The robustness part of the pipeline's request, or `nil` without `--epsilon`.
    var request: RobustnessRequest? {
        guard !epsilon.isEmpty else { return nil }
        return RobustnessRequest(epsilons: epsilon, eta: eta, gaussian: gaussian,
                                 monteCarlo: samples.map { MonteCarloOptions(samples: $0, seed: seed, confidence: confidence) })
    }
}
