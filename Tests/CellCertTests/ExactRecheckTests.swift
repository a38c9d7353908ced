import BigInt
@testable import CellCert
import Foundation
import Probability
import XCTest

/// An exact reference for a cell's rows, computed independently of the
/// library's pull-back (``ExactCellRows``): forward, layer by layer, entry by
/// entry in test-only ``Dyadic`` arithmetic, in normalised input coordinates;
/// the input transform's division enters only at the end, per column, as exact
/// rationals. Small networks only (it is slow on purpose: no shortcuts).
struct ExactReference {
    /// `Ã_u` on the normalised input, one row per cell row.
    let normalisedRows: [[Dyadic]]
    /// `c̃_u`.
    let offsets: [Dyadic]
    let network: Network

    init(_ net: Network, pattern: ActivationPattern) {
        network = net
        let d = net.inputDimension
        let first = net.layers[0]
        var a: [[Dyadic]] = (0..<first.outputCount).map { i in (0..<d).map { Dyadic(first.weights[i, $0]) } }
        var c: [Dyadic] = (0..<first.outputCount).map { Dyadic(first.bias[$0]) }
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
                var offset = Dyadic(w.bias[i])
                for j in bits.indices where bits[j] {
                    let wij = Dyadic(w.weights[i, j])
                    switch net.hiddenActivations[l] {
                    case .relu:
                        for k in 0..<d { row[k] = row[k] + wij * a[j][k] }
                        offset = offset + wij * c[j]
                    case .heaviside:
                        offset = offset + wij
                    }
                }
                nextA.append(row)
                nextC.append(offset)
            }
            (a, c) = (nextA, nextC)
        }
        if let t = net.outputTransform {
            let (scale, mean) = (Dyadic(t.scale), Dyadic(t.mean))
            a = a.map { $0.map { scale * $0 } }
            c = c.map { scale * $0 + mean }
        }
        let k = pattern.predictedClass
        switch net.decision {
        case .threshold:
            rows.append(a[0])
            offsets.append(c[0])
        case .argmax, .argmin:
            for j in 0..<net.outputCount where j != k {
                let (p, q) = net.decision == .argmax ? (k, j) : (j, k)
                rows.append(zip(a[p], a[q]).map { $0 - $1 })
                offsets.append(c[p] - c[q])
            }
        }
        normalisedRows = rows
        self.offsets = offsets
    }

    static func rational(_ x: Dyadic) -> ExactRational { ExactRational(x.mantissa, timesPowerOfTwo: x.exponent) }

    /// The raw-coordinate row entry `Ã_uk / s_k`.
    func entry(_ u: Int, _ k: Int) -> ExactRational {
        Self.rational(normalisedRows[u][k]) / ExactRational(network.inputTransform?.scale[k] ?? 1)
    }

    /// `φ_u(x) = Σ_k Ã_uk (x_k − m_k) / s_k + c̃_u`.
    func value(_ u: Int, at x: [Double]) -> ExactRational {
        let t = network.inputTransform
        return x.indices.reduce(Self.rational(offsets[u])) { sum, k in
            sum + entry(u, k) * (ExactRational(x[k]) - ExactRational(t?.mean[k] ?? 0))
        }
    }

    /// `‖A_u‖_q` for `norm`'s dual (squared for ℓ2).
    func dualLength(_ u: Int, norm: Norm) -> ExactRational {
        let entries = (0..<network.inputDimension).map { entry(u, $0) }
        let magnitudes = entries.map { $0.signum < 0 ? -$0 : $0 }
        switch norm {
        case .l2: return entries.reduce(ExactRational.zero) { $0 + $1 * $1 }
        case .linf: return magnitudes.reduce(ExactRational.zero, +)
        case .l1: return magnitudes.max() ?? .zero
        }
    }

    /// Whether `σ φ_u(x) ≥ r ‖A_u‖_q` (for ℓ2: `σφ ≥ 0` and `φ² ≥ r² ‖A‖²`) for every
    /// radius of `radii`, in order.
    func contains(_ u: Int, sigma: Double, x: [Double], radii: [Double], norm: Norm) -> [Bool] {
        let phi = value(u, at: x)
        let side = sigma < 0 ? -phi : phi
        let length = dualLength(u, norm: norm)
        return radii.map { r in
            let radius = ExactRational(r)
            switch norm {
            case .l2: return side.signum >= 0 && !(side * side < radius * radius * length)
            case .linf, .l1: return !(side < radius * length)
            }
        }
    }

    /// Whether `σ φ_u(x) ≥ r ‖A_u‖_q`.
    func contains(_ u: Int, sigma: Double, x: [Double], radius r: Double, norm: Norm) -> Bool {
        contains(u, sigma: sigma, x: x, radii: [r], norm: norm)[0]
    }
}

