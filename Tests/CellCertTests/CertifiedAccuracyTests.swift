import Foundation
import XCTest
@testable import CellCert

/// Issue 14 §3: `table --boundary --domain` and its certified-accuracy summary.
final class CertifiedAccuracyTests: XCTestCase {
    /// A box holding every example input (their coordinates span 1.5…8.7, −1.9…2.5, 0.1…0.9, 113…196).
    static let domain = "0:10,-3:3,0:1,100:250"
    /// Example inputs whose ℓ∞ decision-boundary search finishes in milliseconds.
    static let fastInputs = ["--index", "0", "--index", "1", "--index", "4", "--index", "6", "--index", "7"]

    func testHandCheckedCertifiedAccuracyCountsOnlyCorrectInputsAndProvenBoundaries() {
        func row(_ index: Int, label: Int?, predicted: Int, linf: Double, inDomain: Double?,
                 boundary: DatasetTable.BoundaryDistance?) -> DatasetTable.Row {
            DatasetTable.Row(index: index, label: label, predictedClass: predicted, hyperplanes: 3, facets: nil,
                             radius: [.linf: linf, .l2: 2 * linf], bounds: [], suspicious: nil, monteCarlo: nil,
                             radiusInDomain: inDomain.map { [.linf: $0, .l2: 2 * $0] }, decisionBoundary: boundary, milliseconds: 0)
        }
        let exact = { (r: Double) in DatasetTable.BoundaryDistance(status: .exact, distance: r, lower: r, upper: r * 1.000001,
                                                                  witnessClass: 1, seconds: 0) }
        let rows = [
            row(0, label: 0, predicted: 0, linf: 0.01, inDomain: 0.02, boundary: exact(0.3)),
            // bounded: 0.05 ≤ R ≤ 0.15, so certified at ε = 0.05 but not at 0.1, still possible at 0.1
            row(1, label: 1, predicted: 1, linf: 0.02, inDomain: 0.2,
                boundary: .init(status: .bounded, distance: nil, lower: 0.05, upper: 0.15, witnessClass: 0, seconds: 0)),
            // misclassified: never counts, however large its radii
            row(2, label: 2, predicted: 0, linf: 0.5, inDomain: 0.5, boundary: exact(0.9)),
            // outside the domain: no in-domain radius, status unknown with the cell radius as lower bound
            row(3, label: 0, predicted: 0, linf: 0.06, inDomain: nil,
                boundary: .init(status: .unknown, distance: nil, lower: 0.06, upper: .infinity, witnessClass: nil, seconds: 0)),
        ]
        let summary = DatasetSummary(rows: rows, norms: [.linf, .l2], epsilons: [0.05, 0.1], wallSeconds: 0,
                                     boundaryNorm: .linf, hasDomain: true)
        XCTAssertEqual(summary.certifiedAccuracy.map(\.epsilon), [0.05, 0.05, 0.1, 0.1])
        XCTAssertEqual(summary.certifiedAccuracy.map(\.norm), [.linf, .l2, .linf, .l2])
        let (linf05, l205, linf10) = (summary.certifiedAccuracy[0], summary.certifiedAccuracy[1], summary.certifiedAccuracy[2])
        XCTAssertEqual(linf05.cellRadius, 0.25)        // row 3 (0.06)
        XCTAssertEqual(linf05.domainRadius, 0.25)      // row 1 (0.2); row 3 has none
        XCTAssertEqual(linf05.boundary, 0.75)          // rows 0, 1 (lower 0.05), 3 (lower 0.06)
        XCTAssertEqual(linf05.boundaryUpper, 0.75)
        XCTAssertEqual(linf10.boundary, 0.25)          // row 0 only
        XCTAssertEqual(linf10.boundaryUpper, 0.75)     // rows 0, 1 (upper 0.15), 3 (no witness)
        XCTAssertEqual(l205.cellRadius, 0.25)          // ℓ2 radii 0.02, 0.04, 1.0 (wrong), 0.12
        XCTAssertEqual(l205.domainRadius, 0.25)        // 0.04, 0.4, 1.0 (wrong), none
        XCTAssertNil(l205.boundary, "R was computed in ℓ∞ only")
        XCTAssertNil(l205.boundaryUpper)

        let unlabelled = DatasetSummary(rows: rows.map { r in
            DatasetTable.Row(index: r.index, label: nil, predictedClass: r.predictedClass, hyperplanes: 3, facets: nil,
                             radius: r.radius, bounds: [], suspicious: nil, monteCarlo: nil, milliseconds: 0)
        }, norms: [.linf], epsilons: [0.05], wallSeconds: 0)
        XCTAssertEqual(unlabelled.certifiedAccuracy[0].cellRadius, 0.5, "without labels every certified input counts")
        XCTAssertNil(unlabelled.certifiedAccuracy[0].domainRadius)
    }

