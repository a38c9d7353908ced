import Foundation
import XCTest
@testable import CellCert

/// Issue 14 §4: CSV header rows (`--header yes|no|auto`), the label column by
/// header name, and `--free` features named from the header.
final class CSVHeaderTests: XCTestCase {
    func testAutoReadsANonNumericFirstRowAsAHeaderAndNamesTheLabelColumn() throws {
        let text = "\"width\", height,label\n0.5,2,1\n1.5,3,0\n"
        let data = try InputDataset.parseCSV(text, labelColumn: .named("label"), header: .auto)
        XCTAssertEqual(data.header, ["width", "height", "label"], "quotes and spaces around names are dropped")
        XCTAssertEqual(data.featureNames, ["width", "height"])
        XCTAssertEqual(data.inputs, [[0.5, 2], [1.5, 3]])
        XCTAssertEqual(data.labels, [1, 0])
        let middle = try InputDataset.parseCSV("a,y,b\n1,2,3\n", labelColumn: .named("y"), header: .auto)
        XCTAssertEqual(middle.inputs, [[1, 3]])
        XCTAssertEqual(middle.labels, [2])
        XCTAssertEqual(middle.featureNames, ["a", "b"])
        let first = try InputDataset.parseCSV("y,a\n2,1\n", labelColumn: .first, header: .auto)
        XCTAssertEqual(first.featureNames, ["a"])
    }

    func testAutoKeepsANumericFirstRowAsDataAndYesTakesItAsNames() throws {
        let numeric = try InputDataset.parseCSV("1,2\n3,4\n", labelColumn: .none, header: .auto)
        XCTAssertEqual(numeric.inputs, [[1, 2], [3, 4]])
        XCTAssertNil(numeric.header)
        let forced = try InputDataset.parseCSV("1,2\n3,4\n", labelColumn: .none, header: .yes)
        XCTAssertEqual(forced.header, ["1", "2"])
        XCTAssertEqual(forced.inputs, [[3, 4]])
    }

    func testHeaderErrorsSayWhatToGive() {
        func message(_ text: String, _ column: InputDataset.LabelColumn, _ header: InputDataset.HeaderRow) -> String {
            do {
                _ = try InputDataset.parseCSV(text, name: "d.csv", labelColumn: column, header: header)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message("a,b\n1,2\n", .none, .no),
                       "d.csv:1: column 1: 'a' is not a number (if the first row is a header, give --header yes or --header auto)")
        XCTAssertEqual(message("a,b\n1,2\n", .named("label"), .auto), "d.csv:1: no column named 'label' in the header (a, b)")
        XCTAssertTrue(message("1,2\n", .named("label"), .auto).contains("has no header row"), message("1,2\n", .named("label"), .auto))
        XCTAssertEqual(message("a,b\n", .none, .auto), "d.csv: no inputs below the header row")
        XCTAssertEqual(message("a,b,c\n1,2\n", .none, .auto), "d.csv:2: expected 3 values, found 2")
        XCTAssertEqual(InputDataset.LabelColumn("first"), .first)
        XCTAssertEqual(InputDataset.LabelColumn("label_good_credit"), .named("label_good_credit"))
        XCTAssertThrowsError(try InputDataset(array: DataArray(shape: [1, 2], values: [1, 2], elementType: "<f8", isInteger: false, dataOffset: 0,
                                                               elementSize: 8, shapeLocation: "shape"),
                                                  name: "x.npy", labelColumn: .named("y")))
    }

    func testTheCommandSaysItReadAHeaderAndGivesTheTableOfTheFileWithout() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-header-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try String(contentsOf: packageRoot.appendingPathComponent(DatasetFixtures.inputsPath), encoding: .utf8)
        let withHeader = directory.appendingPathComponent("with-header.csv")
        try ("class,a,b,c,d\n" + plain).write(to: withHeader, atomically: true, encoding: .utf8)
        let common = ["--norm", "l2", "--epsilon", "0.05", "--format", "csv", "--limit", "4"]
        let reference = try CommandLineRunner.run(["table", DatasetFixtures.modelPath, "--inputs", DatasetFixtures.inputsPath,
                                                   "--label-column", "first"] + common)
        let named = try CommandLineRunner.run(["table", DatasetFixtures.modelPath, "--inputs", withHeader.path,
                                               "--label-column", "class"] + common)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertTrue(named.stderr.contains("the first row is not numeric and is read as a header (class, a, b, c, d)"), named.stderr)
        XCTAssertFalse(reference.stderr.contains("header"), reference.stderr)
        func withoutTimes(_ text: String) -> [String] { text.split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") } }
        XCTAssertEqual(withoutTimes(named.stdout), withoutTimes(reference.stdout))
        try CommandLineRunner.assertOneLineError(["table", DatasetFixtures.modelPath, "--inputs", withHeader.path, "--header", "no",
                                                  "--label-column", "first"], mentions: ["is not a number", "--header yes"])
    }
}
