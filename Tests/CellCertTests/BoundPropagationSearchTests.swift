@testable import CellCert
import Foundation
import XCTest

/// Issue 16: the bound search's work queue reaches counterexamples that depth
/// first alone misses, and its answers stay checked.
final class BoundPropagationSearchTests: XCTestCase {
    /// ACAS Xu 5_3, property 2 (`sat` in VNN-COMP 2021): its counterexamples fill
    /// about 1e-10 of the region and descent from the seeded starts misses them;
    /// depth first alone examined 90,000 boxes of a tight but safe area without an
    /// answer. Taking every 8th batch from the bottom of the stack finds one within
    /// a few thousand boxes (a box count, deterministic; never a time). The
    /// counterexample satisfies the property at the network's own forward pass.
    func testACASXu5_3Property2IsFoundByTheDiversifiedWorkQueue() throws {
        let folder = try sharedNetsDirectory().appendingPathComponent("acasxu")
        let network = try ModelLoader.load(path: folder.appendingPathComponent("ACASXU_run2a_5_3_batch_2000.onnx").path)
        let property = try VNNLib.read(contentsOf: folder.appendingPathComponent("prop_2.vnnlib"))
        let result = try network.verify(property, timeLimitSeconds: 900)
        XCTAssertEqual(result.answer, .sat, result.note ?? "")
        XCTAssertLessThanOrEqual(result.boxes, 4_096)
        let counterexample = try XCTUnwrap(result.counterexample)
        XCTAssertTrue(property.isCounterexample(input: counterexample.input, output: network.outputs(counterexample.input)))
        XCTAssertNotNil(network.robustCounterexampleOutputs(counterexample.input, of: property))
    }
}
