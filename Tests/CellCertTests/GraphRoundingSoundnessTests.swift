@testable import CellCert
import BigInt
import Foundation
import ONNXProto
import Probability
import TestSupport
import XCTest

/// Issue 15, rounding: on graph networks (convolutions with strides, dilations
/// and groups, transposed convolutions, batch norm, max and average pooling,
/// residual sums, the layout copy and per-channel normalisation in front) the
/// certified radius never crosses a face of the exact cell, decided in exact
/// rational arithmetic, for inputs placed from a few ulps up to 1e-6 from a face.
final class GraphRoundingSoundnessTests: XCTestCase {
    func testCertifiedRadiusNeverCrossesAnExactFaceOfAGraphCell() throws {
        var g = SplitMix64(seed: 2027)
        let networks: [(String, GraphNetwork)] = [
            ("small CNN", try GraphNetworkTests.smallCNN(seed: 6)),
            ("small CNN read as HWC, normalised", try GraphNetworkTests.smallCNN(seed: 7).readingInput(layout: .hwc, mean: [0.4], std: [0.3])),
            ("strided, grouped, transposed", try Self.stridedGroupedTransposedCNN(seed: 8)),
        ]
        var (positive, total) = (0, 0)
        for (name, net) in networks {
            var exactRowsOf: [ActivationPattern: ExactGraphRows] = [:]
            for _ in 0..<2 {
                let x0 = g.normalVector(net.inputDimension)
                let cell0 = try net.cell(at: x0)
                // The binding faces of every norm and a few others.
                var rows = Set(Norm.allCases.compactMap { cell0.radius(at: x0, norm: $0).bindingRow })
                while rows.count < 5 { rows.insert(cell0.faceRows[Int(g.next() % UInt64(cell0.faceRows.count))]) }
                for u in rows.sorted() {
                    let p = cell0.nearestPoint(onRow: u, to: x0, norm: .l2)
                    for scale in [0.0, 1e-15, 1e-12, 1e-6] {
                        let jitter = Int(g.next() % 7) - 3
                        let x = zip(x0, p).map { x0k, pk -> Double in
                            var v = pk + scale * (x0k - pk)
                            for _ in 0..<abs(jitter) { v = jitter > 0 ? v.nextUp : v.nextDown }
                            return v
                        }
                        let measured = try net.measureCell(at: x, norms: Norm.allCases)
                        let exact = try exactRowsOf[measured.pattern] ?? ExactGraphRows(net, pattern: measured.pattern)
                        exactRowsOf[measured.pattern] = exact
                        XCTAssertEqual(exact.rows.count, measured.rowCount)
                        let cell = try net.cell(at: x)
                        for radius in measured.radii {
                            total += 1
                            guard radius.radius > 0 else { continue }
                            positive += 1
                            for v in cell.faceRows {
                                XCTAssertTrue(exact.outside(row: v, sigma: cell.orientations[v], x: x, r: radius.radius, norm: radius.norm),
                                              "\(name), \(radius.norm): certified radius \(radius.radius) crosses row \(v) (\(cell.units[v]))")
                            }
                        }
                    }
                }
            }
        }
        // Not vacuous: most placements away from the face get a positive radius.
        XCTAssertGreaterThan(positive, total / 3, "\(positive) of \(total) radii were positive")
    }

