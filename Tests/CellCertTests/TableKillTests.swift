import Foundation
import Probability
import XCTest
@testable import CellCert
#if canImport(Glibc)
import Glibc
#endif

/// Reliability of `cellcert table --output FILE.jsonl`: runs killed with
/// SIGTERM and SIGKILL at seeded moments, then resumed, end with every input
/// exactly once and the values of an uninterrupted run; a second process on
/// the same file is refused while the first holds it.
final class TableKillTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// 50 digits, one thread, Monte Carlo: about a second in a debug build, so kills land mid-run.
    func arguments(output: String) -> [String] {
        ["table", "Fixtures/trained/digits.json", "--inputs", "Fixtures/trained/digits_test.csv", "--label-column", "first",
         "--epsilon", "0.5", "--samples", "400", "--threads", "1", "--output", output, "--resume"]
    }

    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try CommandLineRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The rows of a finished file by input, with the times set to 0 (the only values that differ between runs).
    func rows(_ path: String) throws -> (rows: [Int: DatasetTable.Row], lines: Int) {
        let file = try TableLinesFile(path: path)
        XCTAssertFalse(file.droppedPartialLine, path)
        var rows: [Int: DatasetTable.Row] = [:]
        for var row in file.rows {
            row.milliseconds = 0
            XCTAssertNil(rows.updateValue(row, forKey: row.index), "input \(row.index) once")
        }
        return (rows, file.rows.count)
    }

    func testKilledAndResumedRunsEndWithEveryInputOnceAndTheUninterruptedValues() throws {
        let reference = directory.appendingPathComponent("reference.jsonl").path
        let began = Date()
        let uninterrupted = try start(arguments(output: reference))
        uninterrupted.waitUntilExit()
        // Kill moments are drawn as fractions of this run's time, so they land mid-run on any machine.
        let runTime = Date().timeIntervalSince(began)
        XCTAssertEqual(uninterrupted.terminationStatus, 0)
        let expected = try rows(reference)
        XCTAssertEqual(expected.lines, 50)

        var generator = SplitMix64(seed: 17)
        for round in 0..<2 {
            let output = directory.appendingPathComponent("killed-\(round).jsonl").path
            let outcome = try KillAndResume.run(
                output: output, runTime: runTime, generator: &generator, start: { try start(arguments(output: output)) },
                linesDone: { (try? TableLinesFile(path: output))?.rows.count ?? 0 }, cutLine: "{\"input\":49,\"row\":{\"bin")
            outcome.assertExercised(round: round)
            let got = try rows(output)
            XCTAssertEqual(got.lines, 50, "round \(round): every input exactly once")
            XCTAssertEqual(got.rows, expected.rows, "round \(round): the values of the uninterrupted run")
        }
    }

    func testASecondProcessOnTheSameOutputIsRefused() throws {
        let output = directory.appendingPathComponent("shared.jsonl").path
        let first = try start(arguments(output: output).map { $0 == "400" ? "20000" : $0 })
        defer {
            if first.isRunning { kill(first.processIdentifier, SIGKILL) }
            first.waitUntilExit()
        }
        // Wait for the first to hold the file (its header is written under the lock).
        let deadline = Date().addingTimeInterval(20)
        while (try? Data(contentsOf: URL(fileURLWithPath: output)))?.isEmpty ?? true, Date() < deadline, first.isRunning {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertTrue(first.isRunning, "the first run is still writing")
        try CommandLineRunner.assertOneLineError(arguments(output: output), mentions: [output, "locked"])
        XCTAssertTrue(first.isRunning, "the refused run did not disturb the first")
        kill(first.processIdentifier, SIGTERM)
        first.waitUntilExit()
        XCTAssertNoThrow(try TableLinesFile(path: output), "the first run's file is intact")
    }
}
