import Foundation

/// The exact decision-boundary search (GeoCert's idea, Docs/theory.md §3).
///
/// A min-heap holds faces of explored cells keyed by a rigorous lower bound on
/// their distance from `x`. A face enters the heap keyed by its certified
/// hyperplane distance `δ_u` (cheap); when it reaches the top, its distance
/// `dist_p(x, C ∩ H_u ∩ D)` is computed by ``FacetDistanceProgram`` and it is
/// pushed back keyed by the program's *proven* lower bound (a
/// ``FaceDistanceCertificate`` checked on the exact rows, never the solver's
/// optimum itself), or dropped when the face is proven to miss the ball of the
/// best witness (or the domain). When a *measured* entry reaches the top:
/// - a decision face (an output comparison, or the threshold unit) ends the
///   search: its distance is `R_p(x)`;
/// - a hidden unit's face opens the neighbouring cell (that unit, and any
///   unit with the same hyperplane, flipped), rebuilt from its pattern; its
///   faces are pushed, except those leading back to an explored cell.
///
/// Why the first decision face popped is exact: every key is a lower bound on
/// its face's distance and the popped key is the smallest, so every face of
/// the explored union's boundary inside `D` is at least that far; the ball of
/// that radius (within `D`, which is convex) therefore lies in explored cells,
/// all of class `f(x)`, while the popped face holds a boundary point.
///
/// Pruning: a known witness at distance `U` (from ``Network/boundaryAttack``,
/// and from every decision face measured on the way) discards faces with
/// keys beyond `U`. Faces listed once per cell (coincident rows merged by the
/// flip) and lower-dimensional faces of redundant rows cost an LP each but
/// never change the answer.
///
/// Limits (time, cells) stop it with `.bounded`: the smallest key left in
/// the heap is then a lower bound, the best witness an upper bound. A face
/// whose program fails, or which the solver calls empty without a proof, keeps
/// the lower bound at or below its `δ_u`. A decision
/// face ends the search only with a verified witness within
/// ``AdversarialWitness/slack(norm:dimension:pointMagnitude:)`` of its distance
/// (the witness is tried along a direction that crosses the
/// decision row without crossing the hidden faces tight at the same point);
/// otherwise the search goes on and the lower bound stays at or below that face.
final class DecisionBoundarySearch {
    private struct Entry {
        var key: Double
        var isExact: Bool
        var cell: Int
        var row: Int
        var witness: AdversarialWitness?
        /// The face's nearest point found by its distance program (measured entries).
        var point: [Double]?
    }

    private let network: any CertifiableNetwork
    private let x: [Double]
    private let originalClass: Int
    private let options: DecisionBoundaryOptions
    private let start = DispatchTime.now()
    private var patterns: [ActivationPattern] = []
    private var visited: Set<ActivationPattern> = []
    private var cache: CellProgramCache
    private var heap = MinHeap<Entry> { ($0.key, $0.isExact ? 0 : 1, $0.cell, $0.row) < ($1.key, $1.isExact ? 0 : 1, $1.cell, $1.row) }
    private var best: AdversarialWitness?
    private var programsSolved = 0
    /// The smallest `δ_u` of a face whose program failed.
    private var failedBelow = Double.infinity
    private var failureNote: String?
    /// The smallest distance of a decision face popped without a verified witness near it.
    private var unverifiedBelow = Double.infinity
    /// The key of the last measured entry popped: the ball of this radius
    /// (within `D`) lies in the cells opened so far.
    private var explored = 0.0

    init(network: any CertifiableNetwork, from x: [Double], originalClass: Int, options: DecisionBoundaryOptions,
         witness: AdversarialWitness?) {
        self.network = network
        // At most 16 cells, and at most 1 GiB of rows (a CIFAR-10 cell alone takes 78 MB).
        cache = CellProgramCache(capacity: max(2, min(16, Int((0x1p30 / max(network.wholeCellBytes, 1)).rounded(.down)))))
        self.x = x
        self.originalClass = originalClass
        self.options = options
        self.best = witness
    }

    private var upper: Double { best?.distance ?? .infinity }
    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
    private var remainingSeconds: Double? { options.timeLimitSeconds.map { $0 - elapsed } }

