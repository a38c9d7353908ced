import Foundation
import XCTest

/// Issue 13: no command loses its output silently. Standard output that is
/// full, closed or a broken pipe is an error; `--output`, `--plot` and
/// `convert`'s `OUT` are written atomically, only over regular files, and a
/// failed report leaves no plot behind.
final class HostileCommandLineOutputTests: XCTestCase {
    let model = "Fixtures/example-net.json"
    let input = ["--input", "5,0.1,0.4,150"]
    let inputs = ["--inputs", "Fixtures/example-inputs.csv", "--label-column", "first", "--limit", "2"]
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-hostile-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// One quick run of every command, each writing to standard output.
    func everyCommand() throws -> [[String]] {
        let property = path("box.vnnlib")
        try HostileCommandLine.exampleProperty.write(toFile: property, atomically: true, encoding: .utf8)
        return [
            ["info", model],
            ["certify", model] + input,
            ["table", model] + inputs,
            ["verify", model, property],
            ["bound", "--dimension", "3", "--distance", "1", "--epsilon", "1"],
            ["sweep", "--sweep", "dimension", "--dimensions", "4", "--hidden", "3", "--trials", "1", "--samples", "10"],
            ["convert", model, path("copy.nnet")],
            ["certify", "--help"],
        ]
    }

    func testEveryCommandFailsInOneLineWhenStandardOutputIsFull() throws {
        for arguments in try everyCommand() {
            let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
            let result = try HostileCommandLine.run(arguments, standardOutput: full)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)")
            HostileCommandLine.assertOneLine(result.stderr, mentions: ["standard output", "No space left on device"], arguments: arguments)
        }
    }

    func testAClosedStandardOutputIsAnErrorNotASilentSuccess() throws {
        for arguments in try everyCommand() {
            let result = try HostileCommandLine.run(arguments, closingStandardOutput: true)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)")
            HostileCommandLine.assertOneLine(result.stderr, mentions: ["standard output", "closed"], arguments: arguments)
        }
    }

    func testABrokenPipeOnStandardOutputIsAnErrorNotAKill() throws {
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let result = try HostileCommandLine.run(["info", model], standardOutput: pipe)
        XCTAssertEqual(result.status, 1, result.stderr)
        HostileCommandLine.assertOneLine(result.stderr, mentions: ["standard output", "Broken pipe"], arguments: ["info"])
    }

    func testAnErrorWithStandardErrorFullStillExitsWithStatusOne() throws {
        let process = Process()
        process.executableURL = try CommandLineRunner.executable
        process.arguments = ["info", "no-such-net.json"]
        process.currentDirectoryURL = packageRoot
        process.standardError = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "killed by a signal")
        XCTAssertEqual(process.terminationStatus, 1)
    }

    func testOutputRefusesADirectoryAndSaysSo() throws {
        let folder = path("folder"), plots = path("plots.svg")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: plots, withIntermediateDirectories: true)
        let property = path("box.vnnlib")
        try HostileCommandLine.exampleProperty.write(toFile: property, atomically: true, encoding: .utf8)
        for arguments in [["certify", model] + input + ["--output", folder],
                          ["table", model] + inputs + ["--output", folder],
                          ["table", model] + inputs + ["--plot", plots],
                          ["verify", model, property, "--output", folder],
                          ["convert", model, folder]] {
            try HostileCommandLine.assertRefused(arguments, status: 1, mentions: ["is a directory"])
        }
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    /// Through a symbolic link, so that a regression replaces the link, never `/dev/null` itself.
    func testOutputRefusesADeviceAndLeavesItADevice() throws {
        let link = path("null-link"), svgLink = path("null-link.svg")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        try FileManager.default.createSymbolicLink(atPath: svgLink, withDestinationPath: "/dev/null")
        for arguments in [["certify", model] + input + ["--output", link],
                          ["table", model] + inputs + ["--plot", svgLink],
                          ["convert", model, link]] {
            try HostileCommandLine.assertRefused(arguments, status: 1, mentions: ["is a device, not a regular file"])
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeCharacterSpecial)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "/dev/null")
    }

    func testOutputRefusesAFIFOInsteadOfBlockingOnIt() throws {
        let fifo = path("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        try HostileCommandLine.assertRefused(["certify", model] + input + ["--output", fifo], status: 1,
                                             mentions: ["is a FIFO (named pipe), not a regular file"])
    }

    func testOutputInAMissingFolderNamesTheFolderBeforeAnyWork() throws {
        let missing = path("no-such-folder/report.txt")
        try HostileCommandLine.assertRefused(["certify", model] + input + ["--output", missing], status: 1,
                                             mentions: ["no-such-folder does not exist"])
        try HostileCommandLine.assertRefused(["table", model] + inputs + ["--output", path("x/t.txt"), "--plot", path("p.svg")],
                                             status: 1, mentions: ["does not exist"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("p.svg")))
    }

    func testAReportThatCannotBeWrittenLeavesNoPlotBehind() throws {
        let plot = path("radii.svg")
        let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        let result = try HostileCommandLine.run(["table", model] + inputs + ["--plot", plot], standardOutput: full)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: plot), "the plot of a lost report")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [], "no temporary file left")
        // An old plot is left as it was.
        try "old".write(toFile: plot, atomically: true, encoding: .utf8)
        let again = try HostileCommandLine.run(["table", model] + inputs + ["--plot", plot],
                                               standardOutput: try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full")))
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(try String(contentsOfFile: plot, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["radii.svg"])
    }

    func testOutputReplacesARegularFileAtomicallyKeepingItsPermissions() throws {
        let report = path("report.csv"), plot = path("radii.svg")
        try "old report".write(toFile: report, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(report, 0o640), 0)
        let result = try CommandLineRunner.run(["table", model] + inputs + ["--format", "csv", "--output", report, "--plot", plot])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.isEmpty)
        XCTAssertTrue(try String(contentsOfFile: report, encoding: .utf8).hasPrefix("index,"))
        XCTAssertTrue(try String(contentsOfFile: plot, encoding: .utf8).contains("<svg"))
        let permissions = try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o640)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)), ["report.csv", "radii.svg"])
    }

    func testNoOutputMayReplaceTheModelTheInputsOrAnotherOutput() throws {
        let copy = path("net.json"), data = path("inputs.csv")
        try FileManager.default.copyItem(atPath: HostileCommandLine.packageFile(model), toPath: copy)
        try FileManager.default.copyItem(atPath: HostileCommandLine.packageFile("Fixtures/example-inputs.csv"), toPath: data)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        try HostileCommandLine.assertRefused(["certify", copy] + input + ["--output", copy], status: 1, mentions: ["is the model file"])
        try HostileCommandLine.assertRefused(["table", copy, "--inputs", data, "--label-column", "first", "--output", data],
                                             status: 1, mentions: ["is the inputs file"])
        try HostileCommandLine.assertRefused(["table", copy] + inputs + ["--output", path("same.svg"), "--plot", path("same.svg")],
                                             status: 1, mentions: ["--output and --plot name the same file"])
        try HostileCommandLine.assertRefused(["convert", copy, copy], status: 1, mentions: ["is the model file"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: copy)), before)
    }
}

