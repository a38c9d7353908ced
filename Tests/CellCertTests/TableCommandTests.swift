import Foundation
import XCTest
@testable import CellCert

/// `cellcert table` end to end on the bundled example, the new input formats
/// and selections (also through `certify`), and one-line errors.
final class TableCommandTests: XCTestCase {
    func run(_ arguments: [String]) throws -> CommandLineRunner.Run { try CommandLineRunner.run(arguments) }

    func assertOneLineError(_ arguments: [String], mentions fragments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        try CommandLineRunner.assertOneLineError(arguments, mentions: fragments, file: file, line: line)
    }

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    let model = DatasetFixtures.modelPath
    let csv = DatasetFixtures.inputsPath

    func testJSONTableWithRangeAndPlot() throws {
        let plot = directory.appendingPathComponent("t.svg").path
        let result = try run(["table", model, "--inputs", csv, "--label-column", "first", "--range", "2..6", "--norm", "l2",
                              "--epsilon", "0.05", "--samples", "100", "--threads", "2", "--format", "json", "--plot", plot])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let rows = json["rows"] as! [[String: Any]]
        XCTAssertEqual(rows.map { $0["index"] as? Int }, [2, 3, 4, 5])
        XCTAssertEqual((json["summary"] as! [String: Any])["correct"] as? Int, 4)
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertTrue(svg.contains("class=\"mc-estimate\""))
    }

    func testNPYAndIDXInputsGiveTheCSVTable() throws {
        let data = try InputDataset.load(path: packageRoot.appendingPathComponent(csv).path, labelColumn: .first, dimension: 4)
        let npy = directory.appendingPathComponent("x.npy").path, labels = directory.appendingPathComponent("y.npy").path
        try NPYFormat.write(shape: [10, 4], values: data.inputs.flatMap { $0 }, as: .float64, to: URL(fileURLWithPath: npy))
        try NPYFormat.write(shape: [10], values: data.labels!.map(Double.init), as: .int64, to: URL(fileURLWithPath: labels))
        let idxLabels = directory.appendingPathComponent("y-idx1-ubyte").path
        try IDXFormat.write(shape: [10], values: data.labels!.map(Double.init), as: .uint8, to: URL(fileURLWithPath: idxLabels))
        let common = ["--limit", "4", "--format", "csv", "--norm", "l2", "--epsilon", "0.05"]
        let fromCSV = try run(["table", model, "--inputs", csv, "--label-column", "first"] + common)
        let fromNPY = try run(["table", model, "--inputs", npy, "--labels", labels] + common)
        let fromIDXLabels = try run(["table", model, "--inputs", npy, "--labels", idxLabels] + common)
        for result in [fromCSV, fromNPY, fromIDXLabels] { XCTAssertEqual(result.status, 0, result.stderr) }
        func withoutTimes(_ text: String) -> [String] {
            text.split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }
        }
        XCTAssertEqual(withoutTimes(fromCSV.stdout).count, 5)
        XCTAssertEqual(withoutTimes(fromNPY.stdout), withoutTimes(fromCSV.stdout))
        XCTAssertEqual(withoutTimes(fromIDXLabels.stdout), withoutTimes(fromCSV.stdout))
        // certify reads the same files and selections.
        let certify = try run(["certify", model, "--inputs", npy, "--labels", labels, "--range", "8..", "--format", "json"])
        XCTAssertEqual(certify.status, 0, certify.stderr)
        let results = (try JSONSerialization.jsonObject(with: Data(certify.stdout.utf8)) as! [String: Any])["results"] as! [[String: Any]]
        XCTAssertEqual(results.map { $0["index"] as? Int }, [8, 9])
        XCTAssertEqual(results.map { $0["label"] as? Int }, [data.labels![8], data.labels![9]])
    }

    func testLaTeXAndMarkdownToAFile() throws {
        let out = directory.appendingPathComponent("t.tex").path
        let result = try run(["table", model, "--inputs", csv, "--label-column", "first", "--index", "0", "--index", "9",
                              "--format", "latex", "--output", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.isEmpty)
        let tex = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(tex.contains("\\begin{tabular}"))
        let markdown = try run(["table", model, "--inputs", csv, "--label-column", "first", "--limit", "3", "--format", "markdown"])
        XCTAssertEqual(markdown.status, 0, markdown.stderr)
        let rowLines = markdown.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.dropFirst(2).first?.isNumber == true }
        XCTAssertEqual(rowLines.count, 3, markdown.stdout)
    }


    func testOneLineErrors() throws {
        let nan = directory.appendingPathComponent("nan.npy").path
        var values = [Double](repeating: 0.5, count: 8)
        values[6] = .nan
        let bytes = try NPYFormat.serialize(shape: [2, 4], values: values.map { $0.isNaN ? 0 : $0 }, as: .float64)
        var raw = [UInt8](bytes)
        withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { raw.replaceSubrange((128 + 48)..<(128 + 56), with: $0) }
        try Data(raw).write(to: URL(fileURLWithPath: nan))
        try assertOneLineError(["table", model, "--inputs", nan], mentions: ["nan.npy: byte 176: input 1, value 2: nan is not a finite number"])

        let wide = directory.appendingPathComponent("wide.npy").path
        try NPYFormat.write(shape: [2, 5], values: Array(repeating: 1, count: 10), as: .float32, to: URL(fileURLWithPath: wide))
        try assertOneLineError(["table", model, "--inputs", wide],
                               mentions: ["wide.npy: header field 'shape': each input has 5 values (shape (2, 5)), the model takes 4"])

        let fortran = directory.appendingPathComponent("f.npy").path
        try NPYFormatTests.rawNPY(header: "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 4), }", payload: Array(repeating: 0, count: 32))
            .write(to: URL(fileURLWithPath: fortran))
        try assertOneLineError(["table", model, "--inputs", fortran], mentions: ["f.npy: header field 'fortran_order': Fortran-order"])

        try assertOneLineError(["table", model, "--inputs", csv, "--label-column", "first", "--range", "5..20"],
                               mentions: ["example-inputs.csv: the range 5..20 goes past the last input (10 inputs, indices 0…9)"])
        let shortLabels = directory.appendingPathComponent("y.npy").path
        try NPYFormat.write(shape: [3], values: [0, 1, 2], as: .int64, to: URL(fileURLWithPath: shortLabels))
        let ten = directory.appendingPathComponent("ten.npy").path
        try NPYFormat.write(shape: [10, 4], values: Array(repeating: 0.5, count: 40), as: .float32, to: URL(fileURLWithPath: ten))
        try assertOneLineError(["table", model, "--inputs", ten, "--labels", shortLabels], mentions: ["y.npy: header field 'shape': 3 labels for 10 inputs"])
    }

    func testUsageErrors() throws {
        for arguments in [["table", model, "--inputs", csv, "--plot", "x.png"],
                          ["table", model, "--inputs", csv, "--range", "3"],
                          ["table", model, "--inputs", csv, "--range", "1..2", "--index", "0"],
                          ["table", model, "--inputs", csv, "--label-column", "first", "--labels", "y.npy"],
                          ["table", model, "--input", "1,2,3,4", "--limit", "2"]] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stdout.isEmpty)
        }
    }
}
