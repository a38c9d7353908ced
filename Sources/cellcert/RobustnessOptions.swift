import ArgumentParser
import CellCert
import Foundation
import Probability

/// Options of the probabilistic part of `certify` and `table` (Docs/theory.md §4).
///
/// Options that only change what another option computes are refused without
/// it (`--samples`, `--eta`, `--gaussian` need `--epsilon`; `--seed` and
/// `--confidence` need `--samples`), so that no option is silently ignored.
struct RobustnessOptions: ParsableArguments {
    @Option(parsing: .unconditionalSingleValue, help: "Perturbation size ε of random perturbations x + εs, s uniform on the unit sphere (repeatable).")
    var epsilon: [Double] = []

    @Option(name: .customLong("eta"), parsing: .unconditional,
            help: "Target misclassification probability η for δ*(η) and ε*(η) (default 0.01; needs --epsilon).")
    var etaValue: Double?

    @Flag(help: "Also bound robustness to Gaussian noise x + εg, g ~ N(0, I) (each ε read as the noise's standard deviation).")
    var gaussian = false

    @Option(parsing: .unconditional,
            help: "Monte Carlo: number of random directions per ε, at most 10^10 (needs --epsilon).")
    var samples: Int?

    @Option(name: .customLong("seed"), parsing: .unconditional,
            help: "Monte Carlo: random seed, default 0 (the counts do not depend on --threads; needs --samples).")
    var seedValue: UInt64?

    @Option(name: .customLong("confidence"), parsing: .unconditional,
            help: "Confidence level of the Clopper–Pearson intervals (default 0.999; needs --samples).")
    var confidenceValue: Double?

    @Option(parsing: .unconditional, help: "Worker threads for Monte Carlo and (table) the inputs, default all cores; 1 keeps all work on one core.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    /// `η` (default 0.01).
    var eta: Double { etaValue ?? 0.01 }
    /// The Monte Carlo seed (default 0).
    var seed: UInt64 { seedValue ?? 0 }
    /// The confidence level (default 0.999).
    var confidence: Double { confidenceValue ?? 0.999 }

    func validate() throws {
        for e in epsilon where !(e.isFinite && e > 0) { throw ValidationError("--epsilon must be positive and finite, got \(e)") }
        guard eta > 0, eta < 1 else { throw ValidationError("--eta must lie in (0, 1), got \(eta)") }
        if let samples {
            guard samples >= 1 else { throw ValidationError("--samples must be at least 1, got \(samples)") }
            guard samples <= MonteCarloOptions.maximumSamples else {
                throw ValidationError("--samples must be at most \(MonteCarloOptions.maximumSamples) (10^10), got \(samples)")
            }
        }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must lie in (0, 1), got \(confidence)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if epsilon.isEmpty {
            if samples != nil { throw ValidationError("--samples needs at least one --epsilon") }
            if gaussian { throw ValidationError("--gaussian needs at least one --epsilon") }
            if etaValue != nil { throw ValidationError("--eta needs at least one --epsilon") }
        }
        if samples == nil {
            if seedValue != nil { throw ValidationError("--seed seeds the Monte Carlo estimate: add --samples") }
            if confidenceValue != nil { throw ValidationError("--confidence sets the Monte Carlo intervals: add --samples") }
        }
    }

    /// Refuses, before any work, an `ε` so large that `δ*(η) = ε·sqrt(2 ln(N/η)/d)`
    /// overflows for `network` (`d` inputs, `N` its face bound): the report
    /// would otherwise show `inf` as a threshold.
    ///
    /// - Throws: `CommandLineFailure` naming `--epsilon`.
    func check(for network: some CertifiableNetwork) throws {
        for e in epsilon {
            let star = try reportingFailures {
                try deltaStar(eta: eta, epsilon: e, dimension: network.inputDimension, unitCount: network.faceBound)
            }
            guard star.isFinite else {
                throw CommandLineFailure(message: "--epsilon \(e): δ*(η) = ε·sqrt(2 ln(N/η)/d) overflows a double for this model "
                                         + "(d = \(network.inputDimension), N = \(network.faceBound)); give a smaller ε")
            }
        }
    }

    /// The robustness part of the pipeline's request, or `nil` without `--epsilon`.
    var request: RobustnessRequest? {
        guard !epsilon.isEmpty else { return nil }
        return RobustnessRequest(epsilons: epsilon, eta: eta, gaussian: gaussian,
                                 monteCarlo: samples.map { MonteCarloOptions(samples: $0, seed: seed, confidence: confidence) })
    }
}
