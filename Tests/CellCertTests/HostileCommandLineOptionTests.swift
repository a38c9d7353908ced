import Foundation
import XCTest

/// Issue 13: every option value is read, negative numbers included, and
/// checked with the option's own one-line message (status 64); options that
/// would have no effect are refused; `bound` never prints `inf`.
final class HostileCommandLineOptionTests: XCTestCase {
    let model = "Fixtures/example-net.json"
    let input = ["--input", "5,0.1,0.4,150"]
    let csv = ["--inputs", "Fixtures/example-inputs.csv", "--label-column", "first"]

    func refused(_ arguments: [String], _ fragments: String..., status: Int32 = 64,
                 file: StaticString = #filePath, line: UInt = #line) throws {
        try HostileCommandLine.assertRefused(arguments, status: status, mentions: fragments, file: file, line: line)
    }

    func testNegativeNumbersReachTheOptionsOwnCheck() throws {
        try refused(["certify", model] + input + ["--epsilon", "-1"], "--epsilon must be positive and finite, got -1")
        try refused(["certify", model] + input + ["--scale", "-255"], "--scale must be a positive finite number, got -255")
        try refused(["certify", model] + input + ["--epsilon", "0.1", "--eta", "-0.5"], "--eta must lie in (0, 1), got -0.5")
        try refused(["certify", model] + input + ["--epsilon", "0.1", "--samples", "-3"], "--samples must be at least 1, got -3")
        try refused(["certify", model] + input + ["--epsilon", "0.1", "--samples", "9", "--confidence", "-0.1"],
                    "--confidence must lie in (0, 1), got -0.1")
        try refused(["certify", model] + input + ["--threads", "-2"], "--threads must be at least 1, got -2")
        try refused(["certify", model] + input + ["--boundary", "--timeout", "-5"], "--timeout must be a positive number of seconds, got -5")
        try refused(["certify", model] + input + ["--boundary", "--max-cells", "-1"], "--max-cells must be at least 1, got -1")
        try refused(["certify", model] + csv + ["--index", "-1"], "--index must be a row number, 0 or more, got -1")
        try refused(["table", model] + csv + ["--limit", "-2"], "--limit must be at least 1, got -2")
        try refused(["table", model] + csv + ["--range", "-3..5"], "--range", "non-negative")
        try refused(["bound", "--dimension", "-3", "--distance", "1", "--epsilon", "1"], "--dimension must be at least 1, got -3")
        try refused(["bound", "--dimension", "3", "--distance", "-1", "--epsilon", "1"], "--distance must be a finite number, 0 or more, got -1")
        try refused(["bound", "--dimension", "3", "--units", "-1", "--distance", "1", "--epsilon", "1"], "--units must be at least 1, got -1")
        try refused(["sweep", "--dimensions", "-5", "10"], "--dimensions must be at least 2, got -5")
        try refused(["sweep", "--hidden", "4", "-3"], "--hidden widths must be at least 1, got -3")
        try refused(["sweep", "--ratio", "-1"], "--ratio must be positive and finite, got -1")
        try refused(["sweep", "--trials", "-1"], "--trials must be at least 1, got -1")
        try refused(["sweep", "--total-units", "-4"], "--total-units must be at least 1, got -4")
    }

    func testNegativeValuesAreValidInputsAndDomains() throws {
        for arguments in [["certify", model, "--input", "-0.5,0.1,-0.4,150"],
                          ["certify", model] + input + ["--domain", "-1000,1000"],
                          ["certify", model] + input + ["--domain", "-10:10,-1:1,-1:1,100:200"]] {
            let result = try CommandLineRunner.run(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stdout.isEmpty)
        }
    }

    func testOptionsWithoutEffectAreRefused() throws {
        try refused(["certify", model] + input + ["--method", "milp"], "--method chooses how --boundary is computed; add --boundary")
        try refused(["certify", model] + input + ["--timeout", "5"], "--timeout and --max-cells apply to --boundary")
        try refused(["certify", model] + input + ["--boundary", "--method", "milp", "--max-cells", "3"], "--max-cells limits --method search")
        try refused(["certify", model] + input + ["--samples", "10"], "--samples needs at least one --epsilon")
        try refused(["certify", model] + input + ["--eta", "0.1"], "--eta needs at least one --epsilon")
        try refused(["certify", model] + input + ["--gaussian"], "--gaussian needs at least one --epsilon")
        try refused(["certify", model] + input + ["--epsilon", "0.1", "--seed", "3"], "--seed seeds the Monte Carlo estimate: add --samples")
        try refused(["table", model] + input + ["--epsilon", "0.1", "--confidence", "0.9"], "--confidence sets the Monte Carlo intervals: add --samples")
        try refused(["certify", model] + input + ["--label-column", "first"], "--label-column", "--input has none")
        try refused(["table", model] + csv + ["--range", ".."], "--range .. selects every row")
        try refused(["table", model] + csv + ["--range", "3..3"], "--range 3..3 is empty")
        try refused(["sweep", "--sweep", "dimension", "--depths", "2"], "which --sweep dimension leaves out")
        try refused(["sweep", "--sweep", "arrangement", "--hidden", "3"], "which --sweep arrangement leaves out")
        try refused(["certify", model] + input + ["--scale", "255", "--scale", "1"], "--scale is given more than once")
        try refused(["certify", model] + input + ["--facets", "--facets"], "--facets is given more than once")
    }

