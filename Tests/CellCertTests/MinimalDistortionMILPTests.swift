@testable import CellCert
import Probability
import XCTest

/// The MILP for the minimal adversarial distortion (issue 5, scope 4) on random
/// networks with fixed seeds: `R` is at least the cell radius, the ball of
/// radius `0.999 R` holds no class change, the witness changes class at `R` (up
/// to the documented margin), the search method agrees, and in `d = 2` a fine
/// grid finds nothing nearer.
final class MinimalDistortionMILPTests: XCTestCase {
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

    static func milp(_ network: Network, at x: [Double], norm: Norm, domain: InputBox? = nil,
                     timeLimit: Double? = nil) throws -> DecisionBoundaryResult {
        try network.minimalDistortionMILP(at: x, options: DecisionBoundaryOptions(norm: norm, method: .milp, domain: domain,
                                                                                  timeLimitSeconds: timeLimit),
                                          upperBound: nil)
    }

    /// The acceptance properties of one exact result.
    func checkExact(_ result: DecisionBoundaryResult, network: Network, x: [Double], domain: InputBox?,
                    samples: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(result.status, .exact, result.note ?? "", file: file, line: line)
        XCTAssertEqual(result.method, .milp, file: file, line: line)
        XCTAssertNil(result.note, file: file, line: line)
        let r = try XCTUnwrap(result.distance, file: file, line: line)
        guard r.isFinite else { return XCTFail("no finite distance", file: file, line: line) }
        XCTAssertEqual(result.lower, r, file: file, line: line)
        let c = network.classify(x)
        XCTAssertGreaterThanOrEqual(r, try network.cell(at: x).radius(at: x, norm: result.norm).radius, file: file, line: line)
        let witness = try XCTUnwrap(result.witness, file: file, line: line)
        XCTAssertNotEqual(network.classify(witness.point), c, file: file, line: line)
        XCTAssertEqual(witness.distance, result.norm.distance(witness.point, x), file: file, line: line)
        XCTAssertEqual(result.upper, witness.distance, file: file, line: line)
        XCTAssertLessThanOrEqual(witness.distance, r * (1 + 1e-6) + 1e-9, file: file, line: line)
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

    func testExactDistanceOnRandomNetworksAgreesWithSearch() throws {
        var g = SplitMix64(seed: 15)
        for (n, network) in try Self.smallNetworks(seed: 21).enumerated() {
            for norm in [Norm.linf, .l1] {
                for _ in 0..<2 {
                    let x = Self.randomInput(dimension: network.inputDimension, using: &g)
                    let result = try Self.milp(network, at: x, norm: norm)
                    try checkExact(result, network: network, x: x, domain: nil, samples: 2000)
                    XCTAssertGreaterThan(result.linearProgramsSolved, 0)
                    let search = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, method: .search))
                    let (a, b) = (try XCTUnwrap(result.distance), try XCTUnwrap(search.distance))
                    XCTAssertEqual(a, b, accuracy: 1e-6 * (1 + b), "net \(n) \(norm): MILP and search disagree")
                }
            }
        }
    }

    func testDomainRestrictsTheSearch() throws {
        var g = SplitMix64(seed: 16)
        for network in try Self.smallNetworks(seed: 22) {
            let box = InputBox(uniform: -1, 1, dimension: network.inputDimension)
            for norm in [Norm.linf, .l1] {
                let x = Self.randomInput(dimension: network.inputDimension, using: &g)
                let result = try Self.milp(network, at: x, norm: norm, domain: box)
                if result.distance == .infinity {
                    // No class change anywhere in the box: a dense sample of the box agrees.
                    XCTAssertEqual(result.status, .exact)
                    XCTAssertNil(result.witness)
                    let c = network.classify(x)
                    for _ in 0..<2000 {
                        XCTAssertEqual(network.classify(Self.randomInput(dimension: network.inputDimension, using: &g)), c)
                    }
                } else {
                    try checkExact(result, network: network, x: x, domain: box, samples: 2000)
                    let unrestricted = try Self.milp(network, at: x, norm: norm)
                    XCTAssertGreaterThanOrEqual(result.distance!, unrestricted.distance! * (1 - 1e-7))
                }
            }
        }
    }

    /// In d = 2 a 301 × 301 grid finds no differently classified point nearer
    /// than `R`, and one within a grid step of it.
    func testTwoDimensionalAgainstGrid() throws {
        var g = SplitMix64(seed: 11)
        let relu = try Network.random(layerSizes: [2, 8, 8, 3], decision: .argmax, using: &g)
        let heaviside = try Network.random(layerSizes: [2, 6, 2], decision: .argmax, hiddenActivation: .heaviside, using: &g)
        let steps = 300, span = 1.5
        for network in [relu, heaviside] {
            for norm in [Norm.linf, .l1] {
                for trial in 0..<2 {
                    let x = [Double(trial) * 0.3 - 0.3, 0.2 - Double(trial) * 0.1]
                    let result = try Self.milp(network, at: x, norm: norm)
                    let r = try XCTUnwrap(result.distance, "\(network.hiddenActivations[0]) \(norm) \(result.note ?? "")")
                    XCTAssertNotNil(result.witness)
                    let c = network.classify(x)
                    var nearest = Double.infinity
                    let inputs = Self.grid(around: x, halfWidth: span, steps: steps)
                    for (k, label) in network.classify(batch: inputs).enumerated() where label != c {
                        nearest = min(nearest, norm.distance(x, inputs.row(k)))
                    }
                    XCTAssertGreaterThanOrEqual(nearest, r * (1 - 1e-9), "\(norm) trial \(trial)")
                    if r < span { XCTAssertLessThanOrEqual(nearest, r + 4 * span / Double(steps), "\(norm) trial \(trial)") }
                }
            }
        }
    }

    /// The `(steps + 1)²` points of the square of half-width `halfWidth` around `x` (d = 2), one per row.
    static func grid(around x: [Double], halfWidth: Double, steps: Int) -> Matrix {
        var storage: [Double] = []
        storage.reserveCapacity(2 * (steps + 1) * (steps + 1))
        let step = 2 * halfWidth / Double(steps)
        for i in 0...steps {
            for j in 0...steps {
                storage.append(x[0] - halfWidth + step * Double(i))
                storage.append(x[1] - halfWidth + step * Double(j))
            }
        }
        return Matrix(rows: (steps + 1) * (steps + 1), columns: 2, storage: storage)
    }

    /// Input normalisation and a negative output scale (which reverses argmax)
    /// are folded into the encoding.
    func testTransformsAreEncoded() throws {
        var g = SplitMix64(seed: 31)
        let base = try Network.random(layerSizes: [3, 10, 10, 3], decision: .argmax, using: &g)
        let network = try Network(layers: base.layers, decision: .argmax,
                                  inputTransform: InputTransform(mean: [0.5, -1, 2], scale: [2, 0.5, 4]),
                                  outputTransform: OutputTransform(mean: 3, scale: -1.5))
        for norm in [Norm.linf, .l1] {
            let x = [0.2, -1.3, 2.5]
            let result = try Self.milp(network, at: x, norm: norm)
            try checkExact(result, network: network, x: x, domain: nil, samples: 2000)
            let search = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, method: .search))
            XCTAssertEqual(result.distance!, search.distance!, accuracy: 1e-6 * (1 + search.distance!))
        }
    }

    /// A time limit too short for the MILPs gives a bounded result whose bounds
    /// bracket the exact distance.
    func testTimeLimitGivesBoundedResult() throws {
        var g = SplitMix64(seed: 41)
        let network = try Network.random(layerSizes: [6, 40, 40, 40, 4], decision: .argmax, using: &g)
        let x = Self.randomInput(dimension: 6, using: &g)
        let limited = try Self.milp(network, at: x, norm: .linf, timeLimit: 0.002)
        XCTAssertEqual(limited.status, .bounded, limited.note ?? "")
        XCTAssertNil(limited.distance)
        XCTAssertNotNil(limited.note)
        let cellRadius = try network.cell(at: x).radius(at: x, norm: .linf).radius
        XCTAssertGreaterThanOrEqual(limited.lower, cellRadius)
        XCTAssertLessThanOrEqual(limited.lower, limited.upper)
        if let witness = limited.witness {
            XCTAssertNotEqual(network.classify(witness.point), network.classify(x))
            XCTAssertEqual(limited.upper, witness.distance)
        }
    }

    func testEuclideanNormIsRejected() throws {
        var g = SplitMix64(seed: 51)
        let network = try Network.random(layerSizes: [2, 4, 2], decision: .argmax, using: &g)
        XCTAssertThrowsError(try Self.milp(network, at: [0.1, 0.2], norm: .l2)) { error in
            XCTAssertTrue("\(error)".contains("l2"), "\(error)")
        }
    }

    /// A given witness bounds the search box; a far-away one gives the same `R`.
    func testGivenUpperBoundIsUsed() throws {
        var g = SplitMix64(seed: 61)
        let network = try Network.random(layerSizes: [3, 12, 8, 3], decision: .argmax, using: &g)
        let x = Self.randomInput(dimension: 3, using: &g)
        let plain = try Self.milp(network, at: x, norm: .linf)
        let r = try XCTUnwrap(plain.distance)
        let far = try XCTUnwrap(plain.witness)
        // Stretch the witness away from x until it is far but still adversarial.
        var point = far.point
        for scale in [4.0, 2.0, 1.5] {
            let candidate = zip(x, far.point).map { $0 + scale * ($1 - $0) }
            if network.classify(candidate) != network.classify(x) { point = candidate; break }
        }
        let outputs = network.outputs(point)
        let given = AdversarialWitness(point: point, predictedClass: network.decision.decide(outputs),
                                       distance: Norm.linf.distance(point, x), outputs: outputs)
        let result = try network.minimalDistortionMILP(at: x, options: DecisionBoundaryOptions(norm: .linf, method: .milp),
                                                       upperBound: given)
        XCTAssertEqual(result.status, .exact)
        XCTAssertEqual(try XCTUnwrap(result.distance), r, accuracy: 1e-7 * (1 + r))
    }
}