    /// Runs the search from the cell of `x`.
    ///
    /// - Parameter cellRadius: the certified cell radius of `x` in the query's norm, a proven lower bound.
    func run(firstCell: Cell, cellRadius: Double) -> DecisionBoundaryResult {
        open(firstCell)
        while let top = heap.first {
            if let remaining = remainingSeconds, remaining <= 0 {
                return bounded(cellRadius: cellRadius, note: "time limit of \(options.timeLimitSeconds!) s reached")
            }
            if top.key > upper * (1 + 1e-9) { break }
            let entry = heap.pop()!
            guard entry.isExact else {
                measure(entry)
                continue
            }
            explored = max(explored, entry.key)
            let (cell, _) = cachedCell(entry.cell)
            if cell.units[entry.row].isDecision {
                // ‖point‖∞ ≤ ‖x‖∞ + key, since every ℓp distance bounds the ℓ∞ one.
                let slack = AdversarialWitness.slack(norm: options.norm, dimension: x.count,
                                                 pointMagnitude: (x.map(abs).max() ?? 0) + entry.key)
                if let w = entry.witness ?? best, w.distance <= entry.key + slack {
                    return finished(distance: entry.key, witness: w, cellRadius: cellRadius)
                }
                // A boundary point without a verified witness near it: the class
                // region beyond may not start here (a lower-dimensional face), so
                // the search goes on, and its lower bound cannot pass this face.
                unverifiedBelow = min(unverifiedBelow, entry.key)
                continue
            }
            if let limit = options.maxCells, patterns.count >= limit {
                heap.push(entry)
                return bounded(cellRadius: cellRadius, note: "cell limit of \(limit) reached")
            }
            guard let neighbour = neighbourPattern(of: cell, across: entry.row, at: entry.point),
                  !visited.contains(neighbour) else { continue }
            guard let next = try? network.cell(for: neighbour) else {
                // Cannot happen for a pattern of this network; if it did, the region
                // beyond this face is unexplored, so the lower bound must stop here.
                failedBelow = min(failedBelow, entry.key)
                failureNote = "the cell across a face could not be built"
                continue
            }
            open(next)
        }
        // Every face nearer than the best witness was explored without meeting a
        // decision face (with no witness: no face of the domain leads to another class).
        if failedBelow.isFinite, failedBelow <= upper {
            return bounded(cellRadius: cellRadius, note: failureNote)
        }
        if unverifiedBelow.isFinite,
           upper - unverifiedBelow > AdversarialWitness.slack(norm: options.norm, dimension: x.count,
                                                          pointMagnitude: (x.map(abs).max() ?? 0) + upper) {
            return bounded(cellRadius: cellRadius, note: "a decision face at distance \(unverifiedBelow) had no verifiable witness")
        }
        return finished(distance: min(unverifiedBelow, upper), witness: best, cellRadius: cellRadius)
    }

    /// Registers a newly opened cell and pushes its faces with their `δ_u` keys.
    private func open(_ cell: Cell) {
        let index = patterns.count
        patterns.append(cell.pattern)
        visited.insert(cell.pattern)
        let program = FacetDistanceProgram(cell: cell, from: x, norm: options.norm, domain: options.domain)
        cache.insert(index, cell: cell, program: program)
        let distances = program.hyperplaneDistances
        for u in cell.faceRows where distances[u] <= upper * (1 + 1e-9) {
            if let across = cell.pattern.across(cell.units[u]), visited.contains(across) { continue }
            // A face nearer than `explored` lies in the ball the opened cells already
            // cover, so everything beyond it within that ball is opened too: its key
            // may start at `explored` (the lower bound then never falls back below it).
            heap.push(Entry(key: max(distances[u], explored), isExact: false, cell: index, row: u, witness: nil, point: nil))
        }
    }

    /// Solves the face's distance program and pushes the face back with its exact key.
    private func measure(_ entry: Entry) {
        let (cell, program) = cachedCell(entry.cell)
        let outcome = program.distance(toRow: entry.row, timeLimitSeconds: remainingSeconds.map { max($0, 1e-3) })
        programsSolved += 1
        switch outcome {
        case .unreachable:
            // Only a proof may drop a face: it must miss the ball of the best witness
            // (no witness: the whole domain).
            if program.provesUnreachable(row: entry.row, within: upper,
                                         timeLimitSeconds: remainingSeconds.map { max($0, 1e-3) }) { return }
            failedBelow = min(failedBelow, entry.key)
            failureNote = "a face the LP found empty could not be proven out of reach"
        case let .failed(reason):
            failedBelow = min(failedBelow, entry.key)
            failureNote = "a face distance program failed (\(reason))"
        case let .reached(_, provenDistance, point):
            let key = max(provenDistance, entry.key)
            var exact = Entry(key: key, isExact: true, cell: entry.cell, row: entry.row, witness: nil, point: point)
            if cell.units[entry.row].isDecision {
                exact.witness = network.witness(near: point, across: entry.row, of: cell, from: x, originalClass: originalClass,
                                                norm: options.norm, domain: options.domain)
                if let w = exact.witness, w.distance < upper { best = w }
            }
            if key <= upper * (1 + 1e-9) { heap.push(exact) }
        }
    }

