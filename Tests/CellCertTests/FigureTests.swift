import Foundation
import XCTest
@testable import CellCert

/// Issue 14 §3: the figures (certified accuracy against ε, histograms, bounds and
/// Monte Carlo), laid out without overlapping text; PGFPlots and the HTML page.
final class FigureTests: XCTestCase {
    /// The fixture with every column group: domain, decision boundary, bounds and Monte Carlo.
    static func fullTable(epsilons: [Double] = [0.05, 0.2]) throws -> DatasetTable {
        let network = try DatasetFixtures.network()
        let inputs = try DatasetFixtures.inputs().filter { [0, 1, 4, 6, 7, 8, 9].contains($0.index) }
        let request = CertificationRequest(
            norms: [.linf, .l2], domain: InputBox(lower: [0, -3, 0, 100], upper: [10, 3, 1, 250]),
            boundary: DecisionBoundaryOptions(norm: .linf),
            robustness: RobustnessRequest(epsilons: epsilons, monteCarlo: MonteCarloOptions(samples: 200, seed: 1)), threads: 2)
        return try DatasetTable.compute(network: network, model: .init(network: network, path: DatasetFixtures.modelPath, format: "json"),
                                        source: DatasetFixtures.inputsPath, inputs: inputs, request: request)
    }

    /// Pairs of texts whose glyph boxes overlap, and texts outside the canvas.
    static func layoutProblems(_ svg: SVGDocument) -> [String] {
        var problems: [String] = []
        let boxes = svg.textBoxes
        for (i, a) in boxes.enumerated() {
            if a.minX < -0.5 || a.minY < -0.5 || a.maxX > svg.width + 0.5 || a.maxY > svg.height + 0.5 {
                problems.append("'\(a.text)' leaves the canvas")
            }
            for b in boxes[(i + 1)...] where a.overlaps(b) { problems.append("'\(a.text)' overlaps '\(b.text)'") }
        }
        return problems
    }

    func testTheOverlapCheckFindsOverlapsAndRotatedBoxes() {
        var svg = SVGDocument(width: 200, height: 100, title: "t")
        svg.text("certified accuracy", x: 20, y: 50, size: 12)
        svg.text("accuracy", x: 60, y: 52, size: 12)
        XCTAssertEqual(Self.layoutProblems(svg).count, 1, "the check is not vacuous")
        var rotated = SVGDocument(width: 200, height: 200, title: "t")
        rotated.text("inputs", x: 22, y: 100, size: 13, anchor: .middle, rotation: -90)
        let box = rotated.textBoxes[0]
        let width = GlyphMetrics.width("inputs", size: 13)
        XCTAssertEqual(box.maxY - box.minY, width, accuracy: 1e-9, "a vertical label runs along y")
        XCTAssertEqual(box.maxX - box.minX, (GlyphMetrics.ascent + GlyphMetrics.descent) * 13, accuracy: 1e-9)
        XCTAssertEqual(GlyphMetrics.width("mm", size: 10), 2 * 9.741, accuracy: 1e-9, "DejaVu Sans 'm' is 0.9741 em")
        XCTAssertGreaterThan(GlyphMetrics.width("ab", size: 10, bold: true), GlyphMetrics.width("ab", size: 10))
    }

    func testNoTwoTextsOverlapInAnyFigure() throws {
        var cases: [(String, SVGDocument)] = []
        let full = try Self.fullTable()
        cases.append(("full", SVGPlot.document(full)))
        cases.append(("small", SVGPlot.document(full, options: FigureOptions(panelWidth: 480, panelHeight: 240))))
        // Close ε values: their labels on the histogram must not collide.
        let close = try DatasetFixtures.table(epsilons: [0.02, 0.021, 0.022, 0.03], samples: 50)
        cases.append(("close ε", SVGPlot.document(close)))
        cases.append(("close ε, small", SVGPlot.document(close, options: FigureOptions(panelWidth: 480, panelHeight: 240))))
        cases.append(("ℓ1 only", SVGPlot.document(try DatasetFixtures.table(norms: [.l1], epsilons: [], samples: nil))))
        var laidOut = 0
        for (name, svg) in cases {
            XCTAssertEqual(Self.layoutProblems(svg), [], name)
            laidOut += svg.textBoxes.count
        }
        XCTAssertGreaterThan(laidOut, 300, "not vacuous: the figures hold many texts")
    }

