import Foundation
import XCTest

/// Runs the built `cellcert` executable from the package root, for end-to-end tests.
enum CommandLineRunner {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The built `cellcert` beside the test bundle, or an `XCTSkip`.
    static var executable: URL {
        get throws {
            var dir = Bundle(for: CommandLineTests.self).bundleURL
            for _ in 0..<3 {
                let candidate = dir.appendingPathComponent("cellcert")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                dir = dir.deletingLastPathComponent()
            }
            throw XCTSkip("the cellcert executable was not built next to the tests")
        }
    }

    /// `cellcert ARGUMENTS`, run to completion.
    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Asserts a failed run (status 1) with exactly one line on stderr containing every fragment, and nothing on stdout.
    static func assertOneLineError(_ arguments: [String], mentions fragments: [String],
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try run(arguments)
        XCTAssertEqual(result.status, 1, "exit status; stderr: \(result.stderr)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "stderr: \(result.stderr)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "'\(fragment)' missing from: \(result.stderr)", file: file, line: line)
        }
        XCTAssertTrue(result.stdout.isEmpty, "no partial report on stdout", file: file, line: line)
    }
}
