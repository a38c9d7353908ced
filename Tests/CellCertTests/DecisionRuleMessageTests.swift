import CellCert
import Foundation
import XCTest

/// Issue 14 §2: a model file that does not record its decision rule gets a note
/// naming the rule used, and labelled inputs that the other rule classifies far
/// better get a warning naming the option.
final class DecisionRuleMessageTests: XCTestCase {
    func testUnrecordedRuleIsNamedAndAWrongRuleIsCaughtByTheLabels() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-rule-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // o = (x, −x): class 0 is the largest output for x > 0 (argmax).
        let network = try Network(layers: [DenseLayer(weights: Matrix(rowArrays: [[1], [-1]]), bias: [0, 0])], decision: .argmax)
        let recorded = folder.appendingPathComponent("recorded.nnet")
        try NNetFormat.write(network, to: recorded)
        let text = try String(contentsOf: recorded, encoding: .utf8)
        let bare = folder.appendingPathComponent("bare.nnet")
        try text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains(NNetFormat.decisionCommentPrefix) }.joined(separator: "\n")
            .write(to: bare, atomically: true, encoding: .utf8)
        let data = folder.appendingPathComponent("labelled.csv")
        try (1...8).map { "0,\($0)" }.joined(separator: "\n").write(to: data, atomically: true, encoding: .utf8)

        let plain = try CommandLineRunner.run(["certify", bare.path, "--input", "0.5"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("does not record its decision rule; using argmin"), plain.stderr)

        let wrong = try CommandLineRunner.run(["certify", bare.path, "--inputs", data.path, "--label-column", "first"])
        XCTAssertEqual(wrong.status, 0, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("0 of 8 labelled inputs"), wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("give --decision argmax"), wrong.stderr)

        // The rule recorded by `convert`/`write`, or given as an option: no note, no warning.
        for arguments in [[recorded.path], [bare.path, "--decision", "argmax"]] {
            let run = try CommandLineRunner.run(["certify"] + arguments + ["--inputs", data.path, "--label-column", "first"])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertFalse(run.stderr.contains("decision"), run.stderr)
        }
    }
}
