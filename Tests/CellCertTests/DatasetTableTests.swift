import Foundation
import XCTest
@testable import CellCert

/// `DatasetTable`: rows, the summary's statistics, parallel = serial, and the renderings' shapes.
final class DatasetTableTests: XCTestCase {
    static func estimate(_ epsilon: Double, _ robustness: Double) -> MonteCarloEstimate {
        MonteCarloEstimate(epsilon: epsilon, samples: 100, changed: Int(((1 - robustness) * 100).rounded()), leftCell: 0,
                           robustness: robustness, lower: max(0, robustness - 0.05), upper: 1, stayLower: 0, stayUpper: 1,
                           confidence: 0.999)
    }

    /// Four hand-made rows; the expected values below are worked out by hand.
    static func handRows() -> [DatasetTable.Row] {
        func row(_ index: Int, label: Int?, predicted: Int, l2: Double, linf: Double, paper: Double, cap: Double,
                 deltaStar: Double, mc: Double, ms: Double) -> DatasetTable.Row {
            DatasetTable.Row(index: index, label: label, predictedClass: predicted, hyperplanes: 30, facets: nil,
                             radius: [.l2: l2, .linf: linf],
                             bounds: [.init(epsilon: 0.05, paper: paper, exactCap: cap, deltaStar: deltaStar, suspicious: l2 < deltaStar)],
                             suspicious: l2 < deltaStar, monteCarlo: [estimate(0.05, mc)], milliseconds: ms)
        }
        return [row(0, label: 1, predicted: 1, l2: 0.1, linf: 0.05, paper: 1, cap: 1, deltaStar: 0.02, mc: 1, ms: 1),
                row(1, label: 2, predicted: 0, l2: 0.02, linf: 0.01, paper: 0, cap: 0.5, deltaStar: 0.03, mc: 0.9, ms: 2),
                row(2, label: 0, predicted: 0, l2: 0.04, linf: 0.03, paper: 0.2, cap: 0.8, deltaStar: 0.03, mc: 0.95, ms: 3),
                row(3, label: nil, predicted: 2, l2: 0.06, linf: 0.02, paper: 1, cap: 1, deltaStar: 0.02, mc: 1, ms: 4)]
    }

