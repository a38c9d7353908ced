import CellCert
import Probability
import XCTest

/// The exact decision-boundary search (issue 5) on random networks with fixed seeds:
/// `R` is at least every cell radius, the ball of radius `0.999 R` holds no class
/// change, the witness changes class at distance `R` (up to the documented margin),
/// and in `d = 2` a fine grid finds nothing nearer.
final class DecisionBoundarySearchTests: XCTestCase {
    /// `o = ReLU(x − 1) + ReLU(−x − 1) − 0.5`: class 1 iff `|x| > 1.5`. At `x = 0`
    /// the cell's output is constant, so no linearised step leads anywhere; the
    /// random balls find the change and bisection puts the witness at `|x| = 1.5`.
    /// Inside the domain `[−1.4, 1.4]` there is no other class: no witness.
    func testRandomBallsFindAClassChangeTheLinearisedStepsCannotSee() throws {
        let network = try Network(layers: [DenseLayer(weights: Matrix(rowArrays: [[1], [-1]]), bias: [-1, -1]),
                                           DenseLayer(weights: Matrix(rowArrays: [[1, 1]]), bias: [-0.5])],
                                  decision: .threshold)
        for norm in Norm.allCases {
            let witness = try XCTUnwrap(network.boundaryAttack(at: [0], norm: norm, domain: nil), "\(norm)")
            XCTAssertEqual(witness.distance, 1.5, accuracy: 1e-9, "\(norm)")
            XCTAssertEqual(network.decision.decide(network.outputs(witness.point)), 1)
            XCTAssertNil(network.boundaryAttack(at: [0], norm: norm, domain: InputBox(lower: [-1.4], upper: [1.4])))
        }
    }

    /// Small networks with every head, d = 2…6.
    static func smallNetworks(seed: UInt64) throws -> [Network] {
        var g = SplitMix64(seed: seed)
        return [
            try Network.random(layerSizes: [2, 8, 8, 3], decision: .argmax, using: &g),
            try Network.random(layerSizes: [3, 10, 6, 1], decision: .threshold, using: &g),
            try Network.random(layerSizes: [4, 12, 4], decision: .argmin, using: &g),
            try Network.random(layerSizes: [5, 8, 8, 3], decision: .argmax, using: &g),
            try Network.random(layerSizes: [6, 10, 2], decision: .argmax, using: &g),
        ]
    }

    static func randomInput<G: RandomNumberGenerator>(dimension: Int, using g: inout G) -> [Double] {
        (0..<dimension).map { _ in Double.random(in: -1...1, using: &g) }
    }

    /// Checks the acceptance properties of one exact result.
    static func checkExact(_ result: DecisionBoundaryResult, network: some CertifiableNetwork, x: [Double], domain: InputBox?,
                    samples: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(result.status, .exact, result.note ?? "", file: file, line: line)
        guard let r = result.distance, r.isFinite else { return XCTFail("no finite distance", file: file, line: line) }
        let c = network.classify(x)
        let cell = try network.cell(at: x)
        for norm in Norm.allCases where norm == result.norm {
            XCTAssertGreaterThanOrEqual(r, cell.radius(at: x, norm: norm).radius, file: file, line: line)
        }
        let witness = try XCTUnwrap(result.witness, file: file, line: line)
        XCTAssertNotEqual(network.classify(witness.point), c, file: file, line: line)
        XCTAssertEqual(witness.distance, result.norm.distance(witness.point, x), file: file, line: line)
        XCTAssertLessThanOrEqual(witness.distance, r * (1 + 1e-6) + 1e-6, "\(result.norm): \(result.note ?? "")", file: file, line: line)
        if let box = domain { XCTAssertTrue(box.contains(witness.point), file: file, line: line) }
        var g = SplitMix64(seed: 99)
        var changed = 0
        for _ in 0..<samples {
            var y = pointInBall(center: x, radius: 0.999 * r, norm: result.norm, using: &g)
            if let box = domain { y = box.clamped(y) }
            if network.classify(y) != c { changed += 1 }
        }
        XCTAssertEqual(changed, 0, "class changes inside 0.999 R", file: file, line: line)
    }

