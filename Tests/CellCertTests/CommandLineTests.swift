import CellCert
import Foundation
import XCTest

/// The `cellcert` executable end to end: outputs, and one-line errors with a
/// non-zero exit status for every kind of bad input.
final class CommandLineTests: XCTestCase {
    func run(_ arguments: [String]) throws -> CommandLineRunner.Run { try CommandLineRunner.run(arguments) }

    func assertOneLineError(_ arguments: [String], mentions fragments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        try CommandLineRunner.assertOneLineError(arguments, mentions: fragments, file: file, line: line)
    }


    func temporaryFile(_ name: String, contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    let model = "Fixtures/example-net.json"

    func testCertifyJSONReportHasTheDocumentedShape() throws {
        let result = try run(["certify", model, "--inputs", "Fixtures/example-inputs.csv", "--label-column", "first",
                              "--index", "0", "--index", "3", "--facets", "--epsilon", "0.05", "--samples", "500", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let modelSummary = json["model"] as! [String: Any]
        XCTAssertEqual(modelSummary["faceBound"] as? Int, 34)
        XCTAssertEqual(modelSummary["layerSizes"] as? [Int], [4, 16, 16, 3])
        let results = json["results"] as! [[String: Any]]
        XCTAssertEqual(results.map { $0["index"] as? Int }, [0, 3])
        for r in results {
            let cell = r["cell"] as! [String: Any]
            let radius = cell["radius"] as! [String: Double]
            XCTAssertEqual(Set(radius.keys), ["l2", "linf", "l1"])
            XCTAssertGreaterThan(radius["l2"]!, 0)
            XCTAssertNotNil(r["label"] as? Int)
            let facets = cell["facets"] as! [String: Int]
            XCTAssertLessThanOrEqual(facets["count"]!, cell["hyperplanes"] as! Int)
            let bounds = (r["bounds"] as! [[String: Any]])[0]
            XCTAssertTrue(bounds["facets"] is Double)
            let mc = (r["monteCarlo"] as! [[String: Any]])[0]
            XCTAssertEqual(mc["samples"] as? Int, 500)
            XCTAssertLessThanOrEqual(bounds["exactCap"] as! Double, mc["upper"] as! Double)
            XCTAssertNotNil(r["thresholds"] as? [String: Any])
        }
    }

    func testFacetsAreNullWithoutTheFlag() throws {
        let result = try run(["certify", model, "--input", "5,0.1,0.4,150", "--format", "json", "--norm", "linf"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"facets\" : null"))
        XCTAssertTrue(result.stdout.contains("\"linf\""))
        XCTAssertFalse(result.stdout.contains("\"l1\""))
    }

    func testTextCSVAndMarkdownFormats() throws {
        for format in ["text", "csv", "markdown"] {
            let result = try run(["certify", model, "--inputs", "Fixtures/example-inputs.csv", "--label-column", "first",
                                  "--epsilon", "0.1", "--format", format])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("radius_l2"), format)
            XCTAssertTrue(result.stdout.contains("exactCap"), format)
        }
    }

    func testInfoAndBound() throws {
        let info = try run(["info", model])
        XCTAssertEqual(info.status, 0)
        XCTAssertTrue(info.stdout.contains("N (faces ≤):  34"))
        let bound = try run(["bound", "--dimension", "100", "--distance", "0.2", "--distance", "0.5", "--units", "50",
                             "--epsilon", "0.5", "--format", "csv"])
        XCTAssertEqual(bound.status, 0, bound.stderr)
        let row = bound.stdout.split(separator: "\n")[1].split(separator: ",")
        XCTAssertEqual(Double(row[6])!, max(0, 1 - 50 * exp(-100 * 0.04 / (2 * 0.25))), accuracy: 1e-6)  // Theorem 4.2
    }

    func testMissingModelFile() throws {
        try assertOneLineError(["certify", "no-such-net.nnet", "--input", "1,2"], mentions: ["no-such-net.nnet", "cellcert: error:"])
    }

    func testUnsupportedModelExtension() throws {
        let path = try temporaryFile("net.xyz", contents: "whatever")
        try assertOneLineError(["info", path], mentions: ["net.xyz", "unsupported"])
    }

    func testMalformedNNetNamesTheLine() throws {
        let path = try temporaryFile("bad.nnet", contents: "// comment\n2,2,1,2,\n2,2,1\n0,\n")
        try assertOneLineError(["info", path], mentions: ["bad.nnet:"])
    }

    func testMalformedJSONNamesTheKey() throws {
        let path = try temporaryFile("bad.json", contents: #"{"format": "cellcert-network", "version": 1, "decision": "argmax", "layers": [{"weights": [[1, 2]], "bias": "x"}]}"#)
        try assertOneLineError(["info", path], mentions: ["bad.json", "bias"])
    }

    func testWrongInputDimension() throws {
        try assertOneLineError(["certify", model, "--input", "1,2,3"], mentions: ["expected 4 values, found 3"])
        let csv = try temporaryFile("rows.csv", contents: "1,2,3,4,5\n1,2,3,4\n")
        try assertOneLineError(["certify", model, "--inputs", csv, "--label-column", "first"], mentions: ["rows.csv:2"])
    }

    func testNaNInputs() throws {
        try assertOneLineError(["certify", model, "--input", "1,nan,3,4"], mentions: ["--input"])
        let csv = try temporaryFile("nan.csv", contents: "1,2,3,4\n1,NaN,3,4\n")
        try assertOneLineError(["certify", model, "--inputs", csv], mentions: ["nan.csv:2"])
    }

    func testNaNWeights() throws {
        let path = try temporaryFile("nan.json", contents: #"{"format": "cellcert-network", "version": 1, "decision": "threshold", "layers": [{"weights": [[1, NaN]], "bias": [0]}]}"#)
        try assertOneLineError(["info", path], mentions: ["nan.json"])
    }

    func testEmptyNetwork() throws {
        let path = try temporaryFile("empty.json", contents: #"{"format": "cellcert-network", "version": 1, "decision": "argmax", "layers": []}"#)
        try assertOneLineError(["info", path], mentions: ["empty.json"])
    }

    func testIndexOutOfRange() throws {
        try assertOneLineError(["certify", model, "--inputs", "Fixtures/example-inputs.csv", "--label-column", "first", "--index", "99"],
                               mentions: ["99", "out of range"])
    }

    func testUsageErrorsExitNonZero() throws {
        let result = try run(["certify", model])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--inputs"), result.stderr)
        let samples = try run(["certify", model, "--input", "1,2,3,4", "--samples", "10"])
        XCTAssertNotEqual(samples.status, 0)
    }
}

/// Issue 14 §4: `cellcert --version` prints the tool's version and exits 0.
final class VersionCommandTests: XCTestCase {
    func testVersionPrintsTheToolVersion() throws {
        let run = try CommandLineRunner.run(["--version"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines), ToolVersion.string)
        XCTAssertTrue(ToolVersion.string.split(separator: ".").count == 3 && ToolVersion.string.split(separator: ".").allSatisfy { Int($0) != nil })
    }
}
