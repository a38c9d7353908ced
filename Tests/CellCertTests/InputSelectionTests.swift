import XCTest
@testable import CellCert

/// `--index`, `--range a..b` and `--limit`.
final class InputSelectionTests: XCTestCase {
    func testRangeSyntax() throws {
        XCTAssertTrue(try InputSelection.parseRange("3..7") == (3, 7))
        XCTAssertTrue(try InputSelection.parseRange("3..") == (3, nil))
        XCTAssertTrue(try InputSelection.parseRange("..4") == (0, 4))
        for bad in ["3", "3...7", "a..b", "-1..2", "7..3", "3..x", "1.5..2"] {
            XCTAssertThrowsError(try InputSelection.parseRange(bad), bad)
        }
        XCTAssertThrowsError(try InputSelection.parseRange("7..3")) { error in
            XCTAssertEqual("\(error)", "the range 7..3 is reversed (7 > 3)")
        }
    }

    func testSelections() throws {
        XCTAssertEqual(try InputSelection().indices(count: 4, source: "d"), [0, 1, 2, 3])
        XCTAssertEqual(try InputSelection(limit: 2).indices(count: 4, source: "d"), [0, 1])
        XCTAssertEqual(try InputSelection(indices: [3, 1, 3]).indices(count: 4, source: "d"), [3, 1, 3])
        XCTAssertEqual(try InputSelection(indices: [3, 1, 2], limit: 2).indices(count: 4, source: "d"), [3, 1])
        XCTAssertEqual(try InputSelection(range: (1, 3)).indices(count: 4, source: "d"), [1, 2])
        XCTAssertEqual(try InputSelection(range: (2, nil), limit: 10).indices(count: 4, source: "d"), [2, 3])
        FormatTestSupport.assertError("d: the range 2..5 goes past the last input (4 inputs, indices 0…3)") {
            try InputSelection(range: (2, 5)).indices(count: 4, source: "d")
        }
        FormatTestSupport.assertError("d: input index 4 is out of range (4 inputs, indices 0…3)") {
            try InputSelection(indices: [4]).indices(count: 4, source: "d")
        }
        FormatTestSupport.assertError("d: the selection holds no input") {
            try InputSelection(range: (2, 2)).indices(count: 4, source: "d")
        }
        FormatTestSupport.assertError("d: give either indices or a range of inputs, not both") {
            try InputSelection(indices: [1], range: (0, 1)).indices(count: 4, source: "d")
        }
    }
}