    func testSummaryStatisticsOnAHandCheckedCase() {
        let s = DatasetSummary(rows: Self.handRows(), norms: [.l2, .linf], epsilons: [0.05], wallSeconds: 1.5)
        XCTAssertEqual(s.inputs, 4)
        XCTAssertEqual(s.labelled, 3)
        XCTAssertEqual(s.correct, 2)
        XCTAssertEqual(s.accuracy!, 2.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(s.radius.map(\.norm), [.l2, .linf])
        let l2 = s.radius[0], linf = s.radius[1]
        XCTAssertEqual(l2.mean, 0.055, accuracy: 1e-15)
        XCTAssertEqual(l2.median, 0.05, accuracy: 1e-15)      // (0.04 + 0.06) / 2
        XCTAssertEqual(l2.min, 0.02)
        XCTAssertEqual(l2.max, 0.1)
        XCTAssertEqual(linf.mean, 0.0275, accuracy: 1e-15)
        XCTAssertEqual(linf.median, 0.025, accuracy: 1e-15)   // (0.02 + 0.03) / 2
        let e = s.epsilons[0]
        XCTAssertEqual(e.certified, 0.5)                      // rows 0 (0.1) and 3 (0.06) have r ≥ 0.05
        XCTAssertEqual(e.certifiedCorrect, 0.25)              // row 3 has no label
        XCTAssertEqual(e.suspicious, 0.25)                    // row 1: 0.02 < 0.03
        XCTAssertEqual(e.meanPaper, 0.55, accuracy: 1e-15)    // (1 + 0 + 0.2 + 1) / 4
        XCTAssertEqual(e.meanExactCap, 0.825, accuracy: 1e-15)
        XCTAssertEqual(e.meanMonteCarlo!, 0.9625, accuracy: 1e-15)
        XCTAssertNil(e.meanGaussian)
        XCTAssertEqual(s.suspicious, 0.25)
        XCTAssertEqual(s.totalSeconds, 1.5)
        XCTAssertEqual(s.meanMilliseconds, 2.5)

        let odd = RadiusStatisticsCheck.stats([3, .infinity, 1])
        XCTAssertEqual(odd.median, 3)
        XCTAssertEqual(odd.max, .infinity)
        XCTAssertEqual(odd.mean, .infinity)
        let unlabelled = DatasetSummary(rows: [Self.handRows()[3]], norms: [.l2], epsilons: [], wallSeconds: 0)
        XCTAssertNil(unlabelled.correct)
        XCTAssertNil(unlabelled.suspicious)
        XCTAssertTrue(unlabelled.epsilons.isEmpty)
    }

    func testRowsAgreeWithCertifyAndTheParallelRunIsTheSerialRun() throws {
        let network = try DatasetFixtures.network()
        let inputs = try DatasetFixtures.inputs()
        func rows(threads: Int) throws -> [DatasetTable.Row] {
            let request = CertificationRequest(
                norms: [.linf, .l2], facets: true,
                robustness: RobustnessRequest(epsilons: [0.05, 0.5], monteCarlo: MonteCarloOptions(samples: 300, seed: 3, batchSize: 64)),
                threads: threads)
            return try network.certify(inputs, request: request).map { var r = DatasetTable.Row($0); r.milliseconds = 0; return r }
        }
        let serial = try rows(threads: 1)
        XCTAssertEqual(serial.map(\.index), Array(0..<10))
        XCTAssertEqual(try rows(threads: 2), serial)
        XCTAssertEqual(try rows(threads: 3), serial)
        for (row, item) in zip(serial, inputs) {
            let certificate = try network.certify(item.values, request: CertificationRequest(norms: [.l2], facets: true))
            XCTAssertEqual(row.radius[.l2], certificate.radius(.l2)!.radius)
            XCTAssertEqual(row.facets?.count, certificate.facets!.facetCount)
            XCTAssertEqual(row.predictedClass, certificate.predictedClass)
            let probabilistic = try certificate.probabilisticCertificate(epsilons: [0.05, 0.5], eta: 0.01, includeGaussian: false)
            XCTAssertEqual(row.bounds.map(\.exactCap), probabilistic.bounds.map(\.exactCap))
            XCTAssertEqual(row.bounds.map(\.paper), probabilistic.bounds.map(\.paper))
            XCTAssertEqual(row.monteCarlo?.count, 2)
            XCTAssertEqual(row.correct, true)
        }
    }

    func testRequestAddsL2ForTheBounds() {
        XCTAssertEqual(CertificationRequest(norms: [.linf, .linf], robustness: RobustnessRequest(epsilons: [0.1])).norms, [.linf, .l2])
        XCTAssertEqual(CertificationRequest(norms: [.l1]).norms, [.l1])
    }

    func testCSVShape() throws {
        let table = try DatasetFixtures.table()
        let lines = table.csv().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 11)
        let header = lines[0].split(separator: ",").map(String.init)
        XCTAssertEqual(Array(header.prefix(8)), ["index", "label", "predicted", "correct", "hyperplanes", "radius_l2", "radius_linf", "radius_l1"])
        XCTAssertEqual(Array(header.suffix(2)), ["suspicious", "ms"])
        for key in ["paper@0.05", "exactCap@0.05", "mc@0.05", "mc_lower@0.05", "mc_upper@0.05", "paper@0.5", "mc_upper@0.5"] {
            XCTAssertTrue(header.contains(key), key)
        }
        for line in lines.dropFirst() {
            XCTAssertEqual(TableFormatAgreementTests.csvFields(line).count, header.count, String(line))
        }
        let first = lines[1].split(separator: ",").map(String.init)
        XCTAssertEqual(Double(first[header.firstIndex(of: "radius_l2")!]), table.rows[0].radius[.l2], "full precision")
    }

    func testMarkdownAndTextShape() throws {
        let table = try DatasetFixtures.table(samples: nil)
        let markdown = table.markdown()
        let tableLines = markdown.split(separator: "\n").filter { $0.hasPrefix("|") }
        // rows table (header, rule, 10 rows) + radius summary (2 + 3) + ε summary (2 + 2)
        // + certified accuracy (2 + 2 ε × 3 norms)
        XCTAssertEqual(tableLines.count, 12 + 5 + 4 + 8)
        XCTAssertTrue(markdown.contains("| index | label | predicted | correct | hyperplanes |"))
        XCTAssertTrue(markdown.contains("**Summary**"))
        XCTAssertTrue(markdown.contains("- inputs: 10 (10 labelled), correct: 10 (100.0 %)"))
        let columnCounts = Set(tableLines.prefix(12).map { $0.filter { $0 == "|" }.count })
        XCTAssertEqual(columnCounts.count, 1, "every line of the rows table has the same columns")
        let text = table.text()
        XCTAssertTrue(text.hasPrefix("model Fixtures/example-net.json (json): d=4, layers 4-16-16-3"))
        XCTAssertTrue(text.contains("\nsummary\n"))
        XCTAssertTrue(text.contains("certified_correct"))
        XCTAssertFalse(text.contains("mc@"), "no Monte Carlo column without samples")
    }

