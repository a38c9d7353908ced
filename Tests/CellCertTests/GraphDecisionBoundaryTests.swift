@testable import CellCert
import Foundation
import LinearProgramming
import ONNXProto
import Probability
import TestSupport
import XCTest

/// Issue 15, exact methods on graphs: the certified decision-boundary search
/// crosses max-pool faces (a window's winner changes) as well as ReLU faces.
final class GraphDecisionBoundaryTests: XCTestCase {
    /// A tiny CNN, d = 9: Conv 2×2 (two channels) → ReLU → MaxPool 2×2 with
    /// stride 1 → residual: the pooled value plus a 1×1 convolution of it → Flatten
    /// → Gemm to three classes.
    static func tinyCNN(seed: UInt64) throws -> GraphNetwork {
        var g = SplitMix64(seed: seed)
        func values(_ n: Int, _ scale: Double = 0.8) -> [Float] { (0..<n).map { _ in Float(g.normal() * scale) } }
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 1, 3, 3])]
        graph.output = [B.valueInfo("y", [1, 3])]
        graph.initializer = [
            B.floats("w1", [2, 1, 2, 2], values(8)), B.floats("b1", [2], values(2, 0.2)),
            B.floats("w2", [2, 2, 1, 1], values(4)),
            B.floats("w3", [3, 2], values(6)), B.floats("b3", [3], values(3, 0.2)),
        ]
        graph.node = [
            B.node("Conv", ["x", "w1", "b1"], "c1", [B.attribute("kernel_shape", [2, 2])]),
            B.node("Relu", ["c1"], "r1"),
            B.node("MaxPool", ["r1"], "p", [B.attribute("kernel_shape", [2, 2]), B.attribute("strides", [1, 1])]),
            B.node("Conv", ["p", "w2"], "c2", [B.attribute("kernel_shape", [1, 1])]),
            B.node("Add", ["c2", "p"], "s"),
            B.node("Flatten", ["s"], "f"),
            B.node("Gemm", ["f", "w3", "b3"], "y", [B.attribute("transB", 1)]),
        ]
        return try GraphNetworkTests.graphNetwork(graph, name: "tiny-cnn.onnx")
    }

    /// `R` on tiny random CNNs (convolution, ReLU, max pool, residual sum) in
    /// every norm, with a limit of 80 cells: an exact answer is at least the cell
    /// radius, has a witness of another class at distance `R` and no class change
    /// in the ball of `0.999 R`; a stopped one has sound, ordered bounds and a witness.
    func testSearchOnTinyCNNsInEveryNorm() throws {
        var g = SplitMix64(seed: 50)
        var (exact, poolFacesCrossed) = (0, 0)
        for seed in 11...16 as ClosedRange<UInt64> {
            let net = try Self.tinyCNN(seed: seed)
            for norm in Norm.allCases {
                let x = g.normalVector(9)
                let result = try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, maxCells: 80))
                XCTAssertGreaterThan(result.cellsExplored, 0)
                let witness = try XCTUnwrap(result.witness)
                XCTAssertNotEqual(net.classify(witness.point), net.classify(x))
                XCTAssertGreaterThanOrEqual(result.lower, try net.cell(at: x).radius(at: x, norm: norm).radius)
                XCTAssertLessThanOrEqual(result.lower, result.upper)
                guard result.status == .exact else {
                    XCTAssertEqual(result.status, .bounded, result.note ?? "")
                    continue
                }
                exact += 1
                try DecisionBoundarySearchTests.checkExact(result, network: net, x: x, domain: nil, samples: 2000)
                if net.activationPattern(at: witness.point).maxPoolWinners != net.activationPattern(at: x).maxPoolWinners {
                    poolFacesCrossed += 1
                }
            }
        }
        // Many searches end exact within 80 cells (8 of 18 when written), and
        // some nearest class changes lie beyond a changed max-pool winner.
        XCTAssertGreaterThanOrEqual(exact, 7)
        XCTAssertGreaterThan(poolFacesCrossed, 0)
    }

    /// `o = (max(x) − 1, 0)` over a 2×2 max pool.
    static func maxMinusOne() throws -> GraphNetwork {
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 1, 2, 2])]
        graph.output = [B.valueInfo("y", [1, 2])]
        graph.initializer = [B.floats("w", [1, 2], [1, 0]), B.floats("b", [2], [-1, 0])]
        graph.node = [
            B.node("MaxPool", ["x"], "p", [B.attribute("kernel_shape", [2, 2])]),
            B.node("Flatten", ["p"], "f"),
            B.node("MatMul", ["f", "w"], "m"),
            B.node("Add", ["m", "b"], "y"),
        ]
        return try GraphNetworkTests.graphNetwork(graph, name: "max-minus-one.onnx")
    }

    /// `o = (max(x) − 1, 0)` over a 2×2 max pool, from `x = (2, 1.5, 0, 0)` (class 0):
    /// the nearest input of class 1 has every entry at most 1, so `R_∞ = 1`,
    /// `R_1 = 1 + 0.5` and `R_2 = √(1 + 0.25)`; the max-pool faces bind.
    func testMaxPoolBoundaryAgainstTheClosedForm() throws {
        let net = try Self.maxMinusOne()
        let x = [2.0, 1.5, 0, 0]
        XCTAssertEqual(net.classify(x), 0)
        for (norm, expected) in [(Norm.linf, 1.0), (.l1, 1.5), (.l2, 1.25.squareRoot())] {
            let result = try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm))
            XCTAssertEqual(result.status, .exact, result.note ?? "")
            let r = try XCTUnwrap(result.distance)
            XCTAssertEqual(r, expected, accuracy: 1e-9 * expected, "\(norm)")
            let witness = try XCTUnwrap(result.witness)
            XCTAssertEqual(net.classify(witness.point), 1)
        }
    }

    /// The pipeline gives graph networks `R` next to the radii; the MILP method
    /// refuses the ℓ2 norm with one line saying which method works.
    func testPipelineAndRefusedL2MILP() throws {
        let net = try Self.tinyCNN(seed: 13)
        var g = SplitMix64(seed: 51)
        let x = g.normalVector(9)
        let request = CertificationRequest(norms: [.linf], boundary: DecisionBoundaryOptions(norm: .linf, maxCells: 40), threads: 1)
        let certificate = try net.certify(x, request: request)
        let boundary = try XCTUnwrap(certificate.decisionBoundary)
        XCTAssertNotEqual(boundary.status, .unknown, boundary.note ?? "")
        XCTAssertGreaterThanOrEqual(boundary.lower, certificate.radii[0].radius)
        XCTAssertNotNil(boundary.witness)
        XCTAssertThrowsError(try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: .l2, method: .milp))) { error in
            XCTAssertTrue("\(error)".contains("use the search method"), "\(error)")
        }
    }

    /// The graph's MILP encoding contains the network exactly: with the inputs
    /// fixed to a random point of the box, the largest and the smallest value of
    /// every output over the model both equal the forward pass (max-pool winners,
    /// ReLUs and residual sums included). Points with tied max-pool windows (the
    /// ReLUs off) are among them.
    func testEncodingPinsTheOutputsAtEveryPointOfTheBox() throws {
        var g = SplitMix64(seed: 53)
        for seed in 11...13 as ClosedRange<UInt64> {
            let net = try Self.tinyCNN(seed: seed)
            let centre = g.normalVector(9)
            let box = InputBox(lower: centre.map { $0 - 1 }, upper: centre.map { $0 + 1 })
            let encoding = try XCTUnwrap(try GraphNetworkEncoding(network: net, box: box, deadline: Deadline(seconds: nil)))
            XCTAssertGreaterThan(encoding.binaryCount, 0)
            for _ in 0..<4 {
                let y = (0..<9).map { box.lower[$0] + Double.random(in: 0...1, using: &g) * 2 }
                let outputs = net.outputs(y)
                for k in 0..<net.outputCount {
                    for direction in [OptimizationDirection.maximize, .minimize] {
                        var program = encoding.model.program(objective: encoding.outputs[k], direction: direction)
                        for (i, v) in encoding.inputVariables.enumerated() { program.variableBounds[v] = .fixed(y[i]) }
                        let solution = try solveMixedInteger(program)
                        XCTAssertEqual(solution.status, .optimal)
                        XCTAssertEqual(try XCTUnwrap(solution.objectiveValue), outputs[k], accuracy: 1e-6 * (1 + abs(outputs[k])),
                                       "seed \(seed), output \(k), \(direction)")
                    }
                }
            }
        }
    }

    /// `--method milp` on graphs: the closed form of the max-pool network in ℓ∞
    /// and ℓ1, and on tiny random CNNs the same `R` as the certified search
    /// whenever both are exact (the MILP's answer is itself re-checked by the
    /// search, so an exact MILP answer is one the search confirmed).
    func testMILPAgreesWithTheClosedFormAndTheSearch() throws {
        let pool = try Self.maxMinusOne()
        for (norm, expected) in [(Norm.linf, 1.0), (.l1, 1.5)] {
            let result = try pool.decisionBoundary(at: [2.0, 1.5, 0, 0], options: DecisionBoundaryOptions(norm: norm, method: .milp))
            XCTAssertEqual(result.method, .milp)
            XCTAssertEqual(result.status, .exact, result.note ?? "")
            XCTAssertEqual(try XCTUnwrap(result.distance), expected, accuracy: 1e-9 * expected, "\(norm)")
        }
        var g = SplitMix64(seed: 54)
        var agreed = 0
        // The cases whose searches end within a few seconds in a debug build (the
        // others take up to 20 s each and agree too: 8 of 12 both exact when written).
        let quick: Set<String> = ["11 linf", "11 l1", "12 linf", "12 l1", "15 linf", "14 l1"]
        for seed in 11...16 as ClosedRange<UInt64> {
            let net = try Self.tinyCNN(seed: seed)
            for norm in [Norm.linf, .l1] {
                let x = g.normalVector(9)
                guard quick.contains("\(seed) \(norm)") else { continue }
                let milp = try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, method: .milp,
                                                                                           timeLimitSeconds: 20))
                let search = try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, maxCells: 400))
                XCTAssertGreaterThanOrEqual(milp.lower, try net.cell(at: x).radius(at: x, norm: norm).radius)
                XCTAssertLessThanOrEqual(milp.lower, search.upper * (1 + 1e-9))
                XCTAssertLessThanOrEqual(search.lower, milp.upper * (1 + 1e-9))
                if let witness = milp.witness { XCTAssertNotEqual(net.classify(witness.point), net.classify(x)) }
                guard milp.status == .exact, search.status == .exact else { continue }
                XCTAssertEqual(milp.distance!, search.distance!, accuracy: 1e-7 * (1 + search.distance!), "seed \(seed), \(norm)")
                agreed += 1
            }
        }
        XCTAssertGreaterThanOrEqual(agreed, 5)
    }

    /// ℓ∞ with a time limit: proofs by the graph's `verify` narrow a search
    /// stopped after one cell. Their lower bound is never above the full search's
    /// `R`, never below the stopped search's own, and mostly above it; one of
    /// these closes the gap (exact within the slack). The graph's `verify` has
    /// no LPs, so proofs close few gaps on CNNs (1 of 8 seeds in 5 s when written).
    func testProofsNarrowAStoppedGraphSearch() throws {
        var g = SplitMix64(seed: 55)
        var (raised, finished) = (0, 0)
        for seed in 11...18 as ClosedRange<UInt64> {
            let net = try Self.tinyCNN(seed: seed)
            let x = g.normalVector(9)
            guard [11, 14, 16, 18].contains(seed) else { continue }
            let full = try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: .linf))
            let stopped = try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: .linf, maxCells: 1))
            let narrowed = try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: .linf, timeLimitSeconds: 2,
                                                                                          maxCells: 1))
            let r = try XCTUnwrap(full.distance, "seed \(seed)")
            XCTAssertEqual(stopped.status, .bounded)
            XCTAssertLessThanOrEqual(narrowed.lower, r * (1 + 1e-9), "seed \(seed)")
            XCTAssertGreaterThanOrEqual(narrowed.upper, r * (1 - 1e-9), "seed \(seed)")
            XCTAssertGreaterThanOrEqual(narrowed.lower, stopped.lower, "seed \(seed)")
            XCTAssertNotEqual(net.classify(try XCTUnwrap(narrowed.witness).point), net.classify(x))
            if narrowed.lower > stopped.lower { raised += 1 }
            guard narrowed.status == .exact else { continue }
            finished += 1
            let slack = AdversarialWitness.slack(norm: .linf, dimension: 9, pointMagnitude: Norm.linf.length(x) + r)
            XCTAssertEqual(try XCTUnwrap(narrowed.distance), r, accuracy: slack)
        }
        XCTAssertGreaterThanOrEqual(raised, 3)
        XCTAssertGreaterThanOrEqual(finished, 1)
    }

    /// A graph whose MILP would not fit the solver's dense matrix (a convolution
    /// to 128 channels of 8×8: about 16 000 variables and rows) is not posed: the
    /// answer is `unknown` with a one-line note that names the sizes and the
    /// method that works, and keeps the cell radius as its lower bound.
    func testAGraphMILPTooLargeIsRefusedWithANote() throws {
        var g = SplitMix64(seed: 56)
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 1, 8, 8])]
        graph.output = [B.valueInfo("y", [1, 2])]
        graph.initializer = [
            B.floats("w1", [128, 1, 3, 3], (0..<1152).map { _ in Float(g.normal() * 0.5) }),
            B.floats("b1", [128], (0..<128).map { _ in Float(g.normal() * 0.1) }),
            B.floats("w2", [2, 8192], (0..<16384).map { _ in Float(g.normal() * 0.02) }),
        ]
        graph.node = [
            B.node("Conv", ["x", "w1", "b1"], "c", [B.attribute("kernel_shape", [3, 3]), B.attribute("pads", [1, 1, 1, 1])]),
            B.node("Relu", ["c"], "r"),
            B.node("Flatten", ["r"], "f"),
            B.node("Gemm", ["f", "w2"], "y", [B.attribute("transB", 1)]),
        ]
        let net = try GraphNetworkTests.graphNetwork(graph, name: "wide-conv.onnx")
        let x = g.normalVector(64)
        let result = try net.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: .linf, method: .milp,
                                                                                     timeLimitSeconds: 60))
        XCTAssertEqual(result.status, .unknown)
        let note = try XCTUnwrap(result.note)
        XCTAssertTrue(note.contains("variables") && note.contains("use --method search"), note)
        XCTAssertFalse(note.contains("\n"))
        XCTAssertEqual(result.lower, try net.cell(at: x).radius(at: x, norm: .linf).radius)
    }

    /// A witness's class change is checked against a rounding bound of the
    /// graph's outputs that covers the exact outputs.
    func testOutputRoundingBoundCoversTheOutputs() throws {
        let net = try GraphNetworkTests.smallCNN(seed: 14)
        var g = SplitMix64(seed: 52)
        for _ in 0..<20 {
            let x = g.normalVector(36)
            let (outputs, bound) = try XCTUnwrap(net.outputsWithRoundingBound(x))
            XCTAssertEqual(outputs, net.outputs(x))
            for (o, e) in zip(outputs, bound) {
                XCTAssertGreaterThan(e, 0)
                XCTAssertLessThan(e, 1e-10 * max(1, abs(o)))
            }
        }
    }
}