/// Running `cellcert` with hostile standard output, and one-line refusals.
enum HostileCommandLine {
    /// A VNN-LIB property of the example network (4 inputs in [0, 1], 3 outputs): sat at once.
    static let exampleProperty = (0..<4).map { "(declare-const X_\($0) Real)\n" }.joined()
        + (0..<3).map { "(declare-const Y_\($0) Real)\n" }.joined()
        + (0..<4).map { "(assert (<= X_\($0) 1))\n(assert (>= X_\($0) 0))\n" }.joined()
        + "(assert (>= Y_0 Y_1))\n"

    /// `path` inside the package.
    static func packageFile(_ path: String) -> String { packageRoot.appendingPathComponent(path).path }

    /// `cellcert ARGUMENTS` with standard output sent to `standardOutput`
    /// (a `FileHandle` or `Pipe`; by default a pipe that is read), or closed.
    static func run(_ arguments: [String], standardOutput: Any? = nil, closingStandardOutput: Bool = false) throws -> CommandLineRunner.Run {
        let process = Process()
        let executable = try CommandLineRunner.executable
        if closingStandardOutput {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\" >&-", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = standardOutput ?? out
        process.standardError = err
        try process.run()
        let stdout = standardOutput == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "\(arguments): killed by a signal, not an exit")
        return CommandLineRunner.Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                     stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Asserts that `stderr` is one line `cellcert: error: …` holding every
    /// fragment, without the internals of Foundation, Swift or the parser's usage.
    static func assertOneLine(_ stderr: String, mentions fragments: [String], arguments: [String],
                              file: StaticString = #filePath, line: UInt = #line) {
        let lines = stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "\(arguments): \(stderr)", file: file, line: line)
        XCTAssertTrue(stderr.hasPrefix("cellcert: error: "), "\(arguments): \(stderr)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(stderr.contains(fragment), "\(arguments): '\(fragment)' missing from: \(stderr)", file: file, line: line)
        }
        for leak in ["NSCocoaErrorDomain", "Error Domain", "EncodingError", "Usage:", "Fatal error", "Swift."] {
            XCTAssertFalse(stderr.contains(leak), "\(arguments): '\(leak)' in: \(stderr)", file: file, line: line)
        }
    }

    /// Asserts a refused run: exit `status` (1 for the work, 64 for the options),
    /// nothing on standard output and one line on standard error.
    static func assertRefused(_ arguments: [String], status: Int32, mentions fragments: [String],
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try run(arguments)
        XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stdout.isEmpty, "\(arguments): output \(result.stdout)", file: file, line: line)
        assertOneLine(result.stderr, mentions: fragments, arguments: arguments, file: file, line: line)
    }
}
