import CellCert
import Foundation
import Probability
import XCTest

/// The certified radius inside an input domain (issue 5, scope 2): at least the
/// cell radius, sound (the ball of that radius inside the domain keeps the
/// pattern), the cell radius itself when the domain is wide, and larger when
/// the nearest faces meet the cell only outside the domain.
final class DomainRadiusTests: XCTestCase {
    /// d = 2: `h0 = relu(x0 + 0.05)`, `h1 = relu(0.9 − x1)`, threshold on `h0 + h1 − 0.01`.
    /// At x = (0.1, 0.5) the faces are x0 = −0.05 (ℓ∞ distance 0.15, outside
    /// [0, 1]²), the decision face x1 − x0 = 0.94 (0.27, which meets the cell only
    /// at x0 < 0) and x1 = 0.9 (0.4, inside). In [0, 1]² the class never changes;
    /// without a domain R∞ = 0.39 (x0 < −0.05, x1 > 0.89) and R₁ = 0.54.
    static let handNetworkJSON = """
        {"format": "cellcert-network", "version": 1, "decision": "threshold", "layers": [
          {"weights": [[1, 0], [0, -1]], "bias": [0.05, 0.9], "activation": "relu"},
          {"weights": [[1, 1]], "bias": [-0.01]}]}
        """

    static func handNetwork() throws -> Network {
        try Network(layers: [
            DenseLayer(weights: Matrix(rowArrays: [[1, 0], [0, -1]]), bias: [0.05, 0.9]),
            DenseLayer(weights: Matrix(rowArrays: [[1, 1]]), bias: [-0.01]),
        ], decision: .threshold)
    }

    func testNearestFacesOutsideTheDomainDoNotCount() throws {
        let network = try Self.handNetwork()
        let x = [0.1, 0.5]
        let cell = try network.cell(at: x)
        let box = InputBox(uniform: 0, 1, dimension: 2)
        for norm in Norm.allCases {
            XCTAssertEqual(cell.radius(at: x, norm: norm).radius, 0.15, accuracy: 1e-12, "\(norm)")
            let inDomain = try cell.radiusInDomain(at: x, norm: norm, domain: box)
            XCTAssertEqual(inDomain.estimate, 0.4, accuracy: 1e-9, "\(norm)")
            XCTAssertEqual(inDomain.radius, 0.4, accuracy: 1e-6, "\(norm)")
            XCTAssertLessThanOrEqual(inDomain.radius, 0.4, "\(norm): the reported radius must not exceed the distance")
            XCTAssertEqual(inDomain.binding, .hidden(layer: 0, unit: 1), "\(norm)")
            XCTAssertTrue(inDomain.failedRows.isEmpty)
        }
    }

    func testDecisionBoundaryWithAndWithoutTheDomain() throws {
        let network = try Self.handNetwork()
        let x = [0.1, 0.5]
        let box = InputBox(uniform: 0, 1, dimension: 2)
        for method in DecisionBoundaryResult.Method.allCases {
            for (norm, expected) in [(Norm.linf, 0.39), (.l1, 0.54)] {
                let free = try network.decisionBoundary(at: x, options: DecisionBoundaryOptions(norm: norm, method: method))
                XCTAssertEqual(free.status, .exact, "\(method) \(norm): \(free.note ?? "")")
                XCTAssertEqual(try XCTUnwrap(free.distance), expected, accuracy: 1e-6, "\(method) \(norm)")
                let witness = try XCTUnwrap(free.witness)
                XCTAssertEqual(network.classify(witness.point), 0)
                let restricted = try network.decisionBoundary(
                    at: x, options: DecisionBoundaryOptions(norm: norm, method: method, domain: box))
                XCTAssertEqual(restricted.status, .exact, "\(method) \(norm): \(restricted.note ?? "")")
                XCTAssertEqual(restricted.distance, .infinity, "\(method) \(norm): no class change in [0, 1]²")
                XCTAssertNil(restricted.witness)
            }
        }
    }

    /// Random networks d = 2…6, domain [−1, 1]^d: `r_D ≥ r`, and no sampled point
    /// of the domain within `0.999 r_D` leaves the cell; a domain far wider than
    /// the cell's nearest face gives the plain cell radius back.
    func testRandomNetworksAreSoundAndReduceToTheCellRadius() throws {
        var g = SplitMix64(seed: 31)
        for d in 2...6 {
            let network = try Network.random(layerSizes: [d, 10, 8, 3], decision: .argmax, using: &g)
            let box = InputBox(uniform: -1, 1, dimension: d)
            let wide = InputBox(uniform: -1e4, 1e4, dimension: d)
            for _ in 0..<3 {
                let x = (0..<d).map { _ in Double.random(in: -0.9...0.9, using: &g) }
                let cell = try network.cell(at: x)
                for norm in Norm.allCases {
                    let plain = cell.radius(at: x, norm: norm)
                    let inDomain = try cell.radiusInDomain(at: x, norm: norm, domain: box)
                    XCTAssertGreaterThanOrEqual(inDomain.radius, plain.radius, "d=\(d) \(norm)")
                    XCTAssertTrue(inDomain.failedRows.isEmpty, "d=\(d) \(norm)")
                    let unbounded = try cell.radiusInDomain(at: x, norm: norm, domain: wide)
                    XCTAssertEqual(unbounded.estimate, plain.estimate, accuracy: 1e-7 * (1 + plain.estimate), "d=\(d) \(norm)")
                    let reach = inDomain.radius.isFinite ? 0.999 * inDomain.radius : 4
                    for _ in 0..<500 {
                        let y = box.clamped(pointInBall(center: x, radius: reach, norm: norm, using: &g))
                        XCTAssertEqual(network.activationPattern(at: y), cell.pattern, "d=\(d) \(norm): left the cell inside r_D")
                    }
                }
            }
        }
    }

