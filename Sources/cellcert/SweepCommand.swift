import ArgumentParser
import CellCert
import Foundation
import Probability

/// `cellcert sweep`: the experiments behind the paper's claims (Docs/theory.md §5)
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

    @Option(name: .customLong("dimensions"), parsing: .upToNextOption,
            help: "Input dimensions of the dimension sweep (default 8 16 … 4096).")
    var dimensionsValue: [Int] = []

    @Option(name: .customLong("hidden"), parsing: .upToNextOption,
            help: "Hidden layer widths of the dimension sweep (default 32 32).")
    var hiddenValue: [Int] = []

    @Option(name: .customLong("total-units"), parsing: .unconditional,
            help: "Hidden units split into 1, 2, 4 and 8 layers in the arrangement sweep (default 64).")
    var totalUnitsValue: Int?

    @Option(name: .customLong("depths"), parsing: .upToNextOption,
            help: "Layer counts of the arrangement sweep (default 1 2 4 8).")
    var depthsValue: [Int] = []

    @Option(name: .customLong("arrangement-dimension"), parsing: .unconditional,
            help: "Input dimension of the arrangement sweep (default 512).")
    var arrangementDimensionValue: Int?

    @Option(parsing: .unconditional, help: "Ratio r/ε of the certified radius to the perturbation size.")
    var ratio: Double = 0.15

    @Option(parsing: .unconditional, help: "Random inputs (and networks) per configuration.")
    var trials: Int = 2

    @Option(parsing: .unconditional, help: "Monte Carlo directions per row (at most 10^10).")
    var samples: Int = 4000

    @Option(parsing: .unconditional, help: "Random seed of networks, inputs and directions.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Target misclassification probability η for δ*.")
    var eta: Double = 0.01

    @Option(help: "Which sweeps: dimension, arrangement or both.")
    var sweep: Which = .both

    @Option(help: "Output format: markdown, csv or text.")
    var format: TableFormat = .markdown

    @Option(parsing: .unconditional, help: "Confidence level of the Clopper–Pearson intervals.")
    var confidence: Double = 0.999

    @Option(parsing: .unconditional,
            help: "The most memory one configuration may need (estimated before its network is drawn): e.g. 512MiB, 8GiB, 1.5TiB.")
    var maxMemory = MemorySize(bytes: 8 << 30)

    enum Which: String, ExpressibleByArgument { case dimension, arrangement, both }

    /// Input dimensions of sweep (a).
    var dimensions: [Int] { dimensionsValue.isEmpty ? [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096] : dimensionsValue }
    /// Hidden widths of sweep (a).
    var hidden: [Int] { hiddenValue.isEmpty ? [32, 32] : hiddenValue }
    /// Hidden units of sweep (b).
    var totalUnits: Int { totalUnitsValue ?? 64 }
    /// Layer counts of sweep (b).
    var depths: [Int] { depthsValue.isEmpty ? [1, 2, 4, 8] : depthsValue }
    /// Input dimension of sweep (b).
    var arrangementDimension: Int { arrangementDimensionValue ?? 512 }

    /// The list options, which read values up to the next option.
    static let listOptions: Set<String> = ["--dimensions", "--hidden", "--depths"]

    /// `arguments` with every negative number given to a list option
    /// (`--hidden 4 -3`) rewritten as `--hidden=-3`, for `sweep` only: the
    /// parser would take `-3` for an option and report it as unknown; so
    /// rewritten, it is read and refused by `validate()` with a clear message.
    static func acceptingNegativeListValues(_ arguments: [String]) -> [String] {
        guard arguments.first == "sweep" else { return arguments }
        var result: [String] = []
        var list: String? = nil
        var nameNeeded = false
        for (k, argument) in arguments.enumerated() {
            if argument == "--" {
                result += arguments[k...]
                break
            }
            if let name = list, argument.hasPrefix("-"), Double(argument) != nil {
                if result.last == name { result.removeLast() }
                result.append("\(name)=\(argument)")
                nameNeeded = true
                continue
            }
            if argument.hasPrefix("-") {
                list = listOptions.contains(argument) ? argument : nil
                nameNeeded = false
            } else if nameNeeded, let name = list {
                result.append(name)
                nameNeeded = false
            }
            result.append(argument)
        }
        return result
    }

    func validate() throws {
        if sweep == .dimension, totalUnitsValue != nil || !depthsValue.isEmpty || arrangementDimensionValue != nil {
            throw ValidationError("--total-units, --depths and --arrangement-dimension set the arrangement sweep, which --sweep dimension leaves out")
        }
        if sweep == .arrangement, !dimensionsValue.isEmpty || !hiddenValue.isEmpty {
            throw ValidationError("--dimensions and --hidden set the dimension sweep, which --sweep arrangement leaves out")
        }
        if let bad = dimensions.first(where: { $0 < 2 }) { throw ValidationError("--dimensions must be at least 2, got \(bad)") }
        guard arrangementDimension >= 2 else { throw ValidationError("--arrangement-dimension must be at least 2, got \(arrangementDimension)") }
        if let bad = hidden.first(where: { $0 < 1 }) { throw ValidationError("--hidden widths must be at least 1, got \(bad)") }
        guard totalUnits >= 1 else { throw ValidationError("--total-units must be at least 1, got \(totalUnits)") }
        if let bad = depths.first(where: { $0 < 1 || totalUnits % $0 != 0 }) {
            throw ValidationError("every --depths value must be at least 1 and divide --total-units \(totalUnits), got \(bad)")
        }
        guard ratio > 0, ratio.isFinite else { throw ValidationError("--ratio must be positive and finite, got \(ratio)") }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1, got \(trials)") }
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1, got \(samples)") }
        guard samples <= MonteCarloOptions.maximumSamples else {
            throw ValidationError("--samples must be at most \(MonteCarloOptions.maximumSamples) (10^10), got \(samples)")
        }
        guard eta > 0, eta < 1 else { throw ValidationError("--eta must lie in (0, 1), got \(eta)") }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must lie in (0, 1), got \(confidence)") }
        try checkMemory()
    }

    /// The architectures of the selected sweeps, with the options that set
    /// them; hidden layers as runs of equal widths, so that none is allocated yet.
    var configurations: [(options: String, architecture: SweepMemory.Architecture)] {
        var result: [(String, SweepMemory.Architecture)] = []
        if sweep != .arrangement {
            result += dimensions.map {
                ("--dimensions \($0) --hidden \(hidden.map(String.init).joined(separator: " "))",
                 SweepMemory.Architecture(inputDimension: $0, hidden: hidden.map { (width: $0, count: 1) }))
            }
        }
        if sweep != .dimension {
            result += depths.map {
                ("--arrangement-dimension \(arrangementDimension) --total-units \(totalUnits) --depths \($0)",
                 SweepMemory.Architecture(inputDimension: arrangementDimension, hidden: [(width: totalUnits / $0, count: $0)]))
            }
        }
        return result
    }

    /// Refuses, before anything is allocated, a configuration whose estimated
    /// memory (`SweepMemory`) exceeds `--max-memory`, and a table too large to hold.
    func checkMemory() throws {
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let batchSize = MonteCarloOptions(samples: 1).batchSize
        for configuration in configurations {
            let bytes = SweepMemory.bytes(configuration.architecture, samples: samples, threads: threads, batchSize: batchSize)
            if bytes.map({ $0 > maxMemory.bytes }) ?? true {
                throw ValidationError("\(configuration.options): one network needs \(bytes.map { "about " + MemorySize.describe(Double($0)) } ?? "more than 8 EiB") "
                                      + "(weights, cell rows, Monte Carlo batches) but --max-memory is \(maxMemory); raise --max-memory or choose smaller sizes")
            }
        }
        let rows = configurations.count.multipliedReportingOverflow(by: trials)
        let rowBytes = rows.partialValue.multipliedReportingOverflow(by: SweepMemory.bytesPerRow)
        if rows.overflow || rowBytes.overflow || rowBytes.partialValue > maxMemory.bytes {
            throw ValidationError("--trials \(trials): the table of \(configurations.count) configurations × \(trials) trials needs more than --max-memory \(maxMemory) allows; raise --max-memory or give fewer --trials")
        }
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
        try StandardOutput.write(output)
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
