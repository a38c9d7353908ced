@testable import CellCert
import Probability
import XCTest

/// Issue 16, target 2: proofs finish decision-boundary searches that a limit
/// stopped: in ℓ∞ ``Network/verify(_:timeLimitSeconds:threads:)`` on the box
/// `B_∞(x, ρ)`, in ℓ1 the same on the ball's region (input splitting drops the
/// boxes that miss the ball) and ``Network/classChangeInL1Ball(around:radius:domain:timeLimitSeconds:)``.
/// Random networks of every head, fixed seeds.
final class BoundaryProofTests: XCTestCase {
    /// The ball provers of `norm`, named: ℓ∞ `verify` of the box; ℓ1 `verify` of
    /// the ball's region and the LP proof over the ball.
    static func provers(_ network: Network, at x: [Double], norm: Norm, domain: InputBox?) -> [(String, Network.BallProver)] {
        let split = network.ballProver(at: x, norm: norm, domain: domain) { try network.verify($0, timeLimitSeconds: $1, threads: 1) }
        guard norm == .l1 else { return [("verify", split)] }
        let excluded = ExcludedRivals()
        return [("verify of the ball", split),
                ("LP proof", { try network.classChangeInL1Ball(around: x, radius: $0, domain: domain, timeLimitSeconds: $1,
                                                               excluded: excluded) })]
    }

    /// A search stopped after one cell leaves `lower < R ≤ upper`; the proofs
    /// never prove a lower bound above the `R` of the full search (which is exact),
    /// never lose the witness, and most of the time close the gap to the
    /// closing tolerance, agreeing with the full search's `R`.
    func testProofsFinishStoppedSearchesSoundly() throws {
        for norm in [Norm.linf, .l1] { try checkProofsFinishStoppedSearches(norm: norm) }
    }

    func checkProofsFinishStoppedSearches(norm: Norm) throws {
        var g = SplitMix64(seed: 61)
        var (stopped, finished) = (0, 0)
        for network in try MinimalDistortionMILPTests.smallNetworks(seed: 60) {
            for _ in 0..<3 {
                let x = MinimalDistortionMILPTests.randomInput(dimension: network.inputDimension, using: &g)
                let full = try network.decisionBoundarySearch(at: x, options: DecisionBoundaryOptions(norm: norm, timeLimitSeconds: 3),
                                                             witness: nil)
                let limited = try network.decisionBoundarySearch(
                    at: x, options: DecisionBoundaryOptions(norm: norm, maxCells: 1),
                    witness: network.boundaryAttack(at: x, norm: norm, domain: nil))
                guard full.status == .exact, let r = full.distance, r.isFinite, limited.status == .bounded,
                      limited.witness != nil else { continue }
                stopped += 1
                for (name, prover) in Self.provers(network, at: x, norm: norm, domain: nil) {
                    let narrowed = try network.narrowedByProofs(limited, at: x, norm: norm, domain: nil,
                                                                deadline: Deadline(seconds: 30), prove: prover)
                    XCTAssertLessThanOrEqual(narrowed.lower, r * (1 + 1e-9), "\(name): a proven lower bound above R")
                    XCTAssertGreaterThanOrEqual(narrowed.lower, limited.lower)
                    let witness = try XCTUnwrap(narrowed.witness)
                    XCTAssertNotEqual(network.classify(witness.point), network.classify(x))
                    XCTAssertEqual(narrowed.upper, witness.distance)
                    XCTAssertGreaterThanOrEqual(witness.distance, r * (1 - 1e-9))
                    guard narrowed.status == .exact else { continue }
                    finished += 1
                    let tolerance = Network.proofClosingTolerance(norm: norm, dimension: x.count, inputMagnitude: Norm.linf.length(x),
                                                                  distance: witness.distance)
                    XCTAssertEqual(try XCTUnwrap(narrowed.distance), r, accuracy: tolerance * (1 + 1e-9), name)
                }
            }
        }
        // 0 finished means the proofs did nothing; some searches must have been stopped.
        XCTAssertGreaterThanOrEqual(stopped, 5, "\(norm)")
        XCTAssertEqual(finished, stopped * (norm == .l1 ? 2 : 1), "\(norm): every prover finishes every stopped search")
    }

