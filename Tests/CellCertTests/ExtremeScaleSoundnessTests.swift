@testable import CellCert
import Foundation
import Probability
import XCTest

/// Issue 13, "rigorous bounds at every scale": with one weight or one input
/// scale anywhere between 1e-300 and 1e300, no claimed cell radius, domain
/// radius, decision-boundary lower bound or witness is false, judged in exact
/// dyadic arithmetic (``ExactEvaluation``).
final class ExtremeScaleSoundnessTests: XCTestCase {
    /// Directions on the unit sphere of `norm` in the plane, `count` of them.
    func planeDirections(_ count: Int, norm: Norm) -> [[Double]] {
        (0..<count).map { k in
            let angle = 2 * Double.pi * (Double(k) + 0.5) / Double(count)
            let v = [cos(angle), sin(angle)]
            let length = norm.length(v)
            return v.map { $0 / length }
        }
    }

    /// `x + t·direction` with `direction` scaled to `norm`-length 1, clamped into `box`
    /// (clamping only shortens every coordinate's step, since `x` is inside).
    func step(_ x: [Double], towards direction: [Double], by t: Double, norm: Norm, box: InputBox) -> [Double]? {
        let length = norm.length(direction)
        guard length > 0, length.isFinite else { return nil }
        let y = box.clamped(zip(x, direction).map { $0 + t * $1 / length })
        return y.allSatisfy(\.isFinite) ? y : nil
    }

    /// The networks of one scale: a random 2-6-5-3 network with one weight multiplied
    /// by `factor`, and one with an input transform of scale `2^exponent` on input 0,
    /// each with an input `x` and a domain around it.
    func cases(factor: Double, exponent: Int, using g: inout SplitMix64) throws -> [(Network, [Double], InputBox, String)] {
        var result: [(Network, [Double], InputBox, String)] = []
        let base = try Network.random(layerSizes: [2, 6, 5, 3], decision: .argmax, using: &g)
        var layers = base.layers
        let l = Int.random(in: 0..<layers.count, using: &g)
        let i = Int.random(in: 0..<layers[l].outputCount, using: &g)
        let j = Int.random(in: 0..<layers[l].inputCount, using: &g)
        layers[l].weights[i, j] *= factor
        let x = [Double.random(in: -0.5...0.5, using: &g), Double.random(in: -0.5...0.5, using: &g)]
        if let scaled = try? Network(layers: layers, decision: .argmax) {
            result.append((scaled, x, InputBox(uniform: -1, 1, dimension: 2), "weight[\(l)][\(i),\(j)] × \(factor)"))
        }
        let scale = Double(sign: .plus, exponent: exponent, significand: 1)
        let transform = InputTransform(mean: [0.75, -0.25], scale: [scale, 1])
        let transformed = try Network(layers: base.layers, decision: .argmax, inputTransform: transform)
        let raw = [0.75 + scale * x[0], -0.25 + x[1]]
        let box = InputBox(lower: [0.75 - scale, -1.25], upper: [0.75 + scale, 0.75])
        if raw.allSatisfy(\.isFinite), box.contains(raw) {
            result.append((transformed, raw, box, "input scale 2^\(exponent)"))
        }
        return result
    }

    func testNoClaimIsFalseWhenOneWeightOrInputScaleIsExtreme() throws {
        var g = SplitMix64(seed: 1313)
        var checkedPoints = 0, positiveDomainRadii = 0, exactBoundaries = 0, boundaryResults = 0
        let scales: [(Double, Int)] = [(1e-300, -996), (1e-200, -664), (1e-100, -332), (1e-16, -53), (1e-8, -27),
                                       (1, 0), (1e8, 27), (1e16, 53), (1e24, 80), (1e100, 332), (1e200, 664), (1e300, 996)]
        for (factor, exponent) in scales {
            for (net, x, box, label) in try cases(factor: factor, exponent: exponent, using: &g) {
                guard let cell = try? net.cell(at: x) else { continue }
                let c = cell.pattern.predictedClass
                for norm in Norm.allCases {
                    // The cell radius and the domain radius: points inside them stay in the exact cell.
                    let r = cell.radius(at: x, norm: norm).radius
                    let inDomain = try cell.radiusInDomain(at: x, norm: norm, domain: box, timeLimitSeconds: 5)
                    XCTAssertGreaterThanOrEqual(inDomain.radius, r, "\(label) \(norm)")
                    if inDomain.radius > 0 { positiveDomainRadii += 1 }
                    // Directions: around the circle, and towards each face's nearest point.
                    var directions = planeDirections(48, norm: norm)
                    let program = FacetDistanceProgram(cell: cell, from: x, norm: norm, domain: box)
                    for u in cell.faceRows {
                        if case let .reached(_, _, point) = program.distance(toRow: u, timeLimitSeconds: 5) {
                            directions.append(zip(point, x).map { $0 - $1 })
                        }
                    }
                    let reach = inDomain.radius.isFinite ? inDomain.radius : 2 * Norm.linf.length(box.upper)
                    for direction in directions {
                        for fraction in [0.5, 0.9, 0.999] {
                            guard let y = step(x, towards: direction, by: fraction * reach, norm: norm, box: box) else { continue }
                            checkedPoints += 1
                            XCTAssertTrue(ExactEvaluation.cellContains(net, pattern: cell.pattern, y),
                                          "\(label) \(norm): a point at \(fraction) of the domain radius \(inDomain.radius) leaves the cell")
                        }
                    }
                    // The decision boundary, by each method: the witness changes the class
                    // exactly, and no point nearer than the lower bound does.
                    for method in DecisionBoundaryResult.Method.allCases where !(method == .milp && norm == .l2) {
                        let options = DecisionBoundaryOptions(norm: norm, method: method, domain: box,
                                                              timeLimitSeconds: 3, maxCells: 400)
                        let result = try net.decisionBoundary(at: x, options: options)
                        boundaryResults += 1
                        if result.status == .exact { exactBoundaries += 1 }
                        if let w = result.witness {
                            let k = ExactEvaluation.strictClass(net, at: w.point)
                            XCTAssertTrue(k != nil && k != c, "\(label) \(norm) \(method): the witness keeps class \(c) exactly")
                            directions.append(zip(w.point, x).map { $0 - $1 })
                        }
                        guard result.lower > 0, result.lower.isFinite else { continue }
                        for direction in directions {
                            for fraction in [0.5, 0.9, 0.99] {
                                guard let y = step(x, towards: direction, by: fraction * result.lower, norm: norm, box: box),
                                      let k = ExactEvaluation.strictClass(net, at: y) else { continue }
                                checkedPoints += 1
                                XCTAssertEqual(k, c, "\(label) \(norm) \(method): a point at \(fraction) of the lower bound "
                                               + "\(result.lower) (\(result.status)) changes the class")
                            }
                        }
                    }
                }
            }
        }
        // Not vacuous: most radii are positive, and most boundary searches finish.
        XCTAssertGreaterThan(positiveDomainRadii, 40, "positive domain radii")
        XCTAssertGreaterThan(exactBoundaries, boundaryResults / 2, "\(exactBoundaries) of \(boundaryResults) exact")
        XCTAssertGreaterThan(checkedPoints, 10_000)
    }
}