/// The small networks of the exact tests (``ExactRecheckTests``, ``RoundingTightnessTests``).
enum ExactTestNetworks {
    /// Networks covering every head, ReLU and Heaviside hidden layers, output
    /// transforms, and input transforms whose scales are powers of two or not.
    static func networks(using g: inout SplitMix64) throws -> [Network] {
        var nets: [Network] = []
        nets.append(try Network.random(layerSizes: [3, 6, 6, 1], decision: .threshold, using: &g))
        nets.append(try Network.random(layerSizes: [4, 5, 5, 5, 3], decision: .argmax, using: &g))
        nets.append(try Network.random(layerSizes: [2, 7, 3], decision: .argmin, using: &g))
        let base = try Network.random(layerSizes: [4, 8, 6, 3], decision: .argmax, using: &g)
        nets.append(try Network(layers: base.layers, decision: .argmax,
                                inputTransform: InputTransform(mean: [0.3, -1, 2, 0], scale: [0.5, 2, 4, 0.125]),
                                outputTransform: OutputTransform(mean: 0.2, scale: -1.7)))
        // Scales that are not powers of two: 1/s is not dyadic (0.3, 3, 7, 60261).
        nets.append(try Network(layers: base.layers, decision: .argmin,
                                inputTransform: InputTransform(mean: [0.1, 7.5, -3, 30000], scale: [0.3, 3, 7, 60261]),
                                outputTransform: OutputTransform(mean: 7.5, scale: 373.9)))
        let heaviside = try Network.random(layerSizes: [3, 6, 5, 2], decision: .argmax, using: &g)
        nets.append(try Network(layers: heaviside.layers, hiddenActivations: [.relu, .heaviside], decision: .argmax,
                                inputTransform: InputTransform(mean: [1, 2, 3], scale: [3, 5, 0.7])))
        return nets
    }

    /// A standard normal input in the units of the network's input transform.
    static func input(for net: Network, using g: inout SplitMix64) -> [Double] {
        (0..<net.inputDimension).map { k in
            (net.inputTransform?.mean[k] ?? 0) + (net.inputTransform?.scale[k] ?? 1) * standardNormal(using: &g)
        }
    }

}

/// Inputs of the real networks for the exact tests: MNIST test images and ACAS Xu points.
enum RealNetworkInputs {
    /// The first `count` images of `mnist_test.csv` (pixels / 255).
    static func mnistImages(count: Int) throws -> [[Double]] {
        let url = try sharedNetsDirectory().appendingPathComponent("data/mnist_test.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).prefix(count).map { line in
            line.split(separator: ",").dropFirst().map { Double($0)! / 255 }
        }
    }

    /// `count` points drawn uniformly from the `.nnet` file's input box (fixed seed).
    static func acasPoints(_ net: Network, count: Int, using g: inout SplitMix64) throws -> [[Double]] {
        let box = try XCTUnwrap(net.domain)
        return (0..<count).map { _ in
            (0..<box.dimension).map { k in box.lower[k] + (box.upper[k] - box.lower[k]) * Double.random(in: 0..<1, using: &g) }
        }
    }
}

