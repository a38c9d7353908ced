import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import CellCert

/// The SVG figure: well-formed XML with the expected elements (no external tool), and,
/// where `rsvg-convert` is installed, that it renders.
final class SVGPlotTests: XCTestCase {
    /// Element names, `class` counts and text contents of an XML document.
    final class Collector: NSObject, XMLParserDelegate {
        var root: String?
        var rootAttributes: [String: String] = [:]
        var classes: [String: Int] = [:]
        var texts: [String] = []
        private var current = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if root == nil { root = name; rootAttributes = attributes }
            if let c = attributes["class"] { classes[c, default: 0] += 1 }
            current = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { texts.append(current) }
            current = ""
        }
    }

    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))", file: file, line: line)
        return collector
    }

    func testFigureHasHistogramsBoundsAndMonteCarlo() throws {
        let table = try DatasetFixtures.table(epsilons: [0.05, 0.5], samples: 200)
        let svg = SVGPlot.render(table)
        XCTAssertFalse(svg.contains("nan"))
        let doc = parse(svg)
        XCTAssertEqual(doc.root, "svg")
        XCTAssertEqual(doc.rootAttributes["xmlns"], "http://www.w3.org/2000/svg")
        XCTAssertNotNil(doc.rootAttributes["viewBox"])
        XCTAssertGreaterThan(doc.classes["histogram-bar"] ?? 0, 2)
        XCTAssertEqual(doc.classes["bound-paper"], 20)
        XCTAssertEqual(doc.classes["bound-exactCap"], 20)
        XCTAssertEqual(doc.classes["mc-estimate"], 20)
        XCTAssertEqual(doc.classes["mc-whisker"], 20)
        XCTAssertEqual(doc.classes["panel-title"], 5, "certified accuracy, two histograms (ℓ2, ℓ∞) and one panel per ε")
        XCTAssertEqual(doc.classes["axis"], 10)
        XCTAssertEqual(doc.classes["axis-label"], 10)
        XCTAssertGreaterThan(doc.classes["tick-label"] ?? 0, 20)
        for text in ["Certified ℓ2 radius r₂(x)", "Certified ℓ∞ radius r∞(x)", "paper (Thm 4.2)", "exact cap",
                     "ρ(x, ε): bound or estimate", "inputs", "certified accuracy"] {
            XCTAssertTrue(doc.texts.contains(text), text)
        }
        XCTAssertTrue(doc.texts.contains { $0.hasPrefix("Monte Carlo ρ̂ (200 samples") })
        XCTAssertTrue(doc.texts.contains("ε = 0.05"), "ε marked on the ℓ2 histogram")
    }

    func testWithoutEpsilonOnlyHistograms() throws {
        let table = try DatasetFixtures.table(norms: [.l1], epsilons: [], samples: nil)
        let doc = parse(SVGPlot.render(table))
        XCTAssertEqual(doc.classes["panel-title"], 2, "certified accuracy and the histogram")
        XCTAssertTrue(doc.texts.contains("Certified ℓ1 radius r₁(x)"))
        XCTAssertNil(doc.classes["bound-paper"])
        XCTAssertNil(doc.classes["mc-estimate"])
    }

    func testInfiniteAndZeroRadiiAndEscaping() throws {
        var rows = DatasetTableTests.handRows()
        rows[0] = DatasetTable.Row(index: 0, label: nil, predictedClass: 0, hyperplanes: 0, facets: nil,
                                   radius: [.l2: .infinity, .linf: .infinity], bounds: rows[0].bounds, suspicious: false,
                                   monteCarlo: nil, milliseconds: 0)
        rows[1] = DatasetTable.Row(index: 1, label: 1, predictedClass: 1, hyperplanes: 3, facets: nil,
                                   radius: [.l2: 0, .linf: 0], bounds: rows[1].bounds, suspicious: true, monteCarlo: nil, milliseconds: 0)
        let model = CertificationReport.ModelSummary(path: "a<b>&c.json", format: "json", inputDimension: 2, layerSizes: [2, 3, 2],
                                                     outputs: 2, decision: "argmax", faceBound: 4)
        let table = DatasetTable(model: model, settings: .init(inputs: "x.csv", norms: [.l2, .linf], epsilons: [0.05], eta: 0.01,
                                                               facets: false, monteCarlo: nil, threads: 1),
                                 rows: rows, wallSeconds: 0)
        let svg = SVGPlot.render(table)
        XCTAssertFalse(svg.contains("nan") || svg.contains("inf\""), svg)
        let doc = parse(svg)
        XCTAssertTrue(doc.texts.contains { $0.contains("a<b>&c.json") })
        XCTAssertTrue(doc.texts.contains { $0.contains("1 without face (r = ∞) not shown") })
        XCTAssertEqual(doc.classes["bound-paper"], 4)
    }

    func testRendersWithRsvgConvertWhenInstalled() throws {
        guard let tool = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("rsvg-convert is not installed (make deps-plot installs it); the SVG is checked as XML only")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("plot.svg"), png = dir.appendingPathComponent("plot.png")
        try SVGPlot.render(try DatasetFixtures.table()).write(to: svg, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-o", png.path, svg.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, message)
        XCTAssertTrue(message.isEmpty, "rsvg-convert warned: \(message)")
        let bytes = try Data(contentsOf: png)
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }
}
