import Foundation
import Probability
import XCTest
@testable import CellCert
#if canImport(Glibc)
import Glibc
#endif

/// Reliability of `cellcert verify --instances LIST --output FILE.jsonl`: runs
/// killed with SIGTERM and SIGKILL at seeded moments, then resumed, end with
/// every instance exactly once and the results of an uninterrupted run; a
/// second process on the same file is refused while the first holds it.
final class VerifyInstancesKillTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-verify-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The fixture list (32 instances, about a second in a debug build, so kills land mid-run), one thread.
    func arguments(list: String = "Fixtures/instances/instances.csv", output: String) -> [String] {
        ["verify", "--instances", list, "--threads", "1", "--output", output, "--resume"]
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

    /// The results of a finished file by instance, with the times set to 0 (the only values that differ between runs).
    func results(_ path: String) throws -> (results: [Int: InstanceResult], lines: Int) {
        let file = try InstanceLinesFile(path: path)
        XCTAssertFalse(file.droppedPartialLine, path)
        var results: [Int: InstanceResult] = [:]
        for var result in file.results {
            result.seconds = 0
            XCTAssertNil(results.updateValue(result, forKey: result.index), "instance \(result.index) once")
        }
        return (results, file.results.count)
    }

    func testKilledAndResumedRunsEndWithEveryInstanceOnceAndTheUninterruptedResults() throws {
        let reference = directory.appendingPathComponent("reference.jsonl").path
        let began = Date()
        let uninterrupted = try start(arguments(output: reference))
        uninterrupted.waitUntilExit()
        // Kill moments are drawn as fractions of this run's time, so they land mid-run on any machine.
        let runTime = Date().timeIntervalSince(began)
        XCTAssertEqual(uninterrupted.terminationStatus, 0)
        let expected = try results(reference)
        XCTAssertEqual(expected.lines, 32)
        XCTAssertEqual(Set(expected.results.values.map(\.result)), [.sat, .unsat], "both answers occur")

        var generator = SplitMix64(seed: 29)
        for round in 0..<2 {
            let output = directory.appendingPathComponent("killed-\(round).jsonl").path
            let outcome = try KillAndResume.run(
                output: output, runTime: runTime, generator: &generator, start: { try start(arguments(output: output)) },
                linesDone: { (try? InstanceLinesFile(path: output))?.results.count ?? 0 }, cutLine: "{\"index\":31,\"onnx\":\"../tr")
            outcome.assertExercised(round: round)
            let got = try results(output)
            XCTAssertEqual(got.lines, 32, "round \(round): every instance exactly once")
            XCTAssertEqual(got.results, expected.results, "round \(round): the results of the uninterrupted run")
        }
    }

    func testASecondProcessOnTheSameOutputIsRefused() throws {
        // The fixture list a hundred times over (absolute paths): minutes of work, so the first run is still writing.
        let folder = packageRoot.appendingPathComponent("Fixtures/instances").path
        let lines = try String(contentsOfFile: folder + "/instances.csv", encoding: .utf8).split(separator: "\n").map { line in
            line.split(separator: ",").enumerated().map { $0.offset < 2 ? folder + "/" + $0.element : String($0.element) }.joined(separator: ",")
        }
        let list = directory.appendingPathComponent("long.csv").path
        try (Array(repeating: lines.joined(separator: "\n"), count: 100).joined(separator: "\n") + "\n")
            .write(toFile: list, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("shared.jsonl").path
        let first = try start(arguments(list: list, output: output))
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
        try CommandLineRunner.assertOneLineError(arguments(list: list, output: output), mentions: [output, "locked"])
        XCTAssertTrue(first.isRunning, "the refused run did not disturb the first")
        kill(first.processIdentifier, SIGTERM)
        first.waitUntilExit()
        XCTAssertNoThrow(try InstanceLinesFile(path: output), "the first run's file is intact")
    }
}