    func testTableWithBoundaryAndDomainHasCertifiedAccuracyRowsConsistentWithItsRows() throws {
        let result = try CommandLineRunner.run(
            ["table", DatasetFixtures.modelPath, "--inputs", DatasetFixtures.inputsPath, "--label-column", "first",
             "--domain", Self.domain, "--boundary", "--norm", "linf", "--norm", "l2",
             "--epsilon", "0.05", "--epsilon", "0.2", "--threads", "2", "--format", "json"] + Self.fastInputs)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(json["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, 5)
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        let entries = try XCTUnwrap(summary["certifiedAccuracy"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 4, "two ε times two norms")
        func fraction(_ passing: ([String: Any]) -> Bool) -> Double {
            Double(rows.filter { ($0["correct"] as? Bool) == true && passing($0) }.count) / Double(rows.count)
        }
        /// A length of the JSON: `null` inside an object that exists is `+∞`; a missing object certifies nothing.
        func length(_ object: Any?, _ key: String) -> Double {
            guard let dictionary = object as? [String: Any] else { return 0 }
            return dictionary[key] as? Double ?? .infinity
        }
        var boundaryBeatsCell = false
        for entry in entries {
            let epsilon = try XCTUnwrap(entry["epsilon"] as? Double)
            let norm = try XCTUnwrap(entry["norm"] as? String)
            let cell = fraction { length($0["radius"], norm) >= epsilon }
            let domain = fraction { length($0["radiusInDomain"], norm) >= epsilon }
            XCTAssertEqual(entry["cellRadius"] as? Double, cell, "\(norm) at \(epsilon)")
            XCTAssertEqual(entry["domainRadius"] as? Double, domain, "\(norm) at \(epsilon)")
            if norm == "linf" {
                let boundary = fraction { length($0["decisionBoundary"], "lower") >= epsilon }
                let upper = fraction { length($0["decisionBoundary"], "upper") >= epsilon }
                XCTAssertEqual(entry["boundary"] as? Double, boundary, "R at \(epsilon)")
                XCTAssertEqual(entry["boundaryUpper"] as? Double, upper, "R upper at \(epsilon)")
                XCTAssertLessThanOrEqual(cell, domain)
                XCTAssertLessThanOrEqual(domain, boundary)
                XCTAssertLessThanOrEqual(boundary, upper)
                if boundary > cell { boundaryBeatsCell = true }
            } else {
                XCTAssertTrue(entry["boundary"] is NSNull, "R was computed in the first norm only")
            }
        }
        XCTAssertTrue(boundaryBeatsCell, "not vacuous: R certifies inputs the cell radius does not")
        for row in rows {
            let b = try XCTUnwrap(row["decisionBoundary"] as? [String: Any])
            XCTAssertEqual(b["status"] as? String, "exact")
            let r = try XCTUnwrap((row["radius"] as? [String: Any])?["linf"] as? Double)
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(b["distance"] as? Double), r, "R ≥ r")
        }
        let settings = try XCTUnwrap(json["settings"] as? [String: Any])
        XCTAssertEqual((settings["boundary"] as? [String: Any])?["norm"] as? String, "linf")
        XCTAssertEqual((settings["domain"] as? [String: Any])?["source"] as? String, Self.domain)
    }

    /// In ℓ2 (in ℓ∞ proofs finish a stopped search, `BoundaryProofTests`).
    func testAStoppedSearchKeepsALowerBoundAtLeastTheInDomainRadius() throws {
        let network = try DatasetFixtures.network()
        let inputs = try DatasetFixtures.inputs()
        let request = CertificationRequest(norms: [.l2], domain: InputBox(lower: [0, -3, 0, 100], upper: [10, 3, 1, 250]),
                                           boundary: DecisionBoundaryOptions(norm: .l2, maxCells: 1), threads: 2)
        let results = try network.certify(inputs, request: request)
        var stopped = 0
        for result in results {
            let certificate = result.certificate
            let boundary = try XCTUnwrap(certificate.decisionBoundary)
            let inDomain = try XCTUnwrap(certificate.domainRadii?.first?.radius)
            XCTAssertLessThanOrEqual(boundary.lower, boundary.upper)
            if boundary.status == .bounded {
                stopped += 1
                XCTAssertGreaterThanOrEqual(boundary.lower, min(inDomain, boundary.upper), "input \(result.index)")
            }
        }
        XCTAssertGreaterThan(stopped, 0, "not vacuous: one cell is too few for some input")
        let unchanged = DecisionBoundaryResult(norm: .linf, method: .search, status: .exact, distance: 0.3, lower: 0.3, upper: 0.3,
                                               witness: nil, cellsExplored: 1, linearProgramsSolved: 1, seconds: 0, note: nil)
        XCTAssertEqual(InputCertificate.tightened(unchanged, by: nil).lower, 0.3)
    }

    func testBindingUnitsReadAsLayerAndUnitOrOutputVersusClass() {
        let hidden = CertificationReport.Binding(.hidden(layer: 1, unit: 95), norm: .l2, hiddenLayerCount: 3)
        XCTAssertEqual(hidden?.readableName, "layer 2, unit 95")
        XCTAssertEqual(hidden?.layer, 1, "JSON keeps the 0-based layer")
        XCTAssertEqual(CertificationReport.Binding(.comparison(rival: 3), norm: .l2, hiddenLayerCount: 3)?.readableName,
                       "output vs class 3")
        XCTAssertEqual(CertificationReport.Binding(.comparison(rival: 0), norm: .l2, hiddenLayerCount: 3)?.readableName,
                       "output vs class 0")
        XCTAssertEqual(CertificationReport.Binding(.output, norm: .l2, hiddenLayerCount: 3)?.readableName, "output")
        XCTAssertNil(CertificationReport.Binding(nil, norm: .l2, hiddenLayerCount: 3))
    }

    func testLaTeXDropsTimingColumnsUnlessAsked() throws {
        let table = try DatasetFixtures.table(epsilons: [0.05], samples: nil)
        let plain = table.latex()
        XCTAssertFalse(plain.contains("& ms"), plain)
        XCTAssertFalse(plain.contains("time:"), plain)
        let timed = table.latex(timing: true)
        XCTAssertTrue(timed.contains(" & ms \\\\"), timed)
        XCTAssertTrue(timed.contains("\\item time: "), timed)
        XCTAssertTrue(table.text().contains("  ms\n"), "text keeps the time column")
    }

    func testTheLegendDefinesEverySymbolPrintedAndNoOther() throws {
        let plain = try DatasetFixtures.table(epsilons: [], samples: nil)
        let symbols = Set(plain.legend.map(\.symbol))
        XCTAssertFalse(symbols.contains("ρ(x, ε)"), "no bound printed without ε")
        XCTAssertFalse(symbols.contains("δ*(η)"))
        let full = try DatasetFixtures.table(epsilons: [0.05], samples: 100)
        let text = full.text()
        for symbol in ["ρ(x, ε)", "δ*(η)", "ε*(η)", "exact cap", "paper", "mc", "binding", "certified accuracy"] {
            XCTAssertTrue(full.legend.contains { $0.symbol == symbol }, symbol)
            XCTAssertTrue(text.contains("  \(symbol): "), "text legend lacks \(symbol)")
        }
        XCTAssertTrue(full.legend.contains { $0.meaning.contains("suspicious") }, "suspicious is defined")
        XCTAssertTrue(full.markdown().contains("**Legend**"))
        XCTAssertTrue(full.latex().contains("\\begin{description}"))
    }
}