    func testSearchOnRandomNetworksInEveryNorm() throws {
        var g = SplitMix64(seed: 5)
        for (n, network) in try Self.smallNetworks(seed: 21).enumerated() {
            for norm in Norm.allCases {
                for _ in 0..<2 {
                    let x = Self.randomInput(dimension: network.inputDimension, using: &g)
                    let result = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, method: .search))
                    try Self.checkExact(result, network: network, x: x, domain: nil, samples: 3000)
                    XCTAssertGreaterThan(result.cellsExplored, 0, "net \(n) \(norm)")
                }
            }
        }
    }

    func testSearchInsideADomain() throws {
        var g = SplitMix64(seed: 6)
        for network in try Self.smallNetworks(seed: 22) {
            let box = InputBox(uniform: -1, 1, dimension: network.inputDimension)
            for norm in [Norm.linf, .l1] {
                let x = Self.randomInput(dimension: network.inputDimension, using: &g)
                let result = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, domain: box))
                if result.distance == .infinity {
                    // No class change in the box: a dense sample of the box agrees.
                    let c = network.classify(x)
                    for _ in 0..<3000 {
                        XCTAssertEqual(network.classify(Self.randomInput(dimension: network.inputDimension, using: &g)), c)
                    }
                } else {
                    try Self.checkExact(result, network: network, x: x, domain: box, samples: 3000)
                    let unrestricted = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm))
                    let distance = try XCTUnwrap(unrestricted.distance, "\(unrestricted.status): \(unrestricted.note ?? "")")
                    XCTAssertGreaterThanOrEqual(result.distance!, distance * (1 - 1e-9))
                }
            }
        }
    }

    /// In d = 2 a 401 × 401 grid over the square of half-width 1.5 finds no
    /// differently classified point nearer than `R` (and one within a grid step of it).
    func testTwoDimensionalAgainstGrid() throws {
        var g = SplitMix64(seed: 11)
        let network = try Network.random(layerSizes: [2, 8, 8, 3], decision: .argmax, using: &g)
        let steps = 400, span = 1.5
        for norm in [Norm.linf, .l1, .l2] {
            for trial in 0..<2 {
                let x = [Double(trial) * 0.3 - 0.3, 0.2 - Double(trial) * 0.1]
                let r = try XCTUnwrap(try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm)).distance)
                let c = network.classify(x)
                var nearest = Double.infinity
                var grid: [Double] = []
                grid.reserveCapacity(2 * (steps + 1) * (steps + 1))
                for i in 0...steps {
                    for j in 0...steps {
                        grid.append(x[0] - span + 2 * span * Double(i) / Double(steps))
                        grid.append(x[1] - span + 2 * span * Double(j) / Double(steps))
                    }
                }
                let inputs = Matrix(rows: (steps + 1) * (steps + 1), columns: 2, storage: grid)
                for (k, label) in network.classify(batch: inputs).enumerated() where label != c {
                    nearest = min(nearest, norm.distance(x, inputs.row(k)))
                }
                XCTAssertGreaterThanOrEqual(nearest, r * (1 - 1e-9), "\(norm) trial \(trial)")
                if r < span { XCTAssertLessThanOrEqual(nearest, r + 4 * span / Double(steps), "\(norm) trial \(trial)") }
            }
        }
    }

    func testLimitsGiveBoundedResults() throws {
        var g = SplitMix64(seed: 7)
        let network = try Network.random(layerSizes: [4, 16, 16, 3], decision: .argmax, using: &g)
        let x = Self.randomInput(dimension: 4, using: &g)
        // ℓ1: in ℓ∞ proofs finish a stopped search (`BoundaryProofTests`).
        let exact = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: .l1))
        let limited = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: .l1, maxCells: 1))
        XCTAssertGreaterThan(exact.cellsExplored, 1)
        if exact.cellsExplored > 1 {
            XCTAssertEqual(limited.status, .bounded)
            XCTAssertNil(limited.distance)
            XCTAssertLessThanOrEqual(limited.lower, exact.distance!)
            XCTAssertGreaterThanOrEqual(limited.upper, exact.distance!)
            XCTAssertGreaterThanOrEqual(limited.lower, try network.cell(at: x).radius(at: x, norm: .l1).radius)
            XCTAssertNotNil(limited.note)
        }
    }

    func testInputOutsideTheDomainIsRejected() throws {
        var g = SplitMix64(seed: 8)
        let network = try Network.random(layerSizes: [2, 4, 2], decision: .argmax, using: &g)
        let box = InputBox(uniform: 0, 1, dimension: 2)
        XCTAssertThrowsError(try network.decisionBoundary(at: [2, 0.5], options: DecisionBoundaryOptions(domain: box)))
    }
}
