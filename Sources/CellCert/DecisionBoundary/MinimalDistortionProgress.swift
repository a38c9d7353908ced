/// The running state of one ``Network/minimalDistortionMILP(at:options:upperBound:)``
/// query: the best MILP objective so far (the next rival's cutoff), the best
/// verified witness, the proven lower bound, the work done.
struct MinimalDistortionProgress {
    let norm: Norm
    /// `d` and `‖x‖_∞`, for ``AdversarialWitness/slack(norm:dimension:pointMagnitude:)``.
    let dimension: Int
    let inputMagnitude: Double
    /// The certified cell radius: the floor of every lower bound.
    let cellRadius: Double
    let deadline: Deadline
    /// The smallest objective of an integer-feasible MILP point (or the starting
    /// witness's distance): `R_p(x)` is at most this, up to the solver's tolerance.
    private(set) var best: Double
    /// The nearest verified adversarial input found so far.
    private(set) var witness: AdversarialWitness?
    /// A proven lower bound on `R_p(x)`, set by the caller when the MILPs are done.
    var lower: Double
    /// LPs and MILPs solved.
    var linearProgramsSolved = 0
    /// MILP points whose forward pass did not confirm a class change.
    private(set) var unverifiedDistances: [Double] = []

    init(norm: Norm, from x: [Double], cellRadius: Double, witness: AdversarialWitness?, deadline: Deadline) {
        self.norm = norm
        self.dimension = x.count
        self.inputMagnitude = Norm.linf.length(x)
        self.cellRadius = cellRadius
        self.deadline = deadline
        self.witness = witness
        self.best = witness?.distance ?? .infinity
        self.lower = cellRadius
    }

    /// Takes an integer-feasible MILP point `point` of objective `value`, on the
    /// closed side of `rival`: lowers the cutoff and, if a forward pass at the
    /// point (or a documented tiny step past it) changes the class, the witness.
    /// Returns whether the point gave a verified witness; a point that did not is
    /// remembered for the note unless a later point at the same value verifies.
    @discardableResult
    mutating func consider(value: Double, point: [Double], network: some CertifiableNetwork, x: [Double], originalClass: Int,
                           rival: Int, domain: InputBox?) -> Bool {
        best = min(best, value)
        var clampedPoint = point
        if let domain { clampedPoint = domain.clamped(point) }
        let outward = zip(clampedPoint, x).map { $0 - $1 }
        var directions = [outward]
        if let exit = network.exitDirection(at: clampedPoint, from: originalClass, toward: rival, norm: norm) {
            directions.append(exit)
        }
        guard let found = network.verifiedWitness(near: clampedPoint, from: x, originalClass: originalClass, norm: norm,
                                                  domain: domain, directions: directions) else {
            unverifiedDistances.append(value)
            return false
        }
        unverifiedDistances.removeAll { $0 >= value }
        if witness == nil || found.distance < witness!.distance { witness = found }
        return true
    }

    /// The result with `status`; `note` joined with a remark on unverified MILP points.
    ///
    /// An optimum counts as exact only with a verified witness within
    /// ``AdversarialWitness/slack(norm:dimension:pointMagnitude:)`` of it; otherwise
    /// the status is `.bounded` (the optimum is then the lower bound).
    func result(status requested: DecisionBoundaryResult.Status, note: String?) -> DecisionBoundaryResult {
        let upper = witness?.distance ?? .infinity
        var status = requested
        var notes = note.map { [$0] } ?? []
        if let distance = unverifiedDistances.min(), distance < upper {
            notes.append("the MILP point at distance \(distance) did not verify as a witness by a forward pass; "
                         + (witness == nil ? "no witness is reported" : "the witness is the nearest verified one"))
        }
        if status == .exact, best.isFinite,
           !(upper <= best + AdversarialWitness.slack(norm: norm, dimension: dimension, pointMagnitude: inputMagnitude + best)) {
            status = .bounded
        }
        let exact: Double? = status == .exact ? min(max(best, cellRadius), upper) : nil
        let lowerBound = exact ?? min(max(lower, cellRadius), upper)
        return DecisionBoundaryResult(norm: norm, method: .milp, status: status, distance: exact, lower: lowerBound,
                                      upper: upper, witness: witness, cellsExplored: 0,
                                      linearProgramsSolved: linearProgramsSolved, seconds: deadline.elapsedSeconds,
                                      note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
