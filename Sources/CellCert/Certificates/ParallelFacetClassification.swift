import Dispatch
import Foundation

/// Runs ``ClarksonRedundancy`` on blocks of candidate rows, on several threads,
/// with a result that does not depend on the number of threads.
///
/// The candidates, ordered by their distance `c_u` from `x` (near rows first:
/// they are the likeliest facets and bound the LPs best), are dealt round-robin
/// into a number of blocks that depends only on how many candidates there are.
/// Each block is an independent Clarkson run with its own GLPK problem, created,
/// used and freed inside one work item on one thread, starting from the same
/// known facets. Threads take whole blocks; each block computes the same thing
/// whichever thread runs it and whenever, and the outcomes are merged in block
/// order. So the verdicts, and even the LP counts, are those of running the
/// blocks one after another on one thread.
enum ParallelFacetClassification {
    /// Candidates per block when the block count is picked automatically.
    ///
    /// The trade-off: a block rediscovers the facets other blocks find (more
    /// blocks, more LPs), but its LPs hold only the facets it needed (more
    /// blocks, smaller LPs — GLPK factorises the basis on every solve, at a cost
    /// growing with the rows). On 784-256-256-10 cells (150–500 rows reaching
    /// the LPs), 2 blocks were fastest when nearly every row was a facet and 8–16
    /// when many were redundant, each within a factor 2.5 of the other.
    static let candidatesPerBlock = 64
    /// At least this many blocks (when there are that many candidates), so two threads have work.
    static let minimumBlockCount = 2
    /// At most this many blocks when picked automatically.
    static let maximumBlockCount = 8

    /// The verdicts of `candidates`, from the rows `knownFacets` (already facets).
    static func classify(system: FacetConstraintSystem, candidates: [Int], knownFacets: [Int],
                         options: FacetOptions) throws -> ClarksonRedundancy.Outcome {
        guard !candidates.isEmpty else { return ClarksonRedundancy.Outcome() }
        let ordered = candidates.sorted {
            let (a, b) = (system.referenceValues[$0], system.referenceValues[$1])
            return a != b ? a < b : $0 < $1
        }
        let blockCount = max(1, min(options.blockCount ?? automaticBlockCount(candidates: ordered.count), ordered.count))
        let blocks = (0..<blockCount).map { b in stride(from: b, to: ordered.count, by: blockCount).map { ordered[$0] } }
        let clarkson = ClarksonRedundancy(system: system, tolerance: options.violationTolerance,
                                          timeLimitSeconds: options.timeLimitSeconds)
        let outcomes = try ParallelLoop.map(count: blockCount, threads: options.threads) { b in
            try clarkson.classify(candidates: blocks[b], knownFacets: knownFacets)
        }
        var merged = ClarksonRedundancy.Outcome()
        for outcome in outcomes {
            merged.verdicts.merge(outcome.verdicts) { first, _ in first }
            merged.linearProgramsSolved += outcome.linearProgramsSolved
            merged.simplexIterations += outcome.simplexIterations
        }
        return merged
    }

    /// `⌈candidates / candidatesPerBlock⌉`, within ``minimumBlockCount``…``maximumBlockCount``
    /// (and at most one block per candidate).
    static func automaticBlockCount(candidates: Int) -> Int {
        let blocks = (candidates + candidatesPerBlock - 1) / candidatesPerBlock
        return min(candidates, min(maximumBlockCount, max(minimumBlockCount, blocks)))
    }
}