    func testLaTeXShape() throws {
        let table = try DatasetFixtures.table(facets: true)
        let latex = table.latex()
        XCTAssertTrue(latex.hasPrefix("% cellcert table — needs \\usepackage{booktabs}"))
        // rows, radius summary, ε summary, certified accuracy
        XCTAssertEqual(latex.components(separatedBy: "\\begin{tabular}").count - 1, 4)
        XCTAssertEqual(latex.components(separatedBy: "\\end{tabular}").count - 1, 4)
        XCTAssertEqual(latex.components(separatedBy: "\\toprule").count - 1, 4)
        let lines = latex.split(separator: "\n").map(String.init)
        let begin = lines.firstIndex { $0.hasPrefix("\\begin{tabular}") }!
        let spec = lines[begin].dropFirst("\\begin{tabular}{".count).dropLast()
        let header = lines[begin + 2]
        XCTAssertTrue(header.hasPrefix("\\# & label & pred. & ok & hyp. & facets & $r_2$ & $r_\\infty$ & $r_1$"), header)
        let rows = lines[(begin + 4)..<(begin + 14)]
        for row in rows {
            XCTAssertTrue(row.hasSuffix(" \\\\"), row)
            XCTAssertEqual(row.components(separatedBy: " & ").count, spec.count, row)
        }
        XCTAssertEqual(lines[begin + 14], "\\bottomrule")
        XCTAssertTrue(latex.contains("\\item suspicious ($r_2 < \\delta^*(\\eta)$ at some $\\varepsilon$, $\\eta = 0.01$): "), latex)
        XCTAssertTrue(latex.contains("\\item inputs: 10 (10 labelled), correct: 10 (100.0\\,\\%)"), latex)
        XCTAssertTrue(latex.contains("\n$\\ell_\\infty$ & "), latex)
        let body = latex.split(separator: "\n").filter { !$0.hasPrefix("%") }.joined()
        XCTAssertFalse(body.contains { "εηδρℓ∞≥".contains($0) }, "no Unicode math outside comments")
        XCTAssertEqual(TableRendering.latexEscaped("a_b 50% & {x} #1 ~^\\"), "a\\_b 50\\% \\& \\{x\\} \\#1 \\textasciitilde{}\\textasciicircum{}\\textbackslash{}")
        XCTAssertEqual(TableRendering.latexScientific(0.0314159), "$3.142\\cdot 10^{-2}$")
        XCTAssertEqual(TableRendering.latexScientific(2), "$2.000$")
        XCTAssertEqual(TableRendering.latexScientific(.infinity), "$\\infty$")
    }

