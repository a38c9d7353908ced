import Foundation
import XCTest
@testable import CellCert

/// `cellcert table --output FILE.jsonl`, `--resume`, `--shard` and `cellcert
/// merge` end to end: sharded and merged tables equal the unsharded one, and
/// the errors for foreign files are one line naming the file.
final class TableStreamCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A table with every kind of column: labels, three norms, the domain, R, bounds and Monte Carlo.
    let common = ["table", DatasetFixtures.modelPath, "--inputs", DatasetFixtures.inputsPath, "--label-column", "first",
                  "--boundary", "--max-cells", "20", "--norm", "linf", "--norm", "l2", "--epsilon", "0.02", "--epsilon", "0.05", "--samples", "200",
                  "--threads", "2"]

    func runOK(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try CommandLineRunner.run(arguments)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result.stdout
    }

    /// The text without the per-input times: the `ms`, `R_ms` columns and the `time:` line.
    func withoutTimes(_ text: String, separator: Character) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let headerLine = lines.firstIndex(where: { $0.contains("index") && $0.contains("predicted") }) else { return text }
        let headers = cells(lines[headerLine], separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }
        let timing = Set(headers.indices.filter { ["ms", "R_ms"].contains(headers[$0]) })
        XCTAssertEqual(timing.count, 2, "both timing columns found in \(headers)")
        return lines.filter { !$0.contains("time: ") }.map { line in
            let fields = cells(line, separator: separator)
            guard fields.count == headers.count else { return line }
            return fields.indices.filter { !timing.contains($0) }.map { fields[$0] }.joined(separator: String(separator))
        }.joined(separator: "\n")
    }

    /// The fields of one line, a separator inside double quotes (CSV) kept in its field.
    func cells(_ line: String, separator: Character) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == separator, !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        return fields + [current]
    }

    func testFourMergedShardsRenderTheUnshardedTable() throws {
        _ = try runOK(common + ["--output", path("all.jsonl")])
        for k in 1...4 { _ = try runOK(common + ["--output", path("shard-\(k).jsonl"), "--shard", "\(k)/4", "--resume"]) }
        let shards = (1...4).reversed().map { path("shard-\($0).jsonl") }
        for format in ["markdown", "csv"] {
            let separator: Character = format == "csv" ? "," : "|"
            let direct = try runOK(common + ["--format", format])
            let one = try runOK(["merge", path("all.jsonl"), "--format", format])
            let four = try runOK(["merge"] + shards + ["--format", format])
            XCTAssertTrue(direct.contains("witness") || direct.contains("R_"), "the boundary columns are there")
            XCTAssertEqual(withoutTimes(one, separator: separator), withoutTimes(four, separator: separator), format)
            XCTAssertEqual(withoutTimes(direct, separator: separator), withoutTimes(four, separator: separator), format)
            XCTAssertNotEqual(four, "", format)
        }
        let lines = try String(contentsOfFile: path("shard-2.jsonl"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1 + 3, "shard 2/4 of 10 inputs: rows 1, 5, 9")
        let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        XCTAssertEqual(header["format"] as? String, "cellcert-table-lines")
        XCTAssertEqual(header["version"] as? Int, 1)
        XCTAssertEqual(header["inputCount"] as? Int, 3)
        let options = header["options"] as! [String: Any]
        XCTAssertEqual(options["tool"] as? String, ToolVersion.string)
        XCTAssertEqual((options["modelSHA256"] as? String)?.count, 64)
        XCTAssertEqual(options["selection"] as? [Int], Array(0..<10))
    }

    func testResumeRefusesAnotherModelOrOptionsAndMergeReportsMissingInputs() throws {
        let file = path("r.jsonl")
        _ = try runOK(common + ["--output", file, "--shard", "1/2"])
        try CommandLineRunner.assertOneLineError(common + ["--output", file, "--shard", "1/2"], mentions: [file, "--resume"])
        var other = common
        other[other.firstIndex(of: "0.05")!] = "0.06"
        try CommandLineRunner.assertOneLineError(other + ["--output", file, "--shard", "1/2", "--resume"],
                                                 mentions: [file, "other options", "epsilons"])
        try CommandLineRunner.assertOneLineError(common + ["--output", file, "--shard", "2/2", "--resume"], mentions: [file, "1/2"])
        var otherModel = common
        otherModel[1] = "Fixtures/example-net.nnet"
        try CommandLineRunner.assertOneLineError(otherModel + ["--output", file, "--shard", "1/2", "--resume"],
                                                 mentions: [file, "another model"])
        try CommandLineRunner.assertOneLineError(["merge", file], mentions: ["shard 2/2 missing"])
        // Shard 2 cut after its header: merge names the inputs that are not done.
        _ = try runOK(common + ["--output", path("s2.jsonl"), "--shard", "2/2"])
        let s2 = try String(contentsOfFile: path("s2.jsonl"), encoding: .utf8)
        try (s2.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n").write(toFile: path("s2.jsonl"), atomically: true, encoding: .utf8)
        try CommandLineRunner.assertOneLineError(["merge", file, path("s2.jsonl")],
                                                 mentions: ["4 of 10 inputs are not done", path("s2.jsonl")])
        try "not json\n".write(toFile: path("bad.jsonl"), atomically: true, encoding: .utf8)
        try CommandLineRunner.assertOneLineError(["merge", path("bad.jsonl")], mentions: [path("bad.jsonl"), "line 1"])
        try CommandLineRunner.assertOneLineError(common + ["--output", path("bad.jsonl"), "--resume"], mentions: [path("bad.jsonl"), "line 1"])
    }
}