    /// Conv (2×3 kernel, stride 2, dilation (1, 2), pads, two groups) →
    /// BatchNormalization → ReLU → ConvTranspose (stride 2) → ReLU → average pool
    /// 2×2 → Flatten → Gemm, on a 2×7×9 input.
    static func stridedGroupedTransposedCNN(seed: UInt64) throws -> GraphNetwork {
        var g = SplitMix64(seed: seed)
        func values(_ n: Int, _ scale: Double = 0.6) -> [Float] { (0..<n).map { _ in Float(g.normal() * scale) } }
        typealias B = ONNXModelBuilder
        var graph = Onnx_GraphProto()
        graph.input = [B.valueInfo("x", [1, 2, 7, 9])]
        graph.output = [B.valueInfo("y", [1, 3])]
        // Conv: 4 outputs, 2 groups of 1 input channel, kernel 2×3, dilation (1, 2), stride 2, pads 1:
        // height (7 + 2 − 2) / 2 + 1 = 4, width (9 + 2 − 5) / 2 + 1 = 4.
        // ConvTranspose: 4 → 2 channels, kernel 2×2, stride 2: 4×4 → 8×8; average pool 2×2 stride 2: 4×4.
        graph.initializer = [
            B.floats("w1", [4, 1, 2, 3], values(24)), B.floats("b1", [4], values(4, 0.1)),
            B.floats("gamma", [4], values(4, 0.5).map { 1 + $0 }), B.floats("beta", [4], values(4, 0.1)),
            B.floats("mean", [4], values(4, 0.1)), B.floats("var", [4], values(4, 0.3).map { 0.5 + abs($0) }),
            B.floats("w2", [4, 2, 2, 2], values(32)), B.floats("b2", [2], values(2, 0.1)),
            B.floats("w3", [3, 32], values(96, 0.3)), B.floats("b3", [3], values(3, 0.1)),
        ]
        graph.node = [
            B.node("Conv", ["x", "w1", "b1"], "c1", [B.attribute("kernel_shape", [2, 3]), B.attribute("strides", [2, 2]),
                                                     B.attribute("dilations", [1, 2]), B.attribute("pads", [1, 1, 1, 1]),
                                                     B.attribute("group", 2)]),
            B.node("BatchNormalization", ["c1", "gamma", "beta", "mean", "var"], "n1", [B.attribute("epsilon", Float(0.001))]),
            B.node("Relu", ["n1"], "r1"),
            B.node("ConvTranspose", ["r1", "w2", "b2"], "t", [B.attribute("kernel_shape", [2, 2]), B.attribute("strides", [2, 2])]),
            B.node("Relu", ["t"], "r2"),
            B.node("AveragePool", ["r2"], "a", [B.attribute("kernel_shape", [2, 2]), B.attribute("strides", [2, 2])]),
            B.node("Flatten", ["a"], "f"),
            B.node("Gemm", ["f", "w3", "b3"], "y", [B.attribute("transB", 1)]),
        ]
        return try GraphNetworkTests.graphNetwork(graph, name: "strided-grouped-transposed.onnx")
    }
}

/// The exact rows and offsets of a graph network's cell, in rational
/// arithmetic, in the row order of `GraphNetwork.cell(for:)`: an independent
/// check of the floating-point rows and their rounding bounds.
///
/// Each operator's exact coefficients: a stored double for dense maps,
/// convolutions and copies (read off by applying the map to unit vectors, where
/// every sum has one non-zero term and so is exact), `1/n` for an average over
/// `n` entries and `1/s` for a division by `s`, which are not doubles.
struct ExactGraphRows {
    typealias Row = [ExactRational]
    private(set) var rows: [Row] = []
    private(set) var offsets: [ExactRational] = []

