import Foundation
import XCTest
@testable import CellCert

/// Issue 14 §4: `--free` frees some features within the domain and fixes the
/// others at the input's value (fairness-style queries).
final class FreeFeaturesTests: XCTestCase {
    static let box = InputBox(lower: [0, -3, 0, 100], upper: [10, 3, 1, 250])

    func testTheDomainOfAnInputFixesEveryFeatureButTheFreeOnes() {
        let request = CertificationRequest(domain: Self.box, freeFeatures: [1, 3])
        let domain = request.domain(for: [5, 1, 0.5, 200])
        XCTAssertEqual(domain?.lower, [5, -3, 0.5, 100])
        XCTAssertEqual(domain?.upper, [5, 3, 0.5, 250])
        XCTAssertEqual(CertificationRequest(domain: Self.box).domain(for: [5, 1, 0.5, 200]), Self.box, "no --free: the domain itself")
        XCTAssertNil(CertificationRequest(freeFeatures: [1]).domain(for: [5, 1, 0.5, 200]), "no domain to free features in")
    }

    func testFreeingFewerFeaturesOnlyMovesThoseAndNeverShrinksTheRadii() throws {
        let network = try DatasetFixtures.network()
        let inputs = try DatasetFixtures.inputs().filter { [0, 1, 6].contains($0.index) }
        func certify(free: [Int]?) throws -> [CertifiedInput] {
            try network.certify(inputs, request: CertificationRequest(norms: [.linf], domain: Self.box, freeFeatures: free,
                                                                      boundary: DecisionBoundaryOptions(norm: .linf), threads: 2))
        }
        let all = try certify(free: nil)
        let one = try certify(free: [0])
        var larger = 0
        for (a, b) in zip(all, one) {
            let (rAll, rOne) = (try XCTUnwrap(a.certificate.domainRadii?.first?.radius), try XCTUnwrap(b.certificate.domainRadii?.first?.radius))
            XCTAssertGreaterThanOrEqual(rOne, rAll, "input \(a.index): a smaller domain has a larger in-domain radius")
            let (bAll, bOne) = (try XCTUnwrap(a.certificate.decisionBoundary), try XCTUnwrap(b.certificate.decisionBoundary))
            XCTAssertEqual(bOne.status, .exact)
            XCTAssertGreaterThanOrEqual(bOne.distance ?? .infinity, (bAll.distance ?? .infinity) * (1 - 1e-9), "input \(a.index)")
            if (bOne.distance ?? .infinity) > (bAll.distance ?? .infinity) * 1.01 { larger += 1 }
            if let witness = bOne.witness {
                let x = inputs.first { $0.index == b.index }!.values
                XCTAssertEqual(Array(witness.point[1...]), Array(x[1...]), "input \(b.index): only feature 0 moves")
                XCTAssertNotEqual(witness.point[0], x[0])
            }
        }
        XCTAssertGreaterThan(larger, 0, "not vacuous: fixing features makes some input farther from the boundary")
    }

    func testFreeFeaturesByNameAndTheErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-free-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try String(contentsOf: packageRoot.appendingPathComponent(DatasetFixtures.inputsPath), encoding: .utf8)
        let named = directory.appendingPathComponent("named.csv")
        try ("class,width,height,depth,mass\n" + plain).write(to: named, atomically: true, encoding: .utf8)
        let common = ["table", DatasetFixtures.modelPath, "--norm", "linf", "--limit", "3", "--format", "csv",
                      "--domain", "0:10,-3:3,0:1,100:250"]
        let byName = try CommandLineRunner.run(common + ["--inputs", named.path, "--label-column", "class", "--free", "width,mass"])
        let byIndex = try CommandLineRunner.run(common + ["--inputs", DatasetFixtures.inputsPath, "--label-column", "first",
                                                          "--free", "0,3"])
        XCTAssertEqual(byName.status, 0, byName.stderr)
        XCTAssertEqual(byIndex.status, 0, byIndex.stderr)
        func withoutTimes(_ text: String) -> [String] { text.split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") } }
        XCTAssertEqual(withoutTimes(byName.stdout), withoutTimes(byIndex.stdout))
        XCTAssertTrue(byIndex.stdout.contains("in_domain_linf"))

        let base = common + ["--inputs", DatasetFixtures.inputsPath, "--label-column", "first"]
        try CommandLineRunner.assertOneLineError(base + ["--free", "4"], mentions: ["--free", "feature 4 is out of range", "4 inputs"])
        try CommandLineRunner.assertOneLineError(base + ["--free", "mass"], mentions: ["--free", "'mass'", "no header row"])
        try CommandLineRunner.assertOneLineError(base + ["--free", "1,1"], mentions: ["--free", "feature 1 is given twice"])
        try CommandLineRunner.assertOneLineError(base + ["--free", "1,"], mentions: ["--free", "separated by commas"])
        try CommandLineRunner.assertOneLineError(["table", DatasetFixtures.modelPath, "--inputs", DatasetFixtures.inputsPath,
                                                  "--label-column", "first", "--domain", "none", "--free", "1"],
                                                 mentions: ["--free", "give --domain"])
        // With a header found by --header auto, the note on the header comes first.
        let unknown = try CommandLineRunner.run(common + ["--inputs", named.path, "--label-column", "class", "--free", "colour"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr.split(separator: "\n").last.map(String.init),
                       "cellcert: error: --free: no feature named 'colour' in the header (width, height, depth, mass)")
        XCTAssertTrue(unknown.stdout.isEmpty)
    }
}