    func testJSONShape() throws {
        let table = try DatasetFixtures.table(epsilons: [0.05])
        let json = try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as! [String: Any]
        XCTAssertEqual(Set(json.keys), ["model", "settings", "rows", "summary"])
        let rows = json["rows"] as! [[String: Any]]
        XCTAssertEqual(rows.count, 10)
        XCTAssertEqual(Set(rows[0].keys), ["index", "label", "predictedClass", "correct", "hyperplanes", "facets", "radius",
                                            "bounds", "suspicious", "monteCarlo", "milliseconds", "binding", "radiusInDomain",
                                            "decisionBoundary", "epsilonStar", "epsilonStarOverRadius"])
        XCTAssertTrue(rows[0]["radiusInDomain"] is NSNull && rows[0]["decisionBoundary"] is NSNull, "no domain, no --boundary")
        XCTAssertEqual(Set((rows[0]["radius"] as! [String: Double]).keys), ["l2", "linf", "l1"])
        let bounds = rows[0]["bounds"] as! [[String: Any]]
        XCTAssertEqual(Set(bounds[0].keys), ["epsilon", "paper", "exactCap", "deltaStar", "suspicious"])
        let summary = json["summary"] as! [String: Any]
        XCTAssertEqual(Set(summary.keys), ["inputs", "labelled", "correct", "accuracy", "radius", "epsilons", "certifiedAccuracy",
                                           "suspicious", "totalSeconds", "meanMilliseconds"])
        let perEpsilon = (summary["epsilons"] as! [[String: Any]])[0]
        XCTAssertEqual(Set(perEpsilon.keys), ["epsilon", "certified", "certifiedCorrect", "suspicious", "meanPaper", "meanExactCap",
                                              "meanMonteCarlo"])
        let settings = json["settings"] as! [String: Any]
        XCTAssertEqual(settings["norms"] as? [String], ["l2", "linf", "l1"])
        XCTAssertEqual((settings["monteCarlo"] as? [String: Any])?["samples"] as? Int, 200)
        let plain = try JSONSerialization.jsonObject(with: Data(DatasetFixtures.table(epsilons: [], samples: nil).json().utf8)) as! [String: Any]
        XCTAssertTrue((plain["settings"] as! [String: Any])["monteCarlo"] is NSNull)
        let plainRow = (plain["rows"] as! [[String: Any]])[0]
        XCTAssertTrue(plainRow["suspicious"] is NSNull && plainRow["monteCarlo"] is NSNull && plainRow["facets"] is NSNull)
        XCTAssertEqual((plainRow["bounds"] as! [Any]).count, 0)
        XCTAssertTrue((plain["summary"] as! [String: Any])["suspicious"] is NSNull)
    }
}

/// `cellcert table`'s pipeline on the real MNIST network and images of `../shared/nets`.
final class DatasetTableMNISTTests: XCTestCase {
    func testIDXCopyOfTheMNISTImagesGivesTheCSVRows() throws {
        let nets = try sharedNetsDirectory()
        let network = try ModelLoader.load(path: nets.appendingPathComponent("mnist/mnist-net_256x2.onnx").path)
        let csv = try InputDataset.load(path: nets.appendingPathComponent("data/mnist_test.csv").path, labelColumn: .first,
                                        scale: 255, dimension: 784)
        XCTAssertEqual(csv.count, 100)
        let chosen = try InputSelection(range: (0, nil), limit: 3).indices(count: csv.count, source: csv.source)
        let pixels = chosen.flatMap { csv.inputs[$0].map { ($0 * 255).rounded() } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-mnist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = dir.appendingPathComponent("t10k-images-idx3-ubyte"), labels = dir.appendingPathComponent("t10k-labels-idx1-ubyte")
        try IDXFormat.write(shape: [3, 28, 28], values: pixels, as: .uint8, to: images)
        try IDXFormat.write(shape: [3], values: chosen.map { Double(csv.labels![$0]) }, as: .uint8, to: labels)
        let idx = try InputDataset.load(path: images.path, labelsPath: labels.path, scale: 255, dimension: 784)
        XCTAssertEqual(idx.inputs, chosen.map { csv.inputs[$0] })

        let request = CertificationRequest(norms: [.l2, .linf], robustness: RobustnessRequest(epsilons: [0.01, 0.1]), threads: 2)
        func rows(_ data: InputDataset) throws -> [DatasetTable.Row] {
            try network.certify(data.inputs.indices.map { LabelledInput(index: $0, values: data.inputs[$0], label: data.labels?[$0]) },
                                request: request).map { var r = DatasetTable.Row($0); r.milliseconds = 0; return r }
        }
        let fromIDX = try rows(idx)
        XCTAssertEqual(fromIDX, try rows(try csv.selecting(chosen)))
        XCTAssertEqual(fromIDX.map(\.correct), [true, true, true])
        for row in fromIDX {
            XCTAssertEqual(row.hyperplanes, 521)
            XCTAssertGreaterThan(row.radius[.l2]!, row.radius[.linf]!, "the ℓ∞ distance |φ|/‖a‖₁ is at most the ℓ2 distance |φ|/‖a‖₂")
        }
    }
}

/// `DatasetSummary.RadiusStatistics` on a list of radii.
enum RadiusStatisticsCheck {
    static func stats(_ radii: [Double]) -> DatasetSummary.RadiusStatistics { .init(norm: .l2, radii: radii) }
}