    init(_ net: GraphNetwork, pattern: ActivationPattern) throws {
        let d = net.inputDimension
        var values: [[Row]?] = [(0..<d).map { i in (0..<d).map { $0 == i ? ExactRational(1.0) : .zero } }]
        var constants: [[ExactRational]?] = [[ExactRational](repeating: .zero, count: d)]
        var (reluOrdinal, poolOrdinal) = (0, 0)
        for node in net.graph.nodes.dropFirst() {
            let a = values[node.operands[0]]!, c = constants[node.operands[0]]!
            switch node.operation {
            case .input:
                throw CellError("a second input node")
            case .affine(let op):
                let coefficients = Self.coefficients(of: op.map)
                var nextRows: [Row] = [], nextOffsets: [ExactRational] = []
                for (i, terms) in coefficients.enumerated() {
                    var row = Row(repeating: .zero, count: d)
                    var offset = ExactRational(op.bias?[i] ?? 0)
                    for (j, w) in terms {
                        for k in 0..<d where a[j][k].signum != 0 { row[k] = row[k] + w * a[j][k] }
                        offset = offset + w * c[j]
                    }
                    nextRows.append(row.map(Self.reduced))
                    nextOffsets.append(Self.reduced(offset))
                }
                values.append(nextRows)
                constants.append(nextOffsets)
            case .sum:
                values.append(a.indices.map { i in (0..<d).map { k in node.operands.reduce(ExactRational.zero) { $0 + values[$1]![i][k] } } })
                constants.append(c.indices.map { i in node.operands.reduce(ExactRational.zero) { $0 + constants[$1]![i] } })
            case .relu:
                let bits = pattern.hidden[reluOrdinal]
                rows += a
                offsets += c
                values.append(a.indices.map { bits[$0] ? a[$0] : Row(repeating: .zero, count: d) })
                constants.append(c.indices.map { bits[$0] ? c[$0] : .zero })
                reluOrdinal += 1
            case .maxPool(let pool):
                let winners = pattern.maxPoolWinners[poolOrdinal]
                var kept: [Int] = []
                for i in 0..<pool.output.count {
                    let window = pool.window(of: i)
                    let w = window[winners[i]]
                    for (j, entry) in window.enumerated() where j != winners[i] {
                        rows.append((0..<d).map { a[w][$0] - a[entry][$0] })
                        offsets.append(c[w] - c[entry])
                    }
                    kept.append(w)
                }
                values.append(kept.map { a[$0] })
                constants.append(kept.map { c[$0] })
                poolOrdinal += 1
            }
        }
        let (a, c) = (values.last!!, constants.last!!)
        let k = pattern.predictedClass
        switch net.decision {
        case .threshold:
            rows.append(a[0]); offsets.append(c[0])
        case .argmax, .argmin:
            for j in 0..<net.outputCount where j != k {
                let (p, q) = net.decision == .argmax ? (k, j) : (j, k)
                rows.append((0..<d).map { a[p][$0] - a[q][$0] })
                offsets.append(c[p] - c[q])
            }
        }
    }

    /// For every output entry of `map`, its non-zero coefficients `(input, value)`, exactly.
    static func coefficients(of map: any LinearMap) -> [[(Int, ExactRational)]] {
        if let pool = map as? AveragePooling {
            var result = [[(Int, ExactRational)]](repeating: [], count: pool.output.count)
            for c in 0..<pool.input.channels {
                for (p, taps) in pool.taps.enumerated() {
                    let share = ExactRational(1.0) / ExactRational(pool.divisors[p])
                    result[c * pool.output.planeSize + p] = taps.map { (c * pool.input.planeSize + $0.location, share) }
                }
            }
            return result
        }
        if let scale = map as? ElementwiseScale {
            return scale.factors.enumerated().map { i, f in [(i, scale.divides ? ExactRational(1.0) / ExactRational(f) : ExactRational(f))] }
        }
        var identity = Matrix(rows: map.inputCount, columns: map.inputCount)
        for i in 0..<map.inputCount { identity[i, i] = 1 }
        let dense = map.apply(to: identity)
        return (0..<dense.rows).map { i in (0..<dense.columns).compactMap { j in dense[i, j] == 0 ? nil : (j, ExactRational(dense[i, j])) } }
    }

    /// `r` in lowest terms (the sums above would otherwise multiply denominators without end).
    static func reduced(_ r: ExactRational) -> ExactRational {
        guard r.signum != 0 else { return .zero }
        let divisor = r.numerator.greatestCommonDivisor(with: r.denominator)
        return divisor == 1 ? r : ExactRational(r.numerator / divisor, over: r.denominator / divisor)
    }

    /// Whether the exact distance from `x` to row `u`'s hyperplane is at least `r` and `x`
    /// is on the cell's side: `σ φ_u(x) ≥ r ‖A_u‖_q`, decided exactly (squared for ℓ2).
    func outside(row u: Int, sigma: Double, x: [Double], r: Double, norm: Norm) -> Bool {
        let row = rows[u]
        var phi = offsets[u]
        for k in x.indices where row[k].signum != 0 { phi = phi + row[k] * ExactRational(x[k]) }
        if sigma < 0 { phi = -phi }
        let radius = ExactRational(r)
        let magnitudes = row.map { $0.signum < 0 ? -$0 : $0 }
        switch norm {
        case .linf:
            return !(phi < radius * magnitudes.reduce(ExactRational.zero, +))
        case .l1:
            return !(phi < radius * (magnitudes.max() ?? .zero))
        case .l2:
            guard phi.signum >= 0 else { return false }
            return !(phi * phi < radius * radius * row.reduce(ExactRational.zero) { $0 + $1 * $1 })
        }
    }
}
