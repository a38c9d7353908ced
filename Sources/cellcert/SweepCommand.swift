import ArgumentParser
import CellCert
import Foundation
import Probability

/// `cellcert sweep`: the experiments behind the paper's claims (THEORY.md §5)
/// on random He-initialised networks and random Gaussian inputs.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Dimension and arrangement sweeps: every bound beside a Monte Carlo estimate of ρ.",
        discussion: """
            (a) dimension sweep: networks d → hidden… → 1 (threshold) for each --dimension, ε chosen \
            so that r/ε = --ratio; the bounds should rise with d. (b) arrangement sweep: the same \
            number of hidden units split into 1, 2, 4, 8 layers at --arrangement-dimension; the \
            bounds should depend on N, not on depth. Every row has a Monte Carlo estimate of ρ and \
            of P(stay in cell) with Clopper–Pearson intervals. See Docs/sweep.md.
            """
    )

    @Option(parsing: .upToNextOption, help: "Input dimensions of the dimension sweep.")
    var dimensions: [Int] = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]

    @Option(parsing: .upToNextOption, help: "Hidden layer widths of the dimension sweep.")
    var hidden: [Int] = [32, 32]

    @Option(help: "Hidden units split into 1, 2, 4 and 8 layers in the arrangement sweep.")
    var totalUnits: Int = 64

    @Option(parsing: .upToNextOption, help: "Layer counts of the arrangement sweep.")
    var depths: [Int] = [1, 2, 4, 8]

    @Option(help: "Input dimension of the arrangement sweep.")
    var arrangementDimension: Int = 512

    @Option(help: "Ratio r/ε of the certified radius to the perturbation size.")
    var ratio: Double = 0.15

    @Option(help: "Random inputs (and networks) per configuration.")
    var trials: Int = 2

    @Option(help: "Monte Carlo directions per row.")
    var samples: Int = 4000

    @Option(help: "Random seed of networks, inputs and directions.")
    var seed: UInt64 = 1

    @Option(help: "Target misclassification probability η for δ*.")
    var eta: Double = 0.01

    @Option(help: "Which sweeps: dimension, arrangement or both.")
    var sweep: Which = .both

    @Option(help: "Output format: markdown, csv or text.")
    var format: TableFormat = .markdown

    @Option(help: "Confidence level of the Clopper–Pearson intervals.")
    var confidence: Double = 0.999

    enum Which: String, ExpressibleByArgument { case dimension, arrangement, both }

    func validate() throws {
        guard dimensions.allSatisfy({ $0 >= 2 }), arrangementDimension >= 2 else { throw ValidationError("dimensions must be at least 2") }
        guard hidden.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--hidden widths must be positive") }
        guard depths.allSatisfy({ $0 >= 1 && totalUnits % $0 == 0 }) else {
            throw ValidationError("every --depths value must divide --total-units \(totalUnits)")
        }
        guard ratio > 0, ratio.isFinite else { throw ValidationError("--ratio must be positive") }
        guard trials >= 1, samples >= 1 else { throw ValidationError("--trials and --samples must be at least 1") }
    }

    static let headers = ["sweep", "d", "layers", "N", "trial", "r", "epsilon", "paper", "perHyperplane", "exactCap",
                          "mc_rho", "mc_rho_lower", "mc_rho_upper", "mc_stay", "mc_stay_lower", "mc_stay_upper", "suspicious"]

    func run() throws {
        var output = ""
        if sweep != .arrangement {
            let rows = try reportingFailures {
                try dimensions.flatMap { d in try self.rows(sweep: "dimension", sizes: [d] + hidden + [1]) }
            }
            output += format.render(title: "(a) dimension sweep: hidden \(hidden), r/ε = \(ratio)", headers: Self.headers, rows: rows)
        }
        if sweep != .dimension {
            let rows = try reportingFailures {
                try depths.flatMap { depth in
                    try self.rows(sweep: "arrangement",
                                  sizes: [arrangementDimension] + Array(repeating: totalUnits / depth, count: depth) + [1])
                }
            }
            if !output.isEmpty && format != .csv { output += "\n" }
            let body = format.render(title: "(b) arrangement sweep: \(totalUnits) hidden units, d = \(arrangementDimension), r/ε = \(ratio)",
                                     headers: Self.headers, rows: rows)
            output += format == .csv && !output.isEmpty ? body.split(separator: "\n", maxSplits: 1).last.map(String.init) ?? "" : body
        }
        print(output, terminator: "")
    }

    /// `trials` rows for one architecture: network and input drawn from the seed and the configuration.
    func rows(sweep: String, sizes: [Int]) throws -> [[String]] {
        try (0..<trials).map { trial in
            var generator = Xoshiro256StarStar(seed: seed, stream: Self.streamIndex(sizes: sizes, trial: trial))
            let network = try Network.random(layerSizes: sizes, decision: .threshold, using: &generator)
            let x = (0..<sizes[0]).map { _ in standardNormal(using: &generator) }
            let certificate = try network.certify(x, request: CertificationRequest(norms: [.l2]))
            let r = certificate.radii[0].radius
            let epsilon = r / ratio
            let bounds = try certificate.probabilisticCertificate(epsilons: [epsilon], eta: eta, includeGaussian: false).bounds[0]
            let mc = try network.monteCarloRobustness(
                at: x, epsilon: epsilon,
                options: MonteCarloOptions(samples: samples, seed: seed &+ UInt64(trial), confidence: confidence))
            return [sweep, String(sizes[0]), sizes.dropFirst().dropLast().map(String.init).joined(separator: "x"),
                    String(network.faceBound), String(trial), scientific(r), scientific(epsilon),
                    fixed(bounds.paper), fixed(bounds.perHyperplane), fixed(bounds.exactCap),
                    fixed(mc.robustness), fixed(mc.lower), fixed(mc.upper),
                    fixed(1 - Double(mc.leftCell) / Double(mc.samples)), fixed(mc.stayLower), fixed(mc.stayUpper),
                    bounds.suspicious ? "yes" : "no"]
        }
    }

    /// A stream index unique to the architecture and trial, so that adding a
    /// configuration does not change the others' networks.
    static func streamIndex(sizes: [Int], trial: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in sizes + [trial] { h = (h ^ UInt64(v)) &* 0x100_0000_01b3 }
        return h
    }
}
