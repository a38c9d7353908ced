import Foundation
import Probability
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The kill-and-resume loop of the streaming tests (`table --output`,
/// `verify --instances --output`): a resumable run is started again and again
/// and killed (SIGTERM or SIGKILL) at seeded moments, until one run finishes;
/// on the second attempt a cut last line is appended first, as a kill in the
/// middle of a write leaves it.
enum KillAndResume {
    /// What the loop did, for the callers' non-vacuity checks.
    struct Outcome {
        var kills = 0
        /// Starts that found earlier lines in the output to keep.
        var resumedWithProgress = 0
        /// Cut last lines appended (1 when the loop worked as intended).
        var cutLines = 0

        /// The round really exercised the kill loop: some run was killed, some
        /// resume kept earlier lines, and the cut last line was redone.
        func assertExercised(round: Int, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertGreaterThan(kills, 0, "round \(round): some run was killed (not vacuous)", file: file, line: line)
            XCTAssertGreaterThan(resumedWithProgress, 0, "round \(round): some resume kept earlier lines", file: file, line: line)
            XCTAssertEqual(cutLines, 1, "round \(round): a cut last line was redone", file: file, line: line)
        }
    }

    /// Runs the loop on `output`.
    ///
    /// - Parameters:
    ///   - runTime: the time of an uninterrupted run; kills land at 10–80 % of it.
    ///   - start: starts one resuming run.
    ///   - linesDone: how many results the output file holds now (0 when there is none).
    ///   - cutLine: the start of a line, without its newline.
    static func run(output: String, runTime: Double, generator: inout SplitMix64, start: () throws -> Process,
                    linesDone: () -> Int, cutLine: String, file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        var outcome = Outcome()
        for attempt in 0..<40 {
            if linesDone() > 0 { outcome.resumedWithProgress += 1 }
            if attempt == 1, appendCutLine(cutLine, to: output) { outcome.cutLines += 1 }
            let process = try start()
            let delay = runTime * (0.1 + 0.7 * Double(generator.next() % 1000) / 1000)
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, generator.next() % 2 == 0 ? SIGTERM : SIGKILL)
                outcome.kills += 1
            }
            process.waitUntilExit()
            if process.terminationReason == .exit {
                XCTAssertEqual(process.terminationStatus, 0, "attempt \(attempt)", file: file, line: line)
                break
            }
        }
        if outcome.cutLines == 0, appendCutLine(cutLine, to: output) {
            // The run ended before a cut line was made: make one now and resume once more.
            outcome.cutLines += 1
            let process = try start()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, file: file, line: line)
        }
        return outcome
    }

    /// Appends `text` without a newline; `false` when there is no file yet.
    static func appendCutLine(_ text: String, to path: String) -> Bool {
        guard let handle = FileHandle(forWritingAtPath: path) else { return false }
        defer { handle.closeFile() }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        return true
    }
}
