import CellCert
import Foundation
import XCTest

/// A test case that writes hostile files into a fresh temporary directory and
/// checks that readers refuse them with one line naming the file.
class HostileFileTestCase: XCTestCase {
    /// The test's own temporary directory, removed after the test.
    private(set) var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `text` (UTF-8) to `name` in the test's directory.
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Data(text.utf8))
    }

    /// Writes `bytes` to `name` in the test's directory.
    func write(_ name: String, bytes: Data) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try bytes.write(to: url)
        return url
    }

    /// The description of the `ModelFormatError` that `body` throws, after
    /// checking it is one line that starts with `file`, the file's name as
    /// readers print it, and contains every fragment.
    @discardableResult
    func assertRefused(_ url: URL, mentioning fragments: [String], _ body: () throws -> Any,
                       file: StaticString = #filePath, line: UInt = #line) -> String? {
        assertRefused(named: url.relativePath, mentioning: fragments, body, file: file, line: line)
    }

    /// As `assertRefused(_:mentioning:_:)`, for a file known by `name`.
    @discardableResult
    func assertRefused(named name: String, mentioning fragments: [String], _ body: () throws -> Any,
                       file: StaticString = #filePath, line: UInt = #line) -> String? {
        let message: String
        do {
            _ = try body()
            XCTFail("\(name) was accepted", file: file, line: line)
            return nil
        } catch let error as ModelFormatError {
            message = error.description
        } catch {
            XCTFail("expected a ModelFormatError, got \(type(of: error)): \(error)", file: file, line: line)
            return nil
        }
        XCTAssertFalse(message.contains("\n"), "one line: \(message)", file: file, line: line)
        XCTAssertTrue(message.hasPrefix(name + ":"), "names the file first: \(message)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(message.contains(fragment), "'\(fragment)' missing from: \(message)", file: file, line: line)
        }
        return message
    }
}

/// Control characters in text files: every text reader refuses them at their
/// line and column, through `TextFile`.
final class HostileTextTests: HostileFileTestCase {
    /// The one-layer network `y = x₀ + x₁` in `.nnet`, with `text` in place of the bias line.
    private func nnet(bias: String) -> String {
        "1,2,1,2,\n2,1,\n0,\n0,0,\n1,1,\n0,0,0,\n1,1,1,\n1,1,\n\(bias)\n"
    }

    func testANulInsideANNetNumberIsRefusedInsteadOfTruncatingIt() throws {
        let url = try write("net.nnet", nnet(bias: "0.5\u{0}7,"))
        let message = assertRefused(url, mentioning: ["control character U+0000 (NUL)"]) {
            try NNetFormat.read(contentsOf: url)
        }
        XCTAssertEqual(message, "\(url.relativePath):9: column 4: control character U+0000 (NUL) is not allowed in a text file "
                       + "(only tab, line feed and carriage return are)")
        XCTAssertNoThrow(try NNetFormat.read(contentsOf: try write("good.nnet", nnet(bias: "0.5,"))), "the same file without the NUL loads")
    }

    func testANulInACSVValueIsRefusedWithItsLineAndColumn() throws {
        let url = try write("data.csv", "0.1,0.2\n0.3,0\u{0}.4\n")
        let message = assertRefused(url, mentioning: ["U+0000"]) {
            try InputDataset.read(contentsOf: url, labelColumn: .none)
        }
        XCTAssertEqual(message?.hasPrefix("\(url.relativePath):2: column 6: control character U+0000"), true, message ?? "")
    }

    func testOtherControlCharactersAreRefusedButTabsAndLineEndingsAreNot() throws {
        for (character, code) in [("\u{1}", "U+0001"), ("\u{8}", "U+0008"), ("\u{B}", "U+000B"), ("\u{C}", "U+000C"),
                                  ("\u{1B}", "U+001B"), ("\u{7F}", "U+007F (DEL)"), ("\u{85}", "U+0085"), ("\u{9F}", "U+009F")] {
            let url = try write("c.csv", "1,2\r\n3,\u{00E9}\(character)4\n")
            assertRefused(url, mentioning: [":2: column 4: control character \(code)"]) {
                try InputDataset.read(contentsOf: url, labelColumn: .none)
            }
        }
        let fine = try write("fine.csv", "1,\t2\r\n3,4\r5,6\n")
        XCTAssertEqual(try InputDataset.read(contentsOf: fine, labelColumn: .none).inputs, [[1, 2], [3, 4], [5, 6]])
    }

    func testControlCharactersInVNNLibJSONAndInlineInputsAreRefused() throws {
        let property = try write("p.vnnlib", "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= X_0 1\u{0}))\n")
        assertRefused(property, mentioning: [":3: column 18: control character U+0000"]) { try VNNLib.read(contentsOf: property) }

        let json = try write("net.json", "{\"format\": \"cellcert-network\",\u{0} \"version\": 1}")
        assertRefused(json, mentioning: [":1: column 31: control character U+0000"]) { try NetworkJSONFormat.read(contentsOf: json) }

        assertRefused(named: "--input", mentioning: ["column 4: control character U+0007"]) {
            try InputDataset.parseInline("0.5\u{7},1")
        }
    }
}