    func testTheAccuracyCurvesAgreeWithTheSummaryAndNestAsTheCertificates() throws {
        let table = try Self.fullTable()
        let curves = table.accuracyCurves
        XCTAssertEqual(curves.map(\.source), [.cellRadius, .domainRadius, .boundary, .boundaryUpper])
        for entry in table.summary.certifiedAccuracy where entry.norm == .linf {
            XCTAssertEqual(curves[0].value(at: entry.epsilon), entry.cellRadius)
            XCTAssertEqual(curves[1].value(at: entry.epsilon), entry.domainRadius)
            XCTAssertEqual(curves[2].value(at: entry.epsilon), entry.boundary)
            XCTAssertEqual(curves[3].value(at: entry.epsilon), entry.boundaryUpper)
        }
        // The step function: its value just left of each vertex pair is the curve's value there.
        let steps = curves[2].steps(upTo: table.accuracyAxisEnd)
        XCTAssertEqual(steps.first?.epsilon, 0)
        XCTAssertEqual(steps.first?.value, curves[2].value(at: 0))
        XCTAssertTrue(zip(steps, steps.dropFirst()).allSatisfy { $0.epsilon <= $1.epsilon && $0.value >= $1.value }, "non-increasing")
        XCTAssertGreaterThan(steps.count, 4)
        let doc = SVGPlot.document(table)
        let svg = doc.rendered()
        XCTAssertEqual(svg.components(separatedBy: "class=\"accuracy-curve\"").count - 1, 4)
        // Three marker shapes per requested ε (the upper bound has none), drawn even where values coincide.
        XCTAssertEqual(svg.components(separatedBy: "class=\"accuracy-marker\"").count - 1, 3 * 2)
        XCTAssertTrue(doc.textBoxes.contains { $0.text == "certified accuracy" }, "the y axis names its quantity")
        XCTAssertTrue(doc.textBoxes.contains { $0.text.hasPrefix("ε, radius of the ℓ∞ ball") })
    }

    func testPanelsAndSizeAreTheUsers() throws {
        let table = try Self.fullTable(epsilons: [0.05])
        let onlyBounds = SVGPlot.render(table, options: FigureOptions(panels: [.bounds], panelWidth: 700, panelHeight: 300))
        XCTAssertFalse(onlyBounds.contains("histogram-bar"))
        XCTAssertFalse(onlyBounds.contains("accuracy-curve"))
        XCTAssertTrue(onlyBounds.contains("bound-exactCap"))
        XCTAssertTrue(onlyBounds.contains("width=\"700\" height=\"354\""), "title 44 + one panel of 300 + 10")
        let order = SVGPlot.document(table, options: FigureOptions(panels: [.histograms, .accuracy])).textBoxes.map(\.text)
        let histogram = try XCTUnwrap(order.firstIndex { $0.hasPrefix("Certified ℓ2 radius") })
        let accuracy = try XCTUnwrap(order.firstIndex { $0.hasPrefix("Certified accuracy") })
        XCTAssertLessThan(histogram, accuracy, "panels in the order asked for")
        XCTAssertEqual(FigureOptions(panelWidth: 10, panelHeight: 10).panelWidth, FigureOptions.minimumSize.width)
    }

    func testPGFPlotsHasOnePicturePerPanelInPlainLaTeX() throws {
        let table = try Self.fullTable()
        let tex = PGFPlotsFigure.render(table)
        // accuracy + two histograms + one bounds panel per ε
        XCTAssertEqual(tex.components(separatedBy: "\\begin{tikzpicture}").count - 1, 5)
        XCTAssertEqual(tex.components(separatedBy: "\\end{axis}").count - 1, 5)
        XCTAssertTrue(tex.contains("ylabel={certified accuracy}"))
        XCTAssertTrue(tex.contains("error bars/.cd"), "Monte Carlo intervals")
        let body = tex.split(separator: "\n").filter { !$0.hasPrefix("%") }.joined()
        XCTAssertFalse(body.contains { $0.unicodeScalars.first!.value > 127 }, "pdfLaTeX-safe: no Unicode outside comments")
        XCTAssertEqual(body.filter { $0 == "{" }.count, body.filter { $0 == "}" }.count, "balanced braces")
        XCTAssertFalse(body.contains("nan") || body.contains("inf)"), "no non-finite coordinate")
    }

