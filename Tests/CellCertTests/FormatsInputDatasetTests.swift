import Foundation
import XCTest
@testable import CellCert

final class FormatsInputDatasetTests: XCTestCase {
    func testLabelFirstLastAndNone() throws {
        let text = "3, 0.5,255\r\n\n1,1e2,0\n"
        let first = try InputDataset.parseCSV(text, labelColumn: .first, scale: 255)
        XCTAssertEqual(first.inputs, [[0.5 / 255, 1], [100.0 / 255, 0]])
        XCTAssertEqual(first.labels, [3, 1])
        XCTAssertEqual(first.dimension, 2)
        let last = try InputDataset.parseCSV("0.5,2.0\n1,0\n", labelColumn: .last)
        XCTAssertEqual(last.inputs, [[0.5], [1]])
        XCTAssertEqual(last.labels, [2, 0])
        let none = try InputDataset.parseCSV("0.5,2\n", labelColumn: .none)
        XCTAssertEqual(none.inputs, [[0.5, 2]])
        XCTAssertNil(none.labels)
    }

    /// Lines and fields are split on UTF-8 bytes; the result must be what
    /// splitting by `Character` gives, for every kind of line end.
    func testLinesAndFieldsSplitOnEveryLineEndAndKeepEmptyParts() {
        XCTAssertEqual(TextFile.lines("a\rb\r\nc\n\nd"), ["a", "b", "c", "", "d"])
        XCTAssertEqual(TextFile.lines("x\r\n"), ["x", ""])
        XCTAssertEqual(TextFile.lines(""), [""])
        XCTAssertEqual(TextFile.fields(" 1 ,\t2,,é ,"), ["1", "2", "", "é", ""])
        let crOnly = try? InputDataset.parseCSV("1,2\r3,4", labelColumn: .none)
        XCTAssertEqual(crOnly?.inputs, [[1, 2], [3, 4]])
    }

    func testErrorsNameLineAndColumn() {
        let cases: [(String, InputDataset.LabelColumn, Int?, String)] = [
            ("1,2,3\n4,5\n", .first, nil, "d.csv:2: expected 3 values, found 2"),
            ("1,2,3\n", .first, 784, "d.csv:1: expected 785 values, found 3"),
            ("1,2\n\n3,nan\n", .none, nil, "d.csv:3: column 2: 'nan' is not a finite number"),
            ("1,2\n3,-inf\n", .none, nil, "d.csv:2: column 2: '-inf' is not a finite number"),
            ("a,b\n1,2\n", .last, nil, "d.csv:1: column 1: 'a' is not a number (if the first row is a header, give --header yes or --header auto)"),
            ("1,2\n1,x\n", .last, nil, "d.csv:2: column 2: 'x' is not a number"),
            ("1,2,\n", .none, nil, "d.csv:1: column 3: empty value"),
            ("1.5,2\n", .first, nil, "d.csv:1: column 1: label '1.5' is not a non-negative integer"),
            ("1,-2\n", .last, nil, "d.csv:1: column 2: label '-2' is not a non-negative integer"),
            ("7\n", .first, nil, "d.csv:1: a row needs at least one input value besides the label"),
            ("", .first, nil, "d.csv: no inputs (the file is empty)"),
            ("\n  \n", .none, nil, "d.csv: no inputs (the file is empty)"),
        ]
        for (text, column, dimension, expected) in cases {
            FormatTestSupport.assertError(expected) {
                try InputDataset.parseCSV(text, name: "d.csv", labelColumn: column, dimension: dimension)
            }
        }
        FormatTestSupport.assertError("d.csv: the scale must be a finite positive number, found 0.0") {
            try InputDataset.parseCSV("1", name: "d.csv", labelColumn: .none, scale: 0)
        }
    }

    func testMissingFile() {
        FormatTestSupport.assertError("/nonexistent/d.csv: no such file") {
            try InputDataset.read(contentsOf: URL(fileURLWithPath: "/nonexistent/d.csv"), labelColumn: .none)
        }
    }

    func testInlineInput() throws {
        XCTAssertEqual(try InputDataset.parseInline("0.1, 0.2,3"), [0.1, 0.2, 3])
        XCTAssertEqual(try InputDataset.parseInline("255,0", scale: 255), [1, 0])
        FormatTestSupport.assertError("--input: column 2: 'x' is not a number") { try InputDataset.parseInline("1,x") }
        FormatTestSupport.assertError("--input: column 1: 'nan' is not a finite number") { try InputDataset.parseInline("nan") }
        FormatTestSupport.assertError("--input: expected 3 values, found 2") { try InputDataset.parseInline("1,2", dimension: 3) }
        FormatTestSupport.assertError("--input: no values") { try InputDataset.parseInline(" ") }
        FormatTestSupport.assertError("--input: column 2: empty value") { try InputDataset.parseInline("1,,2") }
    }

    func testSelection() throws {
        let data = try InputDataset.parseCSV("0,1\n1,2\n2,3\n", name: "d.csv", labelColumn: .first)
        let picked = try data.selecting([2, 0])
        XCTAssertEqual(picked.inputs, [[3], [1]])
        XCTAssertEqual(picked.labels, [2, 0])
        FormatTestSupport.assertError("d.csv: input index 3 is out of range (3 inputs, indices 0…2)") { try data.selecting([0, 3]) }
        FormatTestSupport.assertError("d.csv: input index -1 is out of range (3 inputs, indices 0…2)") { try data.selecting([-1]) }
    }

    func testEranMnistCSV() throws {
        let url = try FormatTestSupport.sharedNet("data/mnist_test.csv")
        let data = try InputDataset.read(contentsOf: url, labelColumn: .first, scale: 255, dimension: 784)
        XCTAssertEqual(data.count, 100)
        XCTAssertEqual(data.labels?.first, 7)
        XCTAssertTrue(data.inputs.allSatisfy { $0.allSatisfy { (0...1).contains($0) } })
    }
}