/// ``Cell/recheckExactly(at:norm:radius:)`` and the exact rows behind it.
final class ExactRecheckTests: XCTestCase {
    /// The pulled-back integer rows equal the reference's rows entry by entry
    /// (raw coordinates: `N_k 2^e / p_k = Ã_k / s_k`, and `N_d 2^e = c̃`).
    func testPulledBackRowsEqualAForwardDyadicComputation() throws {
        var g = SplitMix64(seed: 1301)
        var compared = 0
        for net in try ExactTestNetworks.networks(using: &g) {
            for _ in 0..<5 {
                let x = ExactTestNetworks.input(for: net, using: &g)
                let cell = try net.cell(at: x)
                let exact = try XCTUnwrap(cell.exactRows)
                let reference = ExactReference(net, pattern: cell.pattern)
                let integers = exact.integerRows(Array(0..<cell.rowCount))
                let d = net.inputDimension
                for u in 0..<cell.rowCount {
                    let scale = ExactRational(BigInt(1), timesPowerOfTwo: integers.exponents[u])
                    for k in 0..<d {
                        let p = exact.input.groupDivisors[exact.input.groupOfColumn[k]]
                        let entry = ExactRational(integers.integer(row: u, column: k)) * scale / ExactRational(p)
                        XCTAssertTrue(entry == reference.entry(u, k), "row \(u) (\(cell.units[u])) column \(k)")
                    }
                    let offset = ExactRational(integers.integer(row: u, column: d)) * scale
                    XCTAssertTrue(offset == ExactReference.rational(reference.offsets[u]), "offset \(u)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 300)
    }

    /// The certified radius passes the exact re-check, and so does the exact radius
    /// rounded down; a radius a relative 10⁻¹² above the exact one fails on the
    /// binding row. Every verdict agrees with the reference, including inputs a
    /// few ulps from a face.
    func testRecheckAgreesWithTheReferenceAndSeparatesTheExactRadius() throws {
        var g = SplitMix64(seed: 1302)
        var checks = 0, failuresSeen = 0, nearFace = 0
        for net in try ExactTestNetworks.networks(using: &g) {
            for trial in 0..<8 {
                var x = ExactTestNetworks.input(for: net, using: &g)
                if trial % 2 == 1 {
                    // Move onto a face, then a few ulps off it.
                    let cell0 = try net.cell(at: x)
                    guard let u = cell0.faceRows.randomElement(using: &g) else { continue }
                    let p = cell0.nearestPoint(onRow: u, to: x, norm: .l2)
                    let ulps = Int.random(in: -3...3, using: &g)
                    x = p.map { v in (0..<abs(ulps)).reduce(v) { w, _ in ulps > 0 ? w.nextUp : w.nextDown } }
                    nearFace += 1
                }
                let cell = try net.cell(at: x)
                let reference = ExactReference(net, pattern: cell.pattern)
                for norm in Norm.allCases {
                    let certified = cell.radius(at: x, norm: norm).radius
                    let recheck = try cell.recheckExactly(at: x, norm: norm, radius: certified)
                    XCTAssertTrue(recheck.holds, "\(norm): certified \(certified) failed rows \(recheck.failedRows)")
                    XCTAssertEqual(recheck.passedRows.count + recheck.failedRows.count, cell.rowCount)
                    XCTAssertLessThanOrEqual(certified, recheck.exactRadius, "\(norm)")
                    let exact = recheck.exactRadius
                    guard exact.isFinite, exact > 0 else { continue }
                    XCTAssertTrue(try cell.recheckExactly(at: x, norm: norm, radius: exact).holds, "\(norm) exact \(exact)")
                    let above = try cell.recheckExactly(at: x, norm: norm, radius: exact * (1 + 1e-12))
                    XCTAssertFalse(above.holds, "\(norm): \(exact * (1 + 1e-12)) above the exact radius passed")
                    XCTAssertTrue(above.failedRows.contains(try XCTUnwrap(recheck.bindingRow)))
                    if !above.holds { failuresSeen += 1 }
                    let radii = [certified, exact, exact * (1 + 1e-12)]
                    let verdicts = try radii.map { try cell.recheckExactly(at: x, norm: norm, radius: $0) }
                    for u in 0..<cell.rowCount {
                        let expected = reference.contains(u, sigma: cell.orientations[u], x: x, radii: radii, norm: norm)
                        for (r, verdict) in verdicts.enumerated() {
                            XCTAssertEqual(verdict.passedRows.contains(u), radii[r] == 0 || expected[r],
                                           "\(norm) r=\(radii[r]) row \(u)")
                            checks += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checks, 2000)
        XCTAssertGreaterThan(failuresSeen, 50)
        XCTAssertGreaterThan(nearFace, 10)
    }

    /// The certified radii of MNIST (784 inputs, 2 × 256 ReLU) and ACAS Xu (5 inputs,
    /// 6 × 50, raw units with non-dyadic input scales) pass the exact re-check, and
    /// lie within 10⁻⁶ of the exact radius. A few inputs; with `CELLCERT_LONG_TESTS=1`
    /// the first 100 images and 30 ACAS Xu points (6 on each of 5 networks). Prints
    /// the time per re-check.
    func testCertifiedRadiiOfRealNetworksPassTheExactRecheck() throws {
        let long = ProcessInfo.processInfo.environment["CELLCERT_LONG_TESTS"] == "1"
        let nets = try sharedNetsDirectory()
        var cases: [(String, Network, [[Double]])] = []
        let mnist = try ModelLoader.load(path: nets.appendingPathComponent("mnist/mnist-net_256x2.onnx").path)
        cases.append(("mnist-net_256x2", mnist, try RealNetworkInputs.mnistImages(count: long ? 100 : 2)))
        var g = SplitMix64(seed: 1304)
        for name in long ? ["1_1", "2_3", "3_3", "4_5", "5_9"] : ["1_1"] {
            let net = try ModelLoader.load(path: nets.appendingPathComponent("acasxu/ACASXU_experimental_v2a_\(name).nnet").path)
            cases.append(("ACAS Xu \(name)", net, try RealNetworkInputs.acasPoints(net, count: long ? 6 : 3, using: &g)))
        }
        for (name, net, inputs) in cases {
            var seconds: [Double] = []
            for x in inputs {
                let cell = try net.cell(at: x)
                for radius in cell.radii(at: x, norms: [.l2, .linf]) {
                    let recheck = try cell.recheckExactly(at: x, norm: radius.norm, radius: radius.radius)
                    XCTAssertTrue(recheck.holds, "\(name) \(radius.norm): rows \(recheck.failedRows) fail")
                    XCTAssertLessThanOrEqual(radius.radius, recheck.exactRadius)
                    XCTAssertGreaterThanOrEqual(radius.radius, recheck.exactRadius * (1 - 1e-6), "\(name) \(radius.norm)")
                    seconds.append(recheck.seconds)
                }
            }
            print("\(name): \(seconds.count) exact re-checks, mean \(String(format: "%.3f", seconds.reduce(0, +) / Double(seconds.count))) s, "
                  + "max \(String(format: "%.3f", seconds.max()!)) s")
        }
    }

    /// Radius 0 claims nothing; negative, NaN and wrong-sized inputs are refused.
    func testRecheckValidatesItsArguments() throws {
        var g = SplitMix64(seed: 1303)
        let net = try Network.random(layerSizes: [3, 4, 2], decision: .argmax, using: &g)
        let x = [0.1, -0.2, 0.3]
        let cell = try net.cell(at: x)
        XCTAssertEqual(try cell.recheckExactly(at: x, norm: .l2, radius: 0).failedRows, [])
        XCTAssertThrowsError(try cell.recheckExactly(at: x, norm: .l2, radius: -1))
        XCTAssertThrowsError(try cell.recheckExactly(at: x, norm: .l2, radius: .nan))
        XCTAssertThrowsError(try cell.recheckExactly(at: [0.1, 0.2], norm: .l2, radius: 0.1))
        XCTAssertThrowsError(try cell.recheckExactly(at: [0.1, .nan, 0.2], norm: .l2, radius: 0.1))
        XCTAssertFalse(try cell.recheckExactly(at: x, norm: .l2, radius: .infinity).holds)
    }

    /// The rounding of exact rationals to doubles: the neighbouring doubles below and above the value.
    func testExactRationalRoundsToTheNeighbouringDoubles() {
        for value in [ExactRational(BigInt(1), over: BigInt(3)), ExactRational(BigInt(-22), over: BigInt(7)),
                      ExactRational(BigInt(5), over: BigInt(1) << 1000), ExactRational(0.1)] {
            let (down, up) = (value.roundedDown, value.roundedUp)
            XCTAssertLessThanOrEqual(ExactRational(down), value)
            XCTAssertGreaterThanOrEqual(ExactRational(up), value)
            XCTAssertTrue(up == down || up == down.nextUp, "\(value): \(down) … \(up)")
        }
        XCTAssertEqual(ExactRational(0.1).roundedDown, 0.1)
        for square in [ExactRational(2.0), ExactRational(BigInt(10), over: BigInt(3)), ExactRational(4.0)] {
            let root = square.squareRootRoundedDown
            XCTAssertLessThanOrEqual(ExactRational(root) * ExactRational(root), square)
            XCTAssertGreaterThan(ExactRational(root.nextUp) * ExactRational(root.nextUp), square)
        }
        XCTAssertEqual(ExactRational(4.0).squareRootRoundedDown, 2)
        // Below the normal range: 0 and the least normal number bracket the value.
        XCTAssertEqual(ExactRational(BigInt(5), timesPowerOfTwo: -1030).roundedDown, 0)
        XCTAssertEqual(ExactRational(BigInt(5), timesPowerOfTwo: -1030).roundedUp, .leastNormalMagnitude)
        XCTAssertEqual(ExactRational(BigInt(1), timesPowerOfTwo: 1100).roundedDown, .greatestFiniteMagnitude)
        XCTAssertEqual(ExactRational(BigInt(1), timesPowerOfTwo: 1100).roundedUp, .infinity)
    }
}