    func testTheHTMLPageIsSelfContained() throws {
        let table = try Self.fullTable(epsilons: [0.05])
        let page = HTMLReport.render(table, commandLine: "cellcert table net.json --domain '0:1,<2>'", figure: SVGPlot.render(table))
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        for forbidden in ["<script", "src=", "href=", "@import", "url(", "<?xml"] {
            XCTAssertFalse(page.contains(forbidden), "\(forbidden): the page must open from disk on its own")
        }
        XCTAssertTrue(page.contains("--domain '0:1,&lt;2&gt;'"), "the command line, escaped")
        XCTAssertTrue(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "the figures inline")
        XCTAssertTrue(page.contains("<dt>δ*(η)</dt>"), "the legend")
        XCTAssertTrue(page.contains("<table id=\"certified-accuracy\">"))
        XCTAssertEqual(page.components(separatedBy: "<tr>").count - 1,
                       1 + table.rows.count + 1 + table.summary.certifiedAccuracy.count + 1 + table.summary.radius.count
                           + 1 + table.summary.epsilons.count, "every row of every table")
    }

    func testPlotFormatsFromTheCommandLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-figures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = ["table", DatasetFixtures.modelPath, "--inputs", DatasetFixtures.inputsPath, "--label-column", "first",
                    "--norm", "l2", "--epsilon", "0.05", "--limit", "4"]
        // Usage errors: exit status 64, one line, before any work.
        for (arguments, fragment) in [(["--plot", directory.appendingPathComponent("f.png").path], ".svg, .pdf or .tex"),
                                      (["--panels", "accuracy,pies", "--html", directory.appendingPathComponent("p.html").path],
                                       "unknown panel 'pies'"),
                                      (["--plot-size", "100x100", "--html", directory.appendingPathComponent("p.html").path], "--plot-size")] {
            let refused = try CommandLineRunner.run(base + arguments)
            XCTAssertEqual(refused.status, 64, refused.stderr)
            XCTAssertTrue(refused.stderr.contains(fragment), refused.stderr)
            XCTAssertTrue(refused.stdout.isEmpty)
        }
        let (svg, tex, html) = (directory.appendingPathComponent("f.svg"), directory.appendingPathComponent("f.tex"),
                                directory.appendingPathComponent("p.html"))
        let run = try CommandLineRunner.run(base + ["--plot", svg.path, "--plot", tex.path, "--html", html.path, "--plot-size", "800x300"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try String(contentsOf: svg, encoding: .utf8).contains("width=\"800\""))
        XCTAssertTrue(try String(contentsOf: tex, encoding: .utf8).contains("\\begin{tikzpicture}"))
        XCTAssertTrue(try String(contentsOf: html, encoding: .utf8).contains("cellcert table Fixtures/example-net.json"))

        let pdf = directory.appendingPathComponent("f.pdf")
        // Without rsvg-convert on PATH: one clear line naming the package and the make target, and no file.
        let process = Process()
        process.executableURL = try CommandLineRunner.executable
        process.arguments = base + ["--plot", pdf.path]
        process.currentDirectoryURL = packageRoot
        process.environment = ["PATH": directory.path]
        let errors = Pipe()
        (process.standardError, process.standardOutput) = (errors, Pipe())
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertTrue(message.contains("rsvg-convert") && message.contains("make deps-plot"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf.path))
        guard PDFToolCheck.installed else { throw XCTSkip("rsvg-convert is not installed (make deps-plot); the PDF itself was not made") }
        let made = try CommandLineRunner.run(base + ["--plot", pdf.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertEqual(Array(try Data(contentsOf: pdf).prefix(4)), Array("%PDF".utf8))
    }
}

/// Whether `rsvg-convert` is on the standard path.
enum PDFToolCheck {
    static var installed: Bool {
        ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].contains(where: FileManager.default.isExecutableFile)
    }
}