    func testInputOutsideTheDomainIsAnError() throws {
        let network = try Self.handNetwork()
        let cell = try network.cell(at: [0.1, 0.5])
        let box = InputBox(uniform: 0.2, 1, dimension: 2)
        XCTAssertThrowsError(try cell.radiusInDomain(at: [0.1, 0.5], norm: .l2, domain: box))
        for method in DecisionBoundaryResult.Method.allCases {
            XCTAssertThrowsError(try network.decisionBoundary(
                at: [0.1, 0.5], options: DecisionBoundaryOptions(norm: .linf, method: method, domain: box)), "\(method)")
        }
        XCTAssertThrowsError(try network.minimalDistortionMILP(
            at: [0.1, 0.5], options: DecisionBoundaryOptions(norm: .linf, method: .milp, domain: box), upperBound: nil))
        // certify: the decision boundary runs in the request's domain, whatever the query's own says.
        let request = CertificationRequest(norms: [.linf], domain: box,
                                           boundary: DecisionBoundaryOptions(norm: .linf, domain: nil))
        let certificate = try network.certify([0.1, 0.5], request: request)
        XCTAssertNil(certificate.domainRadii)
        XCTAssertEqual(certificate.decisionBoundary?.status, .unknown)
        XCTAssertEqual(certificate.decisionBoundary?.note, "the input lies outside the domain")
        let inside = try network.certify([0.3, 0.5], request: request)
        XCTAssertEqual(inside.decisionBoundary?.distance, .infinity, "no class change in [0.2, 1]²")
    }

    /// `certify --domain --boundary --format json` end to end.
    func testCommandLineReportsDomainRadiusAndDecisionBoundary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-domain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("hand.json")
        try Self.handNetworkJSON.write(to: model, atomically: true, encoding: .utf8)
        let run = try CommandLineRunner.run(["certify", model.path, "--input", "0.1,0.5", "--norm", "linf",
                                             "--boundary", "--domain", "0,1", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let result = try XCTUnwrap((report["results"] as? [[String: Any]])?.first)
        let cell = try XCTUnwrap(result["cell"] as? [String: Any])
        let inDomain = try XCTUnwrap(cell["radiusInDomain"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(inDomain["linf"] as? Double), 0.4, accuracy: 1e-6)
        let boundary = try XCTUnwrap(result["decisionBoundary"] as? [String: Any])
        XCTAssertEqual(boundary["status"] as? String, "exact")
        XCTAssertEqual(boundary["method"] as? String, "search")
        XCTAssertEqual(boundary["norm"] as? String, "linf")
        XCTAssertTrue(boundary["distance"] is NSNull, "an infinite distance is null")
        XCTAssertTrue(boundary["witness"] is NSNull)

        let free = try CommandLineRunner.run(["certify", model.path, "--input", "0.1,0.5", "--norm", "linf",
                                              "--boundary", "--method", "milp", "--format", "json"])
        XCTAssertEqual(free.status, 0, free.stderr)
        let freeReport = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(free.stdout.utf8)) as? [String: Any])
        let freeBoundary = try XCTUnwrap(((freeReport["results"] as? [[String: Any]])?.first)?["decisionBoundary"] as? [String: Any])
        XCTAssertEqual(freeBoundary["status"] as? String, "exact")
        XCTAssertEqual(try XCTUnwrap(freeBoundary["distance"] as? Double), 0.39, accuracy: 1e-6)
        let witness = try XCTUnwrap(freeBoundary["witness"] as? [String: Any])
        XCTAssertEqual(witness["class"] as? Int, 0)
        XCTAssertNotNil(freeBoundary["cellsExplored"] as? Int)
        XCTAssertNotNil(freeBoundary["lpsSolved"] as? Int)

        try CommandLineRunner.assertOneLineError(["certify", model.path, "--input", "0.1,0.5", "--boundary",
                                                  "--method", "milp", "--norm", "l2"], mentions: ["l2"])
        try CommandLineRunner.assertOneLineError(["certify", model.path, "--input", "0.1,0.5", "--domain", "0:1"],
                                                 mentions: ["--domain", "1 intervals", "2 inputs"])
    }
}
