@testable import CellCert
import Foundation
import XCTest

/// Issue 13: sizes from options are checked before anything is allocated
/// (Monte Carlo samples, sweep networks), and a forward pass that overflows
/// is an error, never a class.
final class HostileCommandLineSizeTests: XCTestCase {
    let model = "Fixtures/example-net.json"
    let input = ["--input", "5,0.1,0.4,150"]

    func refused(_ arguments: [String], _ fragments: String..., status: Int32 = 64,
                 file: StaticString = #filePath, line: UInt = #line) throws {
        try HostileCommandLine.assertRefused(arguments, status: status, mentions: fragments, file: file, line: line)
    }

    func testMonteCarloSampleCountsAboveTheDocumentedMaximumAreRefused() throws {
        for samples in ["10000000001", "1000000000000", "\(Int.max)"] {
            try refused(["certify", model] + input + ["--epsilon", "0.1", "--samples", samples],
                        "--samples must be at most 10000000000 (10^10), got \(samples)")
            try refused(["sweep", "--samples", samples], "--samples must be at most 10000000000 (10^10)")
        }
        let network = try DatasetFixtures.network()
        XCTAssertThrowsError(try network.monteCarloRobustness(at: [5, 0.1, 0.4, 150], epsilon: 0.1,
                                                              options: MonteCarloOptions(samples: Int.max))) { error in
            XCTAssertTrue("\(error)".contains("at most 10000000000"), "\(error)")
        }
    }

    /// Batches are counted in groups of `batchesPerGroup`; with one direction per
    /// batch, 2500 samples span three groups. Counts are sums of integers, so
    /// they cannot depend on the grouping or the thread count.
    func testMonteCarloCountsAcrossBatchGroupsDoNotDependOnThreads() throws {
        let network = try DatasetFixtures.network()
        let x = [5, 0.1, 0.4, 150.0]
        XCTAssertGreaterThan(2500, 2 * MonteCarloOptions.batchesPerGroup)
        let counts = try [1, 2].map { threads in
            try network.monteCarloRobustness(at: x, epsilon: 0.5,
                                             options: MonteCarloOptions(samples: 2500, seed: 9, batchSize: 1, threads: threads))
        }
        XCTAssertEqual(counts[0], counts[1])
        XCTAssertEqual(counts[0].samples, 2500)
        XCTAssertGreaterThan(counts[0].leftCell, 0, "not vacuous: some directions leave the cell")
    }

    func testSweepRefusesNetworksBeyondMaxMemoryBeforeAllocating() throws {
        try refused(["sweep", "--sweep", "dimension", "--dimensions", "1000000000"],
                    "--dimensions 1000000000 --hidden 32 32: one network needs about", "TiB", "--max-memory is 8 GiB", "raise --max-memory")
        try refused(["sweep", "--sweep", "dimension", "--dimensions", "100000000"], "--dimensions 100000000", "--max-memory is 8 GiB")
        try refused(["sweep", "--sweep", "dimension", "--dimensions", "\(Int.max)"], "needs more than 8 EiB")
        try refused(["sweep", "--sweep", "arrangement", "--total-units", "1000000000000", "--depths", "1000000000000"],
                    "--depths 1000000000000", "--max-memory")
        try refused(["sweep", "--sweep", "arrangement", "--arrangement-dimension", "2", "--total-units", "100000", "--depths", "100000"],
                    "--depths 100000", "--max-memory")
        try refused(["sweep", "--trials", "1000000000000"], "--trials 1000000000000", "--max-memory")
        try refused(["sweep", "--sweep", "dimension", "--dimensions", "8", "--hidden", "4", "--max-memory", "1K"], "--max-memory is 1 KiB")
        try refused(["sweep", "--max-memory", "0"], "--max-memory")
    }

    func testAForwardPassThatOverflowsIsAnErrorNotAClass() throws {
        try refused(["certify", "Fixtures/example-net.nnet", "--input", "1e308,1e308,1e308,1e308"],
                    "--input: the forward pass overflows at layer 1 of 3", status: 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cellcert-overflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = folder.appendingPathComponent("rows.csv")
        try "5,0.1,0.4,150\n1e308,-1e308,1e308,1e308\n".write(to: rows, atomically: true, encoding: .utf8)
        try refused(["table", "Fixtures/example-net.nnet", "--inputs", rows.path], "rows.csv: input 1: the forward pass overflows", status: 1)
        // δ*(η) ≈ 2.02 ε here (d = 4, N = 34), finite at 5e307, but the points x + εs overflow the forward pass.
        try refused(["certify", model] + input + ["--epsilon", "5e307", "--samples", "10"],
                    "the forward pass overflows for perturbed inputs", status: 1)
        try refused(["certify", model] + input + ["--epsilon", "1.7e308"], "--epsilon 1.7e+308: δ*(η)", "overflows", status: 1)

        let network = try ModelLoader.load(path: HostileCommandLine.packageFile("Fixtures/example-net.nnet"))
        let huge = [1e308, 1e308, 1e308, 1e308]
        XCTAssertThrowsError(try network.cell(at: huge)) { XCTAssertTrue("\($0)".contains("overflows"), "\($0)") }
        XCTAssertThrowsError(try network.validateInput(huge))
        XCTAssertNoThrow(try network.validateInput([5, 0.1, 0.4, 150]))
    }
}
