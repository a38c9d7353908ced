@testable import CellCert
import Foundation
import ONNXProto
import TestSupport
import XCTest

/// Symbolic (back-substitution) bounds on graph networks: they contain every
/// sampled value, are at least as tight as interval bounds on most boxes, and
/// `verify` answers built on them (with ReLU splitting) are never wrong.
final class GraphSymbolicBoundsTests: XCTestCase {
    /// Conv 3×3 (pad 1) → ReLU → Conv 3×3 (pad 1) → Add (residual) → ReLU →
    /// MaxPool 3×3 stride 2 (overlapping windows) → Conv 2×2 → ReLU → Flatten →
    /// Gemm → ReLU → Gemm, on a 2×8×8 input (128 inputs: too many to split).
    static func residualPoolCNN(seed: UInt64) throws -> GraphNetwork {
        var g = SplitMix64(seed: seed)
        func values(_ n: Int, _ scale: Double) -> [Float] { (0..<n).map { _ in Float(g.normal() * scale) } }
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 2, 8, 8])]
        graph.output = [B.valueInfo("y", [1, 3])]
        graph.initializer = [
            B.floats("w1", [4, 2, 3, 3], values(72, 0.4)), B.floats("b1", [4], values(4, 0.1)),
            B.floats("w2", [4, 4, 3, 3], values(144, 0.3)), B.floats("b2", [4], values(4, 0.1)),
            B.floats("w3", [6, 4, 2, 2], values(96, 0.4)), B.floats("b3", [6], values(6, 0.1)),
            B.floats("w4", [8, 24], values(192, 0.4)), B.floats("b4", [8], values(8, 0.1)),
            B.floats("w5", [3, 8], values(24, 0.5)), B.floats("b5", [3], values(3, 0.1)),
        ]
        graph.node = [
            B.node("Conv", ["x", "w1", "b1"], "c1", [B.attribute("kernel_shape", [3, 3]), B.attribute("pads", [1, 1, 1, 1])]),
            B.node("Relu", ["c1"], "r1"),
            B.node("Conv", ["r1", "w2", "b2"], "c2", [B.attribute("kernel_shape", [3, 3]), B.attribute("pads", [1, 1, 1, 1])]),
            B.node("Add", ["c2", "r1"], "s"),
            B.node("Relu", ["s"], "r2"),
            B.node("MaxPool", ["r2"], "p", [B.attribute("kernel_shape", [3, 3]), B.attribute("strides", [2, 2])]),
            B.node("Conv", ["p", "w3", "b3"], "c3", [B.attribute("kernel_shape", [2, 2])]),
            B.node("Relu", ["c3"], "r3"),
            B.node("Flatten", ["r3"], "f"),
            B.node("Gemm", ["f", "w4", "b4"], "h", [B.attribute("transB", 1)]),
            B.node("Relu", ["h"], "r4"),
            B.node("Gemm", ["r4", "w5", "b5"], "y", [B.attribute("transB", 1)]),
        ]
        return try GraphNetworkTests.graphNetwork(graph, name: "residual-pool-cnn.onnx")
    }

    /// The test networks: residual sums, max and average pools, strided,
    /// grouped and transposed convolutions, batch normalisation.
    static func networks() throws -> [(String, GraphNetwork)] {
        [("small CNN 1", try GraphNetworkTests.smallCNN(seed: 1)),
         ("small CNN 2", try GraphNetworkTests.smallCNN(seed: 2)),
         ("strided, grouped, transposed", try GraphRoundingSoundnessTests.stridedGroupedTransposedCNN(seed: 3)),
         ("residual, overlapping max pool 4", try residualPoolCNN(seed: 4)),
         ("residual, overlapping max pool 5", try residualPoolCNN(seed: 5))]
    }

    /// `count` points of the box: its centre, random vertices (every coordinate
    /// at an end) and uniform points, seeded.
    static func samples(lower: [Double], upper: [Double], count: Int, using g: inout SplitMix64) -> [[Double]] {
        var points = [zip(lower, upper).map { $0 / 2 + $1 / 2 }]
        for s in 1..<count {
            points.append(lower.indices.map { k in
                if s % 3 == 0 { return g.next() % 2 == 0 ? lower[k] : upper[k] }
                let t = Double(g.next() % 1_000_001) / 1_000_000
                return lower[k] + t * (upper[k] - lower[k])
            })
        }
        return points
    }

    /// Every node's bounds contain its value at every sampled point (centre,
    /// vertices, uniform), and so do the back-substituted bounds of the outputs
    /// along random directions. Not vacuous: many units are unstable and refined.
    func testNodeAndOutputBoundsContainEverySampledValue() throws {
        var g = SplitMix64(seed: 1515)
        var (unstable, checked) = (0, 0)
        for (name, net) in try Self.networks() {
            let d = net.inputDimension, k = net.outputCount
            for width in [1e-4, 0.05, 0.3, 1.0] {
                let centre = g.normalVector(d)
                let lower = centre.map { $0 - width }, upper = centre.map { $0 + width }
                let nodes = try XCTUnwrap(GraphNodeBounds(network: net, lower: lower, upper: upper, deadline: Deadline(seconds: nil)))
                XCTAssertFalse(nodes.isEmpty)
                for n in net.graph.reluNodes {
                    let j = net.graph.nodes[n].operands[0]
                    unstable += nodes.lower[j].indices.filter { nodes.lower[j][$0] < 0 && nodes.upper[j][$0] > 0 }.count
                }
                // Directions: ±e_i and four random ones.
                var directions: [[Double]] = []
                for i in 0..<k {
                    for sign in [1.0, -1.0] { directions.append((0..<k).map { $0 == i ? sign : 0 }) }
                }
                for _ in 0..<4 { directions.append(g.normalVector(k)) }
                var storage: [Double] = []
                for i in 0..<k { for direction in directions { storage.append(direction[i]) } }
                let objectives = Matrix(rows: k, columns: directions.count, storage: storage)
                let bounds = try XCTUnwrap(nodes.lowerBounds(of: objectives, at: net.graph.nodes.count - 1))
                for x in Self.samples(lower: lower, upper: upper, count: 600, using: &g) {
                    let values = net.nodeValues(x)
                    for (n, value) in values.enumerated() {
                        for (i, v) in value.enumerated() {
                            XCTAssertGreaterThanOrEqual(v, nodes.lower[n][i], "\(name), width \(width), node \(n) unit \(i)")
                            XCTAssertLessThanOrEqual(v, nodes.upper[n][i], "\(name), width \(width), node \(n) unit \(i)")
                        }
                    }
                    let o = values.last!
                    for (r, c) in directions.enumerated() {
                        let value = zip(c, o).reduce(0) { $0 + $1.0 * $1.1 }
                        XCTAssertGreaterThanOrEqual(value, bounds[r], "\(name), width \(width), direction \(r)")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(unstable, 100, "too few unstable units for the relaxations to be exercised")
        XCTAssertGreaterThan(checked, 10_000)
    }

    /// On most boxes the symbolic bounds of every output are at least as tight
    /// as the interval bounds (up to 1e-12 relative, the difference of the two
    /// rounding allowances), and on some they are strictly tighter.
    func testSymbolicBoundsAreAtLeastAsTightAsIntervalBoundsOnMostBoxes() throws {
        var g = SplitMix64(seed: 1516)
        var (boxes, asTight, tighter) = (0, 0, 0)
        for (_, net) in try Self.networks() {
            let d = net.inputDimension, k = net.outputCount
            for _ in 0..<8 {
                let width = [0.01, 0.1, 0.5][Int(g.next() % 3)]
                let centre = g.normalVector(d)
                let lower = centre.map { $0 - width }, upper = centre.map { $0 + width }
                let interval = net.intervalOutputs(lower: Matrix(rows: d, columns: 1, storage: lower),
                                                   upper: Matrix(rows: d, columns: 1, storage: upper))
                let nodes = try XCTUnwrap(GraphNodeBounds(network: net, lower: lower, upper: upper, deadline: Deadline(seconds: nil)))
                var storage = [Double](repeating: 0, count: k * 2 * k)
                for i in 0..<k {
                    storage[i * 2 * k + 2 * i] = 1
                    storage[i * 2 * k + 2 * i + 1] = -1
                }
                let bounds = try XCTUnwrap(nodes.lowerBounds(of: Matrix(rows: k, columns: 2 * k, storage: storage),
                                                             at: net.graph.nodes.count - 1))
                boxes += 1
                var (ok, better) = (true, false)
                for i in 0..<k {
                    let (lo, hi) = (interval.lower.storage[i], interval.upper.storage[i])
                    let slack = 1e-12 * max(1, abs(lo), abs(hi))
                    if bounds[2 * i] < lo - slack || -bounds[2 * i + 1] > hi + slack { ok = false }
                    if bounds[2 * i] > lo + 1e-6 * (hi - lo) || -bounds[2 * i + 1] < hi - 1e-6 * (hi - lo) { better = true }
                }
                if ok { asTight += 1 }
                if ok, better { tighter += 1 }
            }
        }
        XCTAssertGreaterThanOrEqual(Double(asTight), 0.8 * Double(boxes), "\(asTight) of \(boxes) boxes as tight as intervals")
        XCTAssertGreaterThan(tighter, boxes / 4, "\(tighter) of \(boxes) boxes strictly tighter")
    }

    /// Properties `Y_i ≥ t` over boxes of many inputs (no input splitting: the
    /// symbolic bounds and ReLU splitting decide), with `t` from below the
    /// sampled maximum to well above it: no `unsat` has a sampled
    /// counterexample, every `sat` counterexample satisfies the property, and
    /// some `unsat` answers need more than interval bounds.
    func testProvenUnsatPropertiesHaveNoSampledCounterexample() throws {
        var g = SplitMix64(seed: 1517)
        var (unsat, beyondIntervals, sat, farProven, farTotal) = (0, 0, 0, 0, 0)
        for (name, net) in try Self.networks() where net.inputDimension > GraphNetwork.maximumSplitDimensions {
            let d = net.inputDimension
            for _ in 0..<2 {
                let width = [0.02, 0.1, 0.3][Int(g.next() % 3)]
                let centre = g.normalVector(d)
                let lower = centre.map { $0 - width }, upper = centre.map { $0 + width }
                let points = Self.samples(lower: lower, upper: upper, count: 1500, using: &g)
                let outputs = points.map(net.outputs)
                let i = Int(g.next() % UInt64(net.outputCount))
                let sampledMaximum = outputs.map { $0[i] }.max()!
                let interval = net.intervalOutputs(lower: Matrix(rows: d, columns: 1, storage: lower),
                                                   upper: Matrix(rows: d, columns: 1, storage: upper)).upper.storage[i]
                for fraction in [-0.1, 0.3, 0.6] {
                    let t = sampledMaximum + fraction * (interval - sampledMaximum)
                    let property = try Self.property(lower: lower, upper: upper, outputs: net.outputCount, output: i, atLeast: t)
                    // The far threshold is proven in a few patterns; its ample limit keeps the
                    // count below independent of the machine's load. The others may time out.
                    let result = try net.verify(property, timeLimitSeconds: fraction >= 0.6 ? 20 : 1)
                    if fraction >= 0.6 {
                        farTotal += 1
                        if result.answer == .unsat { farProven += 1 }
                    }
                    switch result.answer {
                    case .unsat:
                        unsat += 1
                        if t < interval { beyondIntervals += 1 }
                        XCTAssertLessThan(sampledMaximum, t, "\(name): unsat, but a sampled point reaches Y_\(i) ≥ \(t)")
                    case .sat:
                        sat += 1
                        let cex = try XCTUnwrap(result.counterexample)
                        XCTAssertTrue(property.isCounterexample(input: cex.input, output: net.outputs(cex.input)), name)
                    default:
                        break
                    }
                }
            }
        }
        XCTAssertGreaterThan(unsat, 0)
        XCTAssertGreaterThan(beyondIntervals, 0, "no unsat answer needed more than interval bounds")
        XCTAssertGreaterThan(sat, 0)
        XCTAssertGreaterThan(farProven, farTotal / 2, "\(farProven) of \(farTotal) thresholds 0.6 of the way to the interval bound proven")
    }

    /// A threshold 1e-9 (relative) below an output's value at a point: a box of
    /// width 1e-12 around the point contains a counterexample, so `verify` must
    /// never answer `unsat`; and the symbolic bounds of the point box itself
    /// never exclude the point's own value.
    func testThresholdWithinOneBillionthIsNeverAnsweredWrongly() throws {
        var g = SplitMix64(seed: 1518)
        var checked = 0
        for (name, net) in try Self.networks() {
            for _ in 0..<4 {
                let x = g.normalVector(net.inputDimension)
                let o = net.outputs(x)
                let i = Int(g.next() % UInt64(net.outputCount))
                let below = o[i] - 1e-9 * max(1, abs(o[i]))
                let lower = x.map { $0 - 1e-12 }, upper = x.map { $0 + 1e-12 }
                let property = try Self.property(lower: lower, upper: upper, outputs: net.outputCount, output: i, atLeast: below)
                let result = try net.verify(property, timeLimitSeconds: 20)
                XCTAssertNotEqual(result.answer, .unsat, "\(name): Y_\(i) = \(o[i]) at a point of the box, threshold \(below)")
                // The point box: [lower bound of Y_i, −(lower bound of −Y_i)] contains o_i.
                let nodes = try XCTUnwrap(GraphNodeBounds(network: net, lower: x, upper: x, deadline: Deadline(seconds: nil)))
                let k = net.outputCount
                var storage = [Double](repeating: 0, count: 2 * k)
                storage[2 * i] = 1
                storage[2 * i + 1] = -1
                let bounds = try XCTUnwrap(nodes.lowerBounds(of: Matrix(rows: k, columns: 2, storage: storage), at: net.graph.nodes.count - 1))
                XCTAssertLessThanOrEqual(bounds[0], o[i], name)
                XCTAssertGreaterThanOrEqual(-bounds[1], o[i], name)
                // Not vacuous: the point's bounds are within 1e-9 of its value.
                XCTAssertLessThan(-bounds[1] - bounds[0], 1e-9 * max(1, abs(o[i])), name)
                checked += 1
            }
        }
        XCTAssertEqual(checked, 20)
    }

    /// The VNN-LIB property "some input of the box has `Y_output ≥ threshold`".
    static func property(lower: [Double], upper: [Double], outputs: Int, output: Int, atLeast threshold: Double) throws -> VNNLibProperty {
        var text = lower.indices.map { "(declare-const X_\($0) Real)" }.joined(separator: "\n")
        text += "\n" + (0..<outputs).map { "(declare-const Y_\($0) Real)" }.joined(separator: "\n")
        for k in lower.indices {
            text += "\n(assert (>= X_\(k) \(lower[k].description)))\n(assert (<= X_\(k) \(upper[k].description)))"
        }
        text += "\n(assert (>= Y_\(output) \(threshold.description)))"
        return try VNNLib.parse(text)
    }
}
