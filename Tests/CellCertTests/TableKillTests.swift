import Foundation
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
            var kills = 0, resumedWithProgress = 0, cutLines = 0
            for attempt in 0..<40 {
                let before = (try? TableLinesFile(path: output))?.rows.count ?? 0
                if before > 0 { resumedWithProgress += 1 }
                if attempt == 1, try appendCutLine(to: output) { cutLines += 1 }
                let process = try start(arguments(output: output))
                let delay = runTime * (0.1 + 0.7 * Double(generator.next() % 1000) / 1000)
                Thread.sleep(forTimeInterval: delay)
                if process.isRunning {
                    kill(process.processIdentifier, generator.next() % 2 == 0 ? SIGTERM : SIGKILL)
                    kills += 1
                }
                process.waitUntilExit()
                if process.terminationReason == .exit {
                    XCTAssertEqual(process.terminationStatus, 0, "round \(round), attempt \(attempt)")
                    break
                }
            }
            if cutLines == 0, try appendCutLine(to: output) {
                // The run ended before a cut line was made: make one now and resume once more.
                cutLines += 1
                let process = try start(arguments(output: output))
                process.waitUntilExit()
                XCTAssertEqual(process.terminationStatus, 0)
            }
            XCTAssertGreaterThan(kills, 0, "round \(round): some run was killed (not vacuous)")
            XCTAssertGreaterThan(resumedWithProgress, 0, "round \(round): some resume kept earlier lines")
            XCTAssertEqual(cutLines, 1, "round \(round): a cut last line was redone")
            let got = try rows(output)
            XCTAssertEqual(got.lines, 50, "round \(round): every input exactly once")
            XCTAssertEqual(got.rows, expected.rows, "round \(round): the values of the uninterrupted run")
        }
    }

    /// Appends the start of a line without its newline, as a kill in the middle
    /// of a write leaves it; `false` when there is no file yet.
    func appendCutLine(to path: String) throws -> Bool {
        guard let handle = FileHandle(forWritingAtPath: path) else { return false }
        defer { handle.closeFile() }
        handle.seekToEndOfFile()
        handle.write(Data("{\"input\":49,\"row\":{\"bin".utf8))
        return true
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

/// A small seeded generator for the kill moments (SplitMix64).
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
