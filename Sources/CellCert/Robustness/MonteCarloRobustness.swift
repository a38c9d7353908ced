import Dispatch
import Foundation
import Probability

/// A Monte Carlo estimate of the local robustness `ρ(x, ε) = P_s[f(x + εs) = f(x)]`,
/// `s ~ Unif(S^{d−1})` (Docs/theory.md §4), with exact Clopper–Pearson intervals.
public struct MonteCarloEstimate: Sendable, Equatable, Codable {
    /// The perturbation size `ε`.
    public let epsilon: Double
    /// Number of sphere directions drawn.
    public let samples: Int
    /// Samples whose class differs from `f(x)`.
    public let changed: Int
    /// Samples outside the cell of `x` (pattern or class differs); `≥ changed`.
    public let leftCell: Int
    /// `1 − changed / samples`.
    public let robustness: Double
    /// Clopper–Pearson interval for `ρ` at `confidence`.
    public let lower: Double
    public let upper: Double
    /// Clopper–Pearson interval for `P[x + εs stays in the cell]`.
    public let stayLower: Double
    public let stayUpper: Double
    /// The two-sided confidence level of both intervals.
    public let confidence: Double
}

/// How to run the Monte Carlo estimate.
public struct MonteCarloOptions: Sendable {
    /// Number of directions.
    public var samples: Int
    /// Seed of the random streams; the same seed gives the same counts for any thread count.
    public var seed: UInt64
    /// Directions per forward pass (one random stream per batch).
    public var batchSize: Int
    /// Worker threads (1 = serial); each runs its batches' products on its own
    /// thread (`ParallelLoop`, `Parallelism`), so this is the whole thread count.
    public var threads: Int
    /// Confidence level of the Clopper–Pearson intervals.
    public var confidence: Double

    /// The most directions one estimate may draw, `10^10`: hours of work on
    /// the smallest networks. Counts stay exact in `Int` and `Double` far beyond it.
    public static let maximumSamples = 10_000_000_000

    /// Batches counted together before their counts are summed; memory is
    /// one slot per batch of a group, whatever the number of samples.
    static let batchesPerGroup = 1024

    public init(samples: Int, seed: UInt64 = 0, batchSize: Int = 1024,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, confidence: Double = 0.999) {
        self.samples = samples
        self.seed = seed
        self.batchSize = batchSize
        self.threads = threads
        self.confidence = confidence
    }
}

extension CertifiableNetwork {
    /// Estimates `ρ(x, ε)` and `P[x + εs stays in the cell of x]` by sampling.
    ///
    /// Batch `b` draws its directions from `Xoshiro256StarStar(seed:stream: b)`
    /// and runs as one batched forward pass (`forwardBatch`, one `dgemm` per
    /// layer) on one OpenBLAS thread, whose results depend only on the batch
    /// itself. So the counts are the same, bit for bit, for any number of
    /// threads. With the other `LinearAlgebraBackend` they are the same except
    /// for samples whose pre-activations or output margins lie within rounding
    /// of zero, which the two kernels may decide differently.
    ///
    /// Batches run in groups of `MonteCarloOptions.batchesPerGroup`, whose
    /// counts are summed before the next group starts, so memory does not grow
    /// with the number of samples (integer sums: the grouping changes no count).
    ///
    /// - Parameter progress: called (from any thread, serialised) with the number
    ///   of samples done so far.
    /// - Throws: `CellError` for a bad input, or when the forward pass of some
    ///   perturbed input `x + εs` overflows (its class would be meaningless);
    ///   `ProbabilityError` for bad options (`samples` outside
    ///   `1...MonteCarloOptions.maximumSamples`).
    public func monteCarloRobustness(
        at x: [Double], epsilon: Double, options: MonteCarloOptions,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> MonteCarloEstimate {
        try validateInput(x)
        guard epsilon.isFinite, epsilon > 0 else { throw ProbabilityError("epsilon must be positive and finite, got \(epsilon)") }
        guard options.samples >= 1 else { throw ProbabilityError("samples must be at least 1, got \(options.samples)") }
        guard options.samples <= MonteCarloOptions.maximumSamples else {
            throw ProbabilityError("samples must be at most \(MonteCarloOptions.maximumSamples) (10^10), got \(options.samples)")
        }
        guard options.batchSize >= 1, options.threads >= 1 else { throw ProbabilityError("batch size and threads must be at least 1") }
        let reference = activationPattern(at: x)
        let d = inputDimension
        let batchCount = options.samples / options.batchSize + (options.samples % options.batchSize == 0 ? 0 : 1)
        let samplesDone = AtomicCounter()
        let countBatch: @Sendable (Int) throws -> (changed: Int, left: Int) = { b in
            let size = min(options.batchSize, options.samples - b * options.batchSize)
            var generator = Xoshiro256StarStar(seed: options.seed, stream: UInt64(b))
            // Directions drawn straight into the batch matrix, then moved to x + ε s in place.
            var points = Matrix(rows: size, columns: d)
            points.storage.withUnsafeMutableBufferPointer { p in
                fillUniformOnSphere(p, dimension: d, using: &generator)
                x.withUnsafeBufferPointer { centre in
                    for s in 0..<size {
                        for k in 0..<d { p[s * d + k] = centre[k] + epsilon * p[s * d + k] }
                    }
                }
            }
            let (classes, inCell, overflowed) = self.classesAndCellMembership(batch: points, reference: reference)
            guard overflowed == 0 else {
                throw CellError("the forward pass overflows for perturbed inputs x + εs at ε = \(epsilon) "
                                + "(a value is not a finite double), so their class cannot be trusted; use a smaller ε")
            }
            let done = samplesDone.add(size)
            progress?(done)
            return (classes.filter { $0 != reference.predictedClass }.count, inCell.filter { !$0 }.count)
        }
        var changed = 0
        var left = 0
        for first in stride(from: 0, to: batchCount, by: MonteCarloOptions.batchesPerGroup) {
            let count = min(MonteCarloOptions.batchesPerGroup, batchCount - first)
            let group = try ParallelLoop.map(count: count, threads: options.threads) { i in try countBatch(first + i) }
            changed += group.reduce(0) { $0 + $1.changed }
            left += group.reduce(0) { $0 + $1.left }
        }
        let n = options.samples
        let rho = try clopperPearsonInterval(successes: n - changed, trials: n, confidence: options.confidence)
        let stay = try clopperPearsonInterval(successes: n - left, trials: n, confidence: options.confidence)
        return MonteCarloEstimate(epsilon: epsilon, samples: n, changed: changed, leftCell: left,
                                  robustness: 1 - Double(changed) / Double(n),
                                  lower: rho.lower, upper: rho.upper, stayLower: stay.lower, stayUpper: stay.upper,
                                  confidence: options.confidence)
    }
}