    /// The pattern across the face of row `u` (a ReLU or max-pool comparison) at
    /// `point`: `u` crossed (``ActivationPattern/across(_:)``), every other such row
    /// on the same hyperplane crossed with it, and the ties broken that the crossing
    /// breaks; `nil` for a decision row.
    ///
    /// A max-pool window can be tied on the whole cell: its `winner − other` row is
    /// the zero row, e.g. when both entries are ReLUs that are off. Crossing a face
    /// can end the tie (one of them switches on), and the window's winner is then
    /// the entry that is larger just beyond the face, read off a forward pass a
    /// hair across it. Keeping the old winner would give a pattern whose cell is
    /// empty there, and the search could never pass the face.
    private func neighbourPattern(of cell: Cell, across u: Int, at point: [Double]?) -> ActivationPattern? {
        guard let crossed = crossedPattern(of: cell, across: u) else { return nil }
        // Windows tied on the cell, and windows whose winner the crossing changed
        // (several rivals on one hyperplane tie beyond it: the lowest wins, as in
        // the forward pass).
        var tied = Set(cell.degenerateRows.compactMap { v -> [Int]? in
            if case let .poolComparison(pool, unit, _) = cell.units[v] { return [pool, unit] } else { return nil }
        })
        for (pool, winners) in crossed.maxPoolWinners.enumerated() {
            for (unit, winner) in winners.enumerated() where winner != cell.pattern.maxPoolWinners[pool][unit] {
                tied.insert([pool, unit])
            }
        }
        guard !tied.isEmpty, let point else { return crossed }
        let (inward, length) = cell.inwardUnitNormal(row: u)
        guard length > 0, length.isFinite else { return crossed }
        let step = 1e-9 * max(1, point.map(abs).max() ?? 0)
        let beyond = network.activationPattern(at: zip(point, inward).map { $0 - step * $1 })
        var pattern = crossed
        for window in tied where beyond.maxPoolWinners.indices.contains(window[0]) {
            pattern.maxPoolWinners[window[0]][window[1]] = beyond.maxPoolWinners[window[0]][window[1]]
        }
        return pattern
    }

    /// `u` and every non-decision row on its hyperplane crossed.
    private func crossedPattern(of cell: Cell, across u: Int) -> ActivationPattern? {
        guard var pattern = cell.pattern.across(cell.units[u]) else { return nil }
        let a = cell.normals.row(u)
        let length = Norm.l2.length(a)
        let offset = cell.offsets[u] / length
        for v in cell.faceRows where v != u && !cell.units[v].isDecision {
            let b = cell.normals.row(v)
            let lengthB = Norm.l2.length(b)
            let cosine = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } / (length * lengthB)
            let sign: Double = cosine > 0 ? 1 : -1
            guard abs(abs(cosine) - 1) <= 1e-12, abs(cell.offsets[v] / lengthB - sign * offset) <= 1e-12 * max(1, abs(offset)),
                  let crossed = pattern.across(cell.units[v]) else { continue }
            pattern = crossed
        }
        return pattern
    }

    private func cachedCell(_ index: Int) -> (Cell, FacetDistanceProgram) {
        if let hit = cache.lookup(index) { return hit }
        // Evicted: rebuild from the pattern (deterministic, so rows are the same).
        let cell = try! network.cell(for: patterns[index])
        let program = FacetDistanceProgram(cell: cell, from: x, norm: options.norm, domain: options.domain)
        cache.insert(index, cell: cell, program: program)
        return (cell, program)
    }

    /// An exact result. `R` is clamped into `[cell radius, witness distance]`,
    /// both proven bounds, so solver round-off can never order them wrongly.
    private func finished(distance: Double, witness: AdversarialWitness?, cellRadius: Double) -> DecisionBoundaryResult {
        let verified = witness ?? best
        var exact = max(distance, cellRadius)
        if let w = verified { exact = min(exact, w.distance) }
        return DecisionBoundaryResult(
            norm: options.norm, method: .search, status: .exact, distance: exact,
            lower: exact, upper: verified?.distance ?? .infinity,
            witness: verified, cellsExplored: patterns.count, linearProgramsSolved: programsSolved,
            seconds: elapsed, note: nil)
    }

    private func bounded(cellRadius: Double, note: String?) -> DecisionBoundaryResult {
        let frontier = heap.first?.key ?? upper
        // Clamped to the witness's distance: rounding must never order the bounds wrongly.
        let lower = min(max(cellRadius, min(frontier, failedBelow, unverifiedBelow, upper)), upper)
        return DecisionBoundaryResult(
            norm: options.norm, method: .search, status: .bounded, distance: nil, lower: lower, upper: upper,
            witness: best, cellsExplored: patterns.count, linearProgramsSolved: programsSolved,
            seconds: elapsed, note: note)
    }
}

/// The most recently used cells of a search with their distance programs
/// (MNIST-size cells hold megabytes each; evicted ones are rebuilt from their pattern).
private struct CellProgramCache {
    let capacity: Int
    private var entries: [Int: (cell: Cell, program: FacetDistanceProgram, lastUse: Int)] = [:]
    private var clock = 0

    init(capacity: Int) { self.capacity = capacity }

    mutating func lookup(_ index: Int) -> (Cell, FacetDistanceProgram)? {
        guard let hit = entries[index] else { return nil }
        clock += 1
        entries[index]!.lastUse = clock
        return (hit.cell, hit.program)
    }

    mutating func insert(_ index: Int, cell: Cell, program: FacetDistanceProgram) {
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            entries[oldest] = nil
        }
        clock += 1
        entries[index] = (cell, program, clock)
    }
}