    /// The command path: a query with a time limit whose search is stopped by `maxCells` comes back exact (ℓ∞ and ℓ1).
    func testDecisionBoundaryUsesTheProofs() throws {
        for norm in [Norm.linf, .l1] {
            var g = SplitMix64(seed: 62)
            let network = try MinimalDistortionMILPTests.smallNetworks(seed: 63)[3]
            let x = MinimalDistortionMILPTests.randomInput(dimension: network.inputDimension, using: &g)
            let result = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, timeLimitSeconds: 30,
                                                                                             maxCells: 1))
            XCTAssertEqual(result.status, .exact, "\(norm): \(result.note ?? "")")
            XCTAssertEqual(result.cellsExplored, 1)
        }
    }

    /// Both ℓ1 ball provers with a domain that holds `x` on its faces in some
    /// coordinates (where the ball's row takes `y_i − x_i` itself, no deviation
    /// variable): never `unsat` just beyond the full search's exact `R` (a
    /// witness lies there), and `unsat` just within it in most cases.
    func testL1BallProofWithXOnTheDomainsFaces() throws {
        var g = SplitMix64(seed: 65)
        var (checked, provenWithin) = (0, 0)
        for network in try MinimalDistortionMILPTests.smallNetworks(seed: 66) {
            for trial in 0..<3 {
                let d = network.inputDimension
                let domain = InputBox(lower: [Double](repeating: -1, count: d), upper: [Double](repeating: 1, count: d))
                // Coordinates alternate between a face of the domain (−1 or 1) and the inside.
                let x = (0..<d).map { i -> Double in
                    let inside = Double(g.next() >> 11) * 0x1p-53 * 2 - 1
                    return (i + trial) % 3 == 0 ? inside : ((i + trial) % 3 == 1 ? -1 : 1)
                }
                let full = try network.decisionBoundarySearch(
                    at: x, options: DecisionBoundaryOptions(norm: .l1, domain: domain, timeLimitSeconds: 3), witness: nil)
                guard full.status == .exact, let r = full.distance, r.isFinite, r > 1e-6 else { continue }
                for (name, prove) in Self.provers(network, at: x, norm: .l1, domain: domain) {
                    checked += 1
                    let beyond = try prove(r * (1 + 1e-3), 10)
                    XCTAssertNotEqual(beyond.answer, .unsat, "\(name): a witness lies at \(r), yet the ball of radius \(r * (1 + 1e-3)) was proven clean")
                    let within = try prove(r * (1 - 1e-3), 10)
                    XCTAssertNotEqual(within.answer, .sat, "\(name): R = \(r) is exact, yet a point within \(r * (1 - 1e-3)) changed class")
                    if within.answer == .unsat { provenWithin += 1 }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 10)
        XCTAssertGreaterThanOrEqual(provenWithin, checked - 2, "the proofs within R should nearly all succeed")
    }

    /// The ℓ1 ball's first-layer bounds within a box are exactly the layer's range
    /// over `B₁(c, ρ) ∩ box` (up to the rounding slack), with and without an input
    /// transform, for boxes that leave some coordinates no room on one side (a
    /// domain face through `c`) and others less than `ρ`. Every vertex of that
    /// polytope spends the budget greedily in some order of the coordinates, each
    /// one way; all orders and ways are enumerated, so the bounds must contain
    /// every vertex's value and equal the largest and the smallest.
    func testL1BallFirstLayerBoundsAreTheRangeOverBallAndBox() throws {
        var g = SplitMix64(seed: 64)
        func uniform() -> Double { Double(g.next() >> 11) * 0x1p-53 }
        func orders(_ items: [Int]) -> [[Int]] {
            items.isEmpty ? [[]] : items.flatMap { k in orders(items.filter { $0 != k }).map { [k] + $0 } }
        }
        for trial in 0..<6 {
            let d = 3 + trial % 3
            let plain = try Network.random(layerSizes: [d, 7, 2], decision: .argmax, using: &g)
            let network = trial % 2 == 0 ? plain : try Network(
                layers: plain.layers, decision: .argmax,
                inputTransform: InputTransform(mean: (0..<d).map { 0.3 * Double($0) }, scale: (0..<d).map { $0 == 1 ? 0.05 : 0.7 + Double($0) }))
            let c = (0..<d).map { _ in uniform() * 2 - 1 }
            let radius = 0.05 + 0.1 * Double(trial)
            // Rooms of 0 (a face through c), below ρ and beyond it.
            let rooms = (0..<d).map { k in k == 0 ? [0.0, radius * 1.5] : [radius * (0.2 + uniform()), radius * (0.2 + uniform())] }
            let box = InputBox(lower: (0..<d).map { c[$0] - rooms[$0][0] }, upper: (0..<d).map { c[$0] + rooms[$0][1] })
            let bounds = NetworkEncoding.firstLayerBounds(network, over: L1Ball(center: c, radius: radius),
                                                          within: box)
            func firstLayer(_ y: [Double]) -> [Double] {
                let t = network.inputTransform?.apply(y) ?? y
                return (0..<network.layers[0].outputCount).map { u in
                    (0..<d).reduce(network.layers[0].bias[u]) { $0 + network.layers[0].weights[u, $1] * t[$1] }
                }
            }
            var vertices: [[Double]] = []
            for order in orders(Array(0..<d)) {
                for signs in 0..<(1 << d) {
                    var (y, budget) = (c, radius)
                    for k in order {
                        let up = signs >> k & 1 == 1
                        let step = min(rooms[k][up ? 1 : 0], budget)
                        y[k] += up ? step : -step
                        budget -= step
                    }
                    vertices.append(y)
                }
            }
            let values = vertices.map(firstLayer)
            for u in 0..<network.layers[0].outputCount {
                let (low, high) = (values.map { $0[u] }.min()!, values.map { $0[u] }.max()!)
                XCTAssertTrue(bounds[u].contains(low) && bounds[u].contains(high),
                              "trial \(trial), unit \(u): [\(low), \(high)] outside \(bounds[u])")
                XCTAssertEqual(bounds[u].upperBound, high, accuracy: 1e-9 * (1 + abs(high)), "trial \(trial), unit \(u)")
                XCTAssertEqual(bounds[u].lowerBound, low, accuracy: 1e-9 * (1 + abs(low)), "trial \(trial), unit \(u)")
            }
        }
    }

    /// ``ExcludedRivals``: after the ℓ1 LP proof excluded every rival at `0.9·R`,
    /// a proof at `0.5·R` solves no LP (each rival is covered), while one at
    /// `1.001·R` (a witness lies within) must not be answered from the record.
    func testExcludedRivalsAreReusedOnlyWithinTheirRadius() throws {
        var g = SplitMix64(seed: 68)
        var checked = 0
        for network in try MinimalDistortionMILPTests.smallNetworks(seed: 69) {
            let x = MinimalDistortionMILPTests.randomInput(dimension: network.inputDimension, using: &g)
            let full = try network.decisionBoundarySearch(at: x, options: DecisionBoundaryOptions(norm: .l1, timeLimitSeconds: 3),
                                                         witness: nil)
            guard full.status == .exact, let r = full.distance, r.isFinite, r > 1e-6 else { continue }
            let excluded = ExcludedRivals()
            let prove = { (radius: Double) in
                try network.classChangeInL1Ball(around: x, radius: radius, domain: nil, timeLimitSeconds: 10, excluded: excluded)
            }
            guard try prove(0.9 * r).answer == .unsat else { continue }
            checked += 1
            let within = try prove(0.5 * r)
            XCTAssertEqual(within.answer, .unsat)
            XCTAssertEqual(within.linearProgramsSolved, 0, "every rival was excluded at 0.9·R")
            XCTAssertNotEqual(try prove(1.001 * r).answer, .unsat, "a witness lies at R = \(r)")
        }
        XCTAssertGreaterThanOrEqual(checked, 3)
    }

    /// ``L1Ball``: membership is certain (a point a hair outside, or on the sphere
    /// up to rounding, is not accepted), a box is dropped only when its ℓ1
    /// distance from the centre exceeds the radius, and a pulled point lies in the
    /// ball, on the segment from the centre.
    func testL1BallMembershipMissesAndPull() {
        let ball = L1Ball(center: [0.5, -1, 2], radius: 1)
        XCTAssertTrue(ball.contains([0.5, -1, 2]))
        XCTAssertTrue(ball.contains([0.9, -1.3, 2.2]))                      // 0.4 + 0.3 + 0.2 = 0.9
        XCTAssertFalse(ball.contains([1.0, -1.3, 2.2 + 1e-12]))            // 0.5 + 0.3 + 0.2 + 1e-12 > 1
        XCTAssertFalse(ball.contains([1.5, -1, 2]))                         // on the sphere: not certain
        XCTAssertFalse(ball.contains([.nan, -1, 2]))
        // Boxes at ℓ1 distance 0.9 (kept), exactly 1 (kept: it touches the ball) and 1.1 (dropped).
        XCTAssertFalse(ball.misses(InputBox(lower: [1.0, -0.6, 2], upper: [2, 0, 3])))   // 0.5 + 0.4 = 0.9
        XCTAssertTrue(ball.misses(InputBox(lower: [1.0, 0.5, 3], upper: [2, 1, 4])))     // 0.5 + 1.5 + 1 = 3
        XCTAssertFalse(ball.misses(InputBox(lower: [1.0, -0.5, 2], upper: [2, 0, 3])))   // 0.5 + 0.5 = 1
        XCTAssertTrue(ball.misses(InputBox(lower: [1.0, -0.4, 2], upper: [2, 0, 3])))    // 0.5 + 0.6 = 1.1
        XCTAssertFalse(ball.misses(InputBox(lower: [-5, -5, -5], upper: [5, 5, 5])))     // holds the centre
        var g = SplitMix64(seed: 67)
        for _ in 0..<200 {
            let point = (0..<3).map { _ in Double(g.next() >> 11) * 0x1p-53 * 8 - 4 }
            let pulled = ball.pulledInside(point)
            XCTAssertTrue(ball.contains(pulled), "\(point) pulled to \(pulled)")
            if ball.contains(point) { XCTAssertEqual(pulled, point) }
            // On the segment from the centre: the same direction, a factor in (0, 1].
            let factors = (0..<3).compactMap { k -> Double? in
                let offset = point[k] - ball.center[k]
                return abs(offset) > 1e-9 ? (pulled[k] - ball.center[k]) / offset : nil
            }
            for f in factors {
                XCTAssertEqual(f, factors[0], accuracy: 1e-9)
                XCTAssertTrue(f > 0 && f <= 1)
            }
        }
    }
}
