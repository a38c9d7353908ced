import Foundation
import XCTest
@testable import CellCert

/// Issue 14 §2: `certify --norm linf --epsilon …` used to print `radius_l2 = inf` and
/// `suspicious = no` in text and CSV while the JSON said `suspicious: true`. The ℓ2
/// radius is computed whenever the bounds need it, and every format shows the same values.
final class ReportAgreementTests: XCTestCase {
    func testTextCSVAndJSONAgreeOnTheL2RadiusAndSuspiciousWithAnotherNorm() throws {
        let arguments = ["certify", "Fixtures/example-net.json", "--inputs", "Fixtures/example-inputs.csv",
                         "--label-column", "first", "--norm", "linf", "--epsilon", "0.05"]
        let json = try CommandLineRunner.run(arguments + ["--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let results = try XCTUnwrap(report["results"] as? [[String: Any]])
        var expected: [String: (radius: Double, suspicious: Bool)] = [:]
        for result in results {
            let radius = try XCTUnwrap((result["cell"] as? [String: Any])?["radius"] as? [String: Double])
            expected[String(try XCTUnwrap(result["index"] as? Int))] = (try XCTUnwrap(radius["l2"]),
                                                                         try XCTUnwrap(result["suspicious"] as? Bool))
        }
        XCTAssertTrue(expected.values.contains { $0.suspicious }, "not vacuous: some input is suspicious at ε = 0.05, some is not")
        XCTAssertTrue(expected.values.contains { !$0.suspicious })

        let csv = try CommandLineRunner.run(arguments + ["--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n").map(TableFormatAgreementTests.csvFields)
        let header = try XCTUnwrap(lines.first)
        let (index, radius, suspicious) = (header.firstIndex(of: "index")!, header.firstIndex(of: "radius_l2")!,
                                           header.firstIndex(of: "suspicious")!)
        XCTAssertEqual(lines.count - 1, expected.count)
        for row in lines.dropFirst() {
            let want = try XCTUnwrap(expected[row[index]])
            XCTAssertEqual(try XCTUnwrap(Double(row[radius])), want.radius, accuracy: 1e-6 * want.radius, row[index])
            XCTAssertEqual(row[suspicious], want.suspicious ? "yes" : "no", row[index])
        }

        let text = try CommandLineRunner.run(arguments)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertFalse(text.stdout.contains(" inf "), text.stdout)
        XCTAssertEqual(text.stdout.components(separatedBy: "  yes  ").count - 1, expected.values.filter(\.suspicious).count,
                       text.stdout)
    }
}

/// Issue 14 §3: text, CSV, Markdown, LaTeX and JSON of one `table` run agree on every value they share,
/// the new columns (binding, in-domain radii, R and its bounds, ε*, ε*/r) and the certified accuracy included.
final class TableFormatAgreementTests: XCTestCase {
    /// One table with every column group: domain, decision boundary, bounds and Monte Carlo.
    static func table() throws -> DatasetTable {
        let network = try DatasetFixtures.network()
        let inputs = try DatasetFixtures.inputs().filter { [0, 1, 4, 6, 7].contains($0.index) }
        let domain = InputBox(lower: [0, -3, 0, 100], upper: [10, 3, 1, 250])
        let request = CertificationRequest(
            norms: [.linf, .l2], domain: domain, boundary: DecisionBoundaryOptions(norm: .linf),
            robustness: RobustnessRequest(epsilons: [0.05, 0.2], monteCarlo: MonteCarloOptions(samples: 200, seed: 1)), threads: 2)
        return try DatasetTable.compute(network: network, model: .init(network: network, path: DatasetFixtures.modelPath, format: "json"),
                                        source: DatasetFixtures.inputsPath, inputs: inputs, request: request,
                                        domainSource: "0:10,-3:3,0:1,100:250")
    }

    /// RFC 4180 fields of one CSV line.
    static func csvFields(_ line: Substring) -> [String] {
        var fields: [String] = [], field = "", quoted = false, previous: Character? = nil
        for c in line {
            if c == "\"" {
                if quoted, previous == "\"" { field.append("\"") }
                quoted.toggle()
            } else if c == ",", !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
            previous = c
        }
        return fields + [field]
    }

    /// The cells of an aligned text table, cut at the columns of its rule line.
    static func textCells(_ lines: [Substring], ruleIndex: Int) -> [[String]] {
        let rule = Array(lines[ruleIndex])
        var spans: [Range<Int>] = []
        var start: Int? = nil
        for (k, c) in (rule + [" "]).enumerated() {
            if c == "-", start == nil { start = k }
            if c != "-", let s = start { spans.append(s..<k); start = nil }
        }
        var rows: [[String]] = []
        for (k, line) in lines.enumerated().dropFirst(ruleIndex - 1) where k != ruleIndex {
            if line.isEmpty { break }
            let chars = Array(line)
            rows.append(spans.map { span in
                String(chars[min(span.lowerBound, chars.count)..<min(span.upperBound, chars.count)]).trimmingCharacters(in: .whitespaces)
            })
        }
        return rows
    }

    /// A number as the renderers write it: `1.2340e-02`, `inf`, `$1.234\cdot 10^{-2}$`, `$\infty$`, `0.5 [0.4, 0.6]`.
    static func number(_ text: String) -> Double? {
        var t = text.replacingOccurrences(of: "$", with: "")
        for interval in [" [", " {\\scriptsize"] {
            if let start = t.range(of: interval) { t = String(t[..<start.lowerBound]) }
        }
        t = t.trimmingCharacters(in: .whitespaces)
        if t == "\\infty" || t == "inf" { return .infinity }
        if let dot = t.range(of: "\\cdot 10^") {
            let mantissa = Double(t[..<dot.lowerBound]), exponent = Double(t[dot.upperBound...].filter { $0 != "{" && $0 != "}" })
            return mantissa.flatMap { m in exponent.map { m * pow(10, $0) } }
        }
        return Double(t)
    }

    func assertSame(_ a: String, _ b: String, relative: Double, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        if let x = Self.number(a), let y = Self.number(b) {
            if x.isInfinite || y.isInfinite { XCTAssertEqual(x, y, message, file: file, line: line); return }
            XCTAssertEqual(x, y, accuracy: max(6e-5, relative * abs(x)), "\(message): \(a) vs \(b)", file: file, line: line)
        } else {
            XCTAssertEqual(a, b, message, file: file, line: line)
        }
    }

    func testEveryFormatOfOneRunAgreesOnTheValuesItShares() throws {
        let table = try Self.table()
        XCTAssertTrue(table.rows.contains { ($0.decisionBoundary?.distance ?? 0) > ($0.radius[.linf] ?? .infinity) },
                      "not vacuous: R exceeds the cell radius somewhere")

        // CSV: full precision, the reference for the other formats.
        let csvLines = table.csv().split(separator: "\n")
        let keys = Self.csvFields(csvLines[0])
        let csv = csvLines.dropFirst().map(Self.csvFields)
        XCTAssertEqual(csv.count, table.rows.count)
        for key in ["binding", "in_domain_linf", "in_domain_l2", "R_linf", "R_lower", "R_upper", "R_status", "witness_class",
                    "epsilon_star", "epsilon_star_over_r", "suspicious"] {
            XCTAssertTrue(keys.contains(key), "CSV lacks \(key)")
        }

        // Text: cut at the rule line under the header.
        let textLines = table.text().split(separator: "\n", omittingEmptySubsequences: false)
        let textRule = try XCTUnwrap(textLines.firstIndex { $0.hasPrefix("-----") })
        let text = Self.textCells(textLines, ruleIndex: textRule)
        let textKeys = text[0]
        XCTAssertEqual(text.count - 1, table.rows.count)

        // Markdown: the first table.
        let markdownLines = table.markdown().split(separator: "\n").filter { $0.hasPrefix("| ") }
        let markdown = markdownLines.prefix(table.rows.count + 1).map {
            $0.dropFirst(2).dropLast(2).components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        XCTAssertEqual(markdown[0], textKeys, "Markdown and text have the same columns")

        // LaTeX: the first tabular, whose columns are the text columns without the timing ones.
        let latexLines = table.latex().split(separator: "\n")
        let midrule = try XCTUnwrap(latexLines.firstIndex(of: "\\midrule"))
        let latex = latexLines[(midrule + 1)...].prefix(table.rows.count).map {
            $0.dropLast(3).components(separatedBy: " & ")
        }
        let latexKeys = textKeys.filter { $0 != "ms" && $0 != "R_ms" }
        XCTAssertEqual(latex[0].count, latexKeys.count)

        // JSON.
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [String: Any])
        let jsonRows = try XCTUnwrap(json["rows"] as? [[String: Any]])

        var compared = 0
        for (i, row) in csv.enumerated() {
            for (k, key) in keys.enumerated() where !key.hasPrefix("mc_") && key != "ms" && key != "R_ms" {
                let value = row[k]
                let textValue = text[i + 1][try XCTUnwrap(textKeys.firstIndex(of: key), key)]
                assertSame(value, textValue, relative: 6e-5, "text \(key) row \(i)")
                XCTAssertEqual(markdown[i + 1][textKeys.firstIndex(of: key)!], textValue, "Markdown \(key) row \(i)")
                assertSame(TableRendering.latexEscaped(value), latex[i][latexKeys.firstIndex(of: key)!], relative: 6e-4,
                           "LaTeX \(key) row \(i)")
                compared += 1
            }
            let r = jsonRows[i]
            let boundary = try XCTUnwrap(r["decisionBoundary"] as? [String: Any])
            let pairs: [(String, Any?)] = [
                ("radius_linf", (r["radius"] as? [String: Any])?["linf"]), ("in_domain_l2", (r["radiusInDomain"] as? [String: Any])?["l2"]),
                ("R_linf", boundary["distance"]), ("R_lower", boundary["lower"]), ("R_upper", boundary["upper"]),
                ("R_status", boundary["status"]), ("witness_class", boundary["witnessClass"]),
                ("epsilon_star", r["epsilonStar"]), ("epsilon_star_over_r", r["epsilonStarOverRadius"])]
            for (key, value) in pairs {
                let csvValue = row[keys.firstIndex(of: key)!]
                switch value {
                // Foundation's JSON parser on Linux may round the 17th digit: allow a few ulps.
                case let v as Double: XCTAssertEqual(Double(csvValue) ?? -1, v, accuracy: 4 * v.ulp, "JSON \(key) row \(i)")
                case let v as Int: XCTAssertEqual(csvValue, String(v), "JSON \(key) row \(i)")
                case let v as String: XCTAssertEqual(csvValue, v, "JSON \(key) row \(i)")
                default: XCTAssertEqual(csvValue, "inf", "JSON null is an infinite \(key), row \(i)")
                }
            }
            let binding = try XCTUnwrap(r["binding"] as? [String: Any])
            XCTAssertEqual(row[keys.firstIndex(of: "binding")!],
                           binding["kind"] as? String == "hidden"
                               ? "layer \((binding["layer"] as! Int) + 1), unit \(binding["unit"] as! Int)"
                               : "output vs class \(binding["unit"] as! Int)")
        }
        XCTAssertGreaterThan(compared, 100)

        // The certified-accuracy summary: JSON against text, Markdown and LaTeX.
        let entries = try XCTUnwrap((json["summary"] as? [String: Any])?["certifiedAccuracy"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 4)
        let accuracyStart = try XCTUnwrap(textLines.firstIndex { $0.hasPrefix("certified accuracy at each ε") })
        let accuracy = Self.textCells(textLines, ruleIndex: accuracyStart + 2)
        XCTAssertEqual(accuracy[0], ["epsilon", "norm", "cell_radius", "in_domain", "R", "R_upper"])
        // The ε summary table also starts its rows with ε; the certified accuracy is the last table.
        let markdownAccuracy = Array(markdownLines.filter { $0.hasPrefix("| 0.05 | ") || $0.hasPrefix("| 0.2 | ") }.suffix(4))
        let latexAccuracy = latexLines.filter { $0.hasPrefix("0.05 & $\\ell") || $0.hasPrefix("0.2 & $\\ell") }
        XCTAssertEqual(markdownAccuracy.count, 4)
        XCTAssertEqual(latexAccuracy.count, 4)
        for (k, entry) in entries.enumerated() {
            let textRow = accuracy[k + 1]
            XCTAssertEqual(textRow[1], entry["norm"] as? String)
            let markdownRow = markdownAccuracy[k].dropFirst(2).dropLast(2).components(separatedBy: " | ")
            let latexRow = latexAccuracy[k].dropLast(3).components(separatedBy: " & ")
            for (column, key) in [(2, "cellRadius"), (3, "domainRadius"), (4, "boundary"), (5, "boundaryUpper")] {
                if let v = entry[key] as? Double {
                    XCTAssertEqual(Double(textRow[column]) ?? -1, v, accuracy: 5e-5, "text \(key) \(k)")
                    XCTAssertEqual(Double(markdownRow[column]) ?? -1, v, accuracy: 5e-5, "Markdown \(key) \(k)")
                    XCTAssertEqual(Double(latexRow[column]) ?? -1, v, accuracy: 5e-5, "LaTeX \(key) \(k)")
                } else {
                    XCTAssertEqual(textRow[column], "", "text \(key) \(k) is empty where JSON is null")
                    XCTAssertEqual(latexRow[column], "", "LaTeX \(key) \(k)")
                }
            }
        }
    }
}