    /// The list of options that may repeat is the parser's own: read from its
    /// `--experimental-dump-help`, every repeating option is accepted twice and
    /// every other option and flag is refused when given twice.
    func testOnlyTheParsersRepeatingOptionsMayBeGivenTwice() throws {
        let dump = try CommandLineRunner.run(["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let commands = try XCTUnwrap((root["command"] as? [String: Any])?["subcommands"] as? [[String: Any]])
        var checked = (repeating: 0, single: 0)
        for command in commands {
            let name = try XCTUnwrap(command["commandName"] as? String)
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                guard let kind = argument["kind"] as? String, kind != "positional",
                      let long = (argument["names"] as? [[String: Any]])?.first(where: { $0["kind"] as? String == "long" })?["name"] as? String,
                      long != "help" else { continue }
                let option = "--" + long
                // "0" is refused by every option's own check, so no run does real work.
                let twice = kind == "flag" ? [option, option] : [option, "0", option, "0"]
                let result = try CommandLineRunner.run([name] + twice)
                if argument["isRepeating"] as? Bool == true {
                    checked.repeating += 1
                    XCTAssertFalse(result.stderr.contains("given more than once"), "\(name) \(option): \(result.stderr)")
                } else {
                    checked.single += 1
                    XCTAssertTrue(result.stderr.contains("\(option) is given more than once"), "\(name) \(option): \(result.stderr)")
                    XCTAssertEqual(result.status, 64)
                }
            }
        }
        // Not vacuous: certify, table, bound and sweep have repeating options, and every command others.
        XCTAssertGreaterThanOrEqual(checked.repeating, 11)
        XCTAssertGreaterThan(checked.single, 40)
    }

    func testUsageErrorsAreOneLineWithStatus64() throws {
        try refused(["certify", model, "--epsilon"], "--epsilon")
        try refused(["certify", model] + input + ["--no-such-option"], "Unknown option '--no-such-option'")
        try refused(["certify"], "<model>")
        try refused(["certify", model] + input + ["--seed", "-1", "--epsilon", "1", "--samples", "3"], "-1", "--seed")
    }

    func testBoundRefusesNonFiniteValuesAndNeverPrintsInf() throws {
        try refused(["bound", "--dimension", "10", "--distance", "inf", "--epsilon", "1"], "--distance must be a finite number")
        try refused(["bound", "--dimension", "10", "--distance", "nan", "--epsilon", "1"], "--distance must be a finite number")
        try refused(["bound", "--dimension", "10", "--distance", "1", "--epsilon", "inf"], "--epsilon must be positive and finite")
        try refused(["bound", "--dimension", "10", "--distance", "1.7e308", "--epsilon", "1e-5"], "r/ε overflows a double", status: 1)
        try refused(["bound", "--dimension", "1000000", "--distance", "1.7e308", "--epsilon", "1e300"], "ε*(η)", "overflows", status: 1)
        // Huge but representable values give finite numbers in short columns.
        for arguments in [["bound", "--dimension", "10", "--distance", "1e308", "--epsilon", "1"],
                          ["bound", "--dimension", "9223372036854775807", "--units", "9223372036854775807", "--distance", "1", "--epsilon", "1"],
                          ["bound", "--dimension", "10", "--distance", "1e-308", "--epsilon", "1e308"]] {
            let result = try CommandLineRunner.run(arguments + ["--format", "csv"])
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            let fields = result.stdout.split(whereSeparator: { $0 == "," || $0 == "\n" })
            XCTAssertEqual(fields.count, 22, result.stdout)
            for field in fields.dropFirst(11) {
                XCTAssertNotNil(Double(field).flatMap { $0.isFinite ? $0 : nil }, "\(arguments): '\(field)'")
                XCTAssertLessThanOrEqual(field.count, 24, "\(arguments): '\(field)'")
            }
        }
    }

    func testTimeoutsBeyondTheSolversClockAreRefused() throws {
        try refused(["certify", model] + input + ["--boundary", "--timeout", "1e300"], "--timeout must be at most 1e9 seconds")
        let property = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-timeout-\(UUID().uuidString).vnnlib")
        try HostileCommandLine.exampleProperty.write(to: property, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: property) }
        try refused(["verify", model, property.path, "--timeout", "1e300"], "--timeout must be at most 1e9 seconds")
    }
}
