import CellCert
import Probability
import XCTest

/// The certified radius is a true lower bound on the exact radius, checked in
/// exact dyadic arithmetic on inputs placed within a few ulps up to 1e-6 of a
/// hyperplane (Docs/floating-point.md).
final class RoundingSoundnessTests: XCTestCase {
    /// Exact rows and offsets of the cell of `pattern` (ReLU hidden layers, no output
    /// transform, input transform scales that are powers of two so that `1/s` is exact).
    func exactRows(_ net: Network, pattern: ActivationPattern) -> (rows: [[Dyadic]], offsets: [Dyadic]) {
        let d = net.inputDimension
        let inverseScale = (0..<d).map { k in Dyadic(1 / (net.inputTransform?.scale[k] ?? 1)) }
        let mean = (0..<d).map { k in Dyadic(net.inputTransform?.mean[k] ?? 0) }
        let first = net.layers[0]
        var a: [[Dyadic]] = (0..<first.outputCount).map { i in (0..<d).map { Dyadic(first.weights[i, $0]) * inverseScale[$0] } }
        var c: [Dyadic] = (0..<first.outputCount).map { i in
            (0..<d).reduce(Dyadic(first.bias[i])) { $0 - a[i][$1] * mean[$1] }
        }
        var rows: [[Dyadic]] = []
        var offsets: [Dyadic] = []
        for (l, bits) in pattern.hidden.enumerated() {
            rows += a
            offsets += c
            let w = net.layers[l + 1]
            var nextA: [[Dyadic]] = []
            var nextC: [Dyadic] = []
            for i in 0..<w.outputCount {
                var row = [Dyadic](repeating: .zero, count: d)
                var off = Dyadic(w.bias[i])
                for j in bits.indices where bits[j] {
                    let wij = Dyadic(w.weights[i, j])
                    for k in 0..<d { row[k] = row[k] + wij * a[j][k] }
                    off = off + wij * c[j]
                }
                nextA.append(row)
                nextC.append(off)
            }
            a = nextA
            c = nextC
        }
        let k = pattern.predictedClass
        switch net.decision {
        case .threshold:
            rows.append(a[0]); offsets.append(c[0])
        case .argmax, .argmin:
            for j in 0..<net.outputCount where j != k {
                let (p, q) = net.decision == .argmax ? (k, j) : (j, k)
                rows.append(zip(a[p], a[q]).map { $0 - $1 })
                offsets.append(c[p] - c[q])
            }
        }
        return (rows, offsets)
    }

    /// Whether the exact distance from `x` to row `u`'s hyperplane is at least `r`, and
    /// `x` is on the cell's side: `σ φ(x) ≥ r ‖A‖_q`, decided exactly.
    func exactlyOutside(row: [Dyadic], offset: Dyadic, sigma: Double, x: [Double], r: Double, norm: Norm) -> Bool {
        var phi = offset
        for k in x.indices { phi = phi + row[k] * Dyadic(x[k]) }
        if sigma < 0 { phi = -phi }
        let radius = Dyadic(r)
        switch norm {
        case .linf:
            let l1 = row.reduce(Dyadic.zero) { $0 + ($1.signum < 0 ? -$1 : $1) }
            return !(phi < radius * l1)
        case .l1:
            let lmax = row.map { $0.signum < 0 ? -$0 : $0 }.max() ?? .zero
            return !(phi < radius * lmax)
        case .l2:
            guard phi.signum >= 0 else { return false }
            let squared = row.reduce(Dyadic.zero) { $0 + $1 * $1 }
            return !(phi * phi < radius * radius * squared)
        }
    }

    func testCertifiedRadiusNeverCrossesAHyperplaneNearTheInput() throws {
        var g = SplitMix64(seed: 2026)
        var positive = 0
        var total = 0
        let transforms: [InputTransform?] = [nil, nil, nil, InputTransform(mean: [3000, -1, 0.25], scale: [1024, 0.5, 4])]
        for (case_, (sizes, head)) in [([3, 6, 6, 1], DecisionHead.threshold), ([4, 5, 5, 5, 3], .argmax), ([2, 7, 3], .argmin),
                                       ([3, 6, 6, 2], .argmax)].enumerated() {
            let base = try Network.random(layerSizes: sizes, decision: head, using: &g)
            let net = try Network(layers: base.layers, decision: head, inputTransform: transforms[case_])
            let spread = transforms[case_]?.scale ?? Array(repeating: 1, count: sizes[0])
            for _ in 0..<12 {
                let x0 = (0..<net.inputDimension).map { k in (transforms[case_]?.mean[k] ?? 0) + spread[k] * standardNormal(using: &g) }
                let cell0 = try net.cell(at: x0)
                for u in cell0.faceRows {
                    let p = cell0.nearestPoint(onRow: u, to: x0, norm: .l2)
                    // Place inputs at distances from ~1 ulp up to 1e-6 from the hyperplane.
                    for scale in [0.0, 1e-15, 1e-12, 1e-9, 1e-6] {
                        let jitterUlps = Int.random(in: -3...3, using: &g)
                        let x = zip(x0, p).map { x0k, pk -> Double in
                            var v = pk + scale * (x0k - pk)
                            for _ in 0..<abs(jitterUlps) { v = jitterUlps > 0 ? v.nextUp : v.nextDown }
                            return v
                        }
                        let cell = try net.cell(at: x)
                        let exact = exactRows(net, pattern: cell.pattern)
                        for norm in Norm.allCases {
                            let r = cell.radius(at: x, norm: norm).radius
                            total += 1
                            guard r > 0 else { continue }
                            positive += 1
                            for v in cell.faceRows {
                                XCTAssertTrue(exactlyOutside(row: exact.rows[v], offset: exact.offsets[v], sigma: cell.orientations[v],
                                                             x: x, r: r, norm: norm),
                                              "\(norm): certified radius \(r) crosses row \(v) (\(cell.units[v]))")
                            }
                        }
                    }
                }
            }
        }
        // The test is not vacuous: most placements far enough from the face get a positive radius.
        XCTAssertGreaterThan(positive, total / 3, "\(positive) of \(total) radii were positive")
    }

    func testExactArithmeticHelperIsExact() {
        let a = Dyadic(0.1), b = Dyadic(0.2)
        XCTAssertFalse(a + b == Dyadic(0.3))  // 0.1 + 0.2 ≠ 0.3 exactly, unlike a rounded sum check might say
        XCTAssertTrue(Dyadic(0.5) * Dyadic(4) == Dyadic(2))
        XCTAssertTrue(Dyadic(-3) < Dyadic(Double.leastNonzeroMagnitude))
    }
}
