import CellCert
import Foundation
import XCTest

/// Labels outside the model's classes (99 on a 3-class model) are refused
/// once the model is known, naming the file the labels came from.
final class HostileLabelTests: HostileFileTestCase {
    private let outOfRange = "label 99 is not a class of the model (3 classes, labels 0…2)"

    func testACSVLabelColumnOutsideTheClassesIsRefused() throws {
        let url = try write("data.csv", "0,0.1,0.2\n2,0.3,0.4\n99,0.5,0.6\n")
        let message = assertRefused(url, mentioning: [outOfRange]) {
            try InputDataset.load(path: url.path, labelColumn: .first, dimension: 2, classCount: 3)
        }
        XCTAssertEqual(message, "\(url.relativePath): input 2: \(outOfRange)")
        XCTAssertEqual(try InputDataset.load(path: url.path, labelColumn: .first, dimension: 2).labels, [0, 2, 99],
                       "without a class count the reader cannot know")
    }

    func testNPYLabelsFileOutsideTheClassesIsRefusedNamingTheLabelsFile() throws {
        let inputs = directory.appendingPathComponent("x.npy"), labels = directory.appendingPathComponent("y.npy")
        try NPYFormat.write(shape: [3, 2], values: [0, 1, 2, 3, 4, 5], as: .float32, to: inputs)
        try NPYFormat.write(shape: [3], values: [1, 99, 0], as: .int64, to: labels)
        assertRefused(labels, mentioning: ["input 1: \(outOfRange)"]) {
            try InputDataset.load(path: inputs.path, labelsPath: labels.path, dimension: 2, classCount: 3)
        }
    }

    func testIDXAndCSVLabelsFilesOutsideTheClassesAreRefused() throws {
        let images = directory.appendingPathComponent("t10k-images-idx3-ubyte")
        try IDXFormat.write(shape: [2, 1, 2], values: [0, 255, 128, 7], as: .uint8, to: images)
        let idxLabels = directory.appendingPathComponent("t10k-labels-idx1-ubyte")
        try IDXFormat.write(shape: [2], values: [99, 1], as: .uint8, to: idxLabels)
        assertRefused(idxLabels, mentioning: ["input 0: \(outOfRange)"]) {
            try InputDataset.load(path: images.path, labelsPath: idxLabels.path, scale: 255, dimension: 2, classCount: 3)
        }
        let csvLabels = try write("labels.csv", "2\n99\n")
        assertRefused(csvLabels, mentioning: ["input 1: \(outOfRange)"]) {
            try InputDataset.load(path: images.path, labelsPath: csvLabels.path, scale: 255, dimension: 2, classCount: 3)
        }
    }

    func testALabelColumnOfAnArrayOutsideTheClassesIsRefused() throws {
        let url = directory.appendingPathComponent("labelled.npy")
        try NPYFormat.write(shape: [2, 3], values: [0.5, 1, 99, 0.25, 1, 1], as: .float64, to: url)
        assertRefused(url, mentioning: ["input 0: \(outOfRange)"]) {
            try InputDataset.load(path: url.path, labelColumn: .last, dimension: 2, classCount: 3)
        }
    }

    func testLabelsInsideTheClassesPassAndTheCheckUsesTheModelsClassCount() throws {
        let url = try write("data.csv", "0.1,0.2,0.3,1\n0.4,0.5,0.6,0\n")
        let network = try FormatTestSupport.sampleNetwork(decision: .argmax)  // 3 inputs, 2 outputs: classes 0 and 1
        let data = try InputDataset.load(path: url.path, labelColumn: .last, dimension: 3, classCount: network.classCount)
        XCTAssertEqual(data.labels, [1, 0])
        XCTAssertNoThrow(try data.validateLabels(classCount: network.classCount))
        assertRefused(url, mentioning: ["input 0: label 1 is not a class of the model (1 class, label 0)"]) {
            try data.validateLabels(classCount: 1)
        }
        XCTAssertNoThrow(try InputDataset(source: "none", inputs: [[1]]).validateLabels(classCount: 1), "no labels, nothing to check")
    }

    func testASelectionKeepsTheFileTheLabelsCameFrom() throws {
        let inputs = directory.appendingPathComponent("x.npy"), labels = try write("y.csv", "0\n5\n")
        try NPYFormat.write(shape: [2, 1], values: [0.5, 0.25], as: .float64, to: inputs)
        let data = try InputDataset.load(path: inputs.path, labelsPath: labels.path, dimension: 1)
        XCTAssertEqual(data.labelSource, labels.relativePath)
        assertRefused(labels, mentioning: ["input 0: label 5"]) { try data.selecting([1]).validateLabels(classCount: 3) }
    }
}

/// Issue 14 §2: a row with exactly one value more than the model takes hints at --label-column.
final class WidthHintTests: XCTestCase {
    func testOneExtraValueNamesTheLabelColumnOption() throws {
        XCTAssertThrowsError(try InputDataset.parseCSV("7,0.1,0.2\n", name: "d.csv", labelColumn: .none, dimension: 2)) {
            XCTAssertTrue("\($0)".contains("--label-column first"), "\($0)")
        }
        // Two extra values, or a label column already named: no hint.
        XCTAssertThrowsError(try InputDataset.parseCSV("7,0.1,0.2,4\n", name: "d.csv", labelColumn: .none, dimension: 2)) {
            XCTAssertFalse("\($0)".contains("--label-column"), "\($0)")
        }
        XCTAssertThrowsError(try InputDataset.parseCSV("7,0.1,0.2,4\n", name: "d.csv", labelColumn: .first, dimension: 2)) {
            XCTAssertFalse("\($0)".contains("--label-column"), "\($0)")
        }
    }
}

/// Issue 14 §2: a network loaded with the wrong decision rule is noticed from labelled inputs.
final class DecisionRuleCheckTests: XCTestCase {
    func testTheOppositeRuleIsNamedWhenItClassifiesFarMoreInputsCorrectly() throws {
        // o = (x, −x): argmax says class 0 for x > 0, argmin says class 1.
        let layer = DenseLayer(weights: Matrix(rowArrays: [[1], [-1]]), bias: [0, 0])
        let argmax = try Network(layers: [layer], decision: .argmax)
        let inputs = (1...8).map { LabelledInput(index: $0, values: [Double($0)], label: 0) }
        XCTAssertNil(argmax.betterDecisionRule(for: inputs), "argmax is right on every input")
        let argmin = try argmax.withDecision(.argmin)
        let comparison = try XCTUnwrap(argmin.betterDecisionRule(for: inputs))
        XCTAssertEqual(comparison.current, .argmin)
        XCTAssertEqual(comparison.other, .argmax)
        XCTAssertEqual([comparison.currentCorrect, comparison.otherCorrect, comparison.labelled], [0, 8, 8])
        XCTAssertNil(argmin.betterDecisionRule(for: inputs.map { LabelledInput(index: $0.index, values: $0.values) }),
                     "no labels, nothing to compare")
    }
}
