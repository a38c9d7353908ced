@testable import CellCert
import Foundation
import LinearProgramming
import Probability
import XCTest

/// Clarkson's facet classification against the definition: one LP per row over
/// all rows in input space (the reference below, which is how facets were
/// computed before Clarkson).
final class FacetAnalysisClarksonTests: XCTestCase {
    /// Random networks, fixed seeds, d = 2…20 and one to three hidden layers: the
    /// facet set and the redundant set are the reference's.
    func testFacetSetsMatchOneLinearProgramPerRow() throws {
        var g = SplitMix64(seed: 61)
        var cellsChecked = 0
        var candidatesChecked = 0
        let architectures: [[Int]] = [
            [2, 12, 1], [2, 8, 8, 3], [3, 10, 10, 10, 2], [5, 16, 3], [6, 12, 12, 1],
            [8, 6, 6, 4], [10, 20, 10, 3], [12, 8, 8, 8, 5], [16, 24, 2], [20, 6, 6, 3], [20, 30, 20, 4],
        ]
        for sizes in architectures {
            let decision: DecisionHead = sizes.last == 1 ? .threshold : .argmax
            let net = try Network.random(layerSizes: sizes, decision: decision, using: &g)
            for _ in 0..<5 {
                let x = (0..<net.inputDimension).map { _ in standardNormal(using: &g) }
                let cell = try net.cell(at: x)
                let analysis = try cell.facets(near: x)
                let reference = try referenceClassification(cell: cell, near: x)
                XCTAssertEqual(analysis.unknownCount, 0, "\(sizes)")
                XCTAssertEqual(Set(analysis.facetRows), reference.facets, "facets of \(sizes)")
                XCTAssertEqual(rows(analysis, .redundant), reference.redundant, "redundant rows of \(sizes)")
                XCTAssertLessThanOrEqual(analysis.linearProgramDimension, min(sizes[0], sizes[1]))
                cellsChecked += 1
                candidatesChecked += rows(analysis, .redundant).count
                    + analysis.verdicts.filter { $0 == .facetByLP }.count
            }
        }
        XCTAssertEqual(cellsChecked, 55)
        // Enough rows reached the LPs for the comparison to mean something.
        XCTAssertGreaterThan(candidatesChecked, 500)
    }

    /// Threads take whole blocks of candidates: the analysis — verdicts, LP and
    /// iteration counts — is identical for 1, 2 and 3 threads.
    func testResultDoesNotDependOnTheThreadCount() throws {
        var g = SplitMix64(seed: 62)
        for sizes in [[6, 30, 30, 30, 4], [12, 40, 40, 3]] {
            let net = try Network.random(layerSizes: sizes, decision: .argmax, using: &g)
            let x = (0..<net.inputDimension).map { _ in standardNormal(using: &g) }
            let cell = try net.cell(at: x)
            var options = FacetOptions()
            options.blockCount = 5
            options.threads = 1
            let serial = try cell.facets(near: x, options: options)
            XCTAssertGreaterThan(serial.verdicts.filter { $0 == .redundant }.count, 5, "\(sizes)")
            for threads in [2, 3] {
                options.threads = threads
                XCTAssertEqual(try cell.facets(near: x, options: options), serial, "\(sizes), \(threads) threads")
            }
            // The automatic block count depends on the candidates only.
            var automatic = FacetOptions()
            automatic.threads = 1
            let automaticSerial = try cell.facets(near: x, options: automatic)
            automatic.threads = 2
            XCTAssertEqual(try cell.facets(near: x, options: automatic), automaticSerial, "\(sizes)")
            // Other block counts change the work, not the classification.
            XCTAssertEqual(automaticSerial.verdicts, serial.verdicts, "\(sizes)")
            options.blockCount = 1
            XCTAssertEqual(try cell.facets(near: x, options: options).verdicts, serial.verdicts, "\(sizes)")
            // So does skipping the projection test from the centre (more rows reach Clarkson).
            options.projectsFromCentre = false
            let withoutCentre = try cell.facets(near: x, options: options)
            XCTAssertEqual(withoutCentre.verdicts.map { $0 == .redundant }, serial.verdicts.map { $0 == .redundant })
            XCTAssertEqual(withoutCentre.facetRows, serial.facetRows, "\(sizes)")
        }
    }

    /// Where the first layer is narrower than the input, the LPs run in the
    /// normals' row space, of dimension the first layer's width. With rank
    /// tolerance 0 every row counts as independent (rounding leaves each a
    /// component outside the others' span): the LPs run in a space with one
    /// dimension per row, and the classification is the same.
    func testRowSpaceReductionKeepsTheClassification() throws {
        var g = SplitMix64(seed: 63)
        let net = try Network.random(layerSizes: [30, 7, 9, 4], decision: .argmax, using: &g)
        for _ in 0..<3 {
            let x = (0..<30).map { _ in standardNormal(using: &g) }
            let cell = try net.cell(at: x)
            let reduced = try cell.facets(near: x)
            var options = FacetOptions()
            options.rankTolerance = 0
            let unreduced = try cell.facets(near: x, options: options)
            XCTAssertEqual(reduced.linearProgramDimension, 7)
            XCTAssertEqual(unreduced.linearProgramDimension, cell.hyperplaneCount)
            XCTAssertEqual(reduced.verdicts, unreduced.verdicts)
        }
    }

    /// The row-space basis is orthonormal and spans every row.
    func testRowSpaceBasisIsOrthonormalAndSpansTheRows() {
        var g = SplitMix64(seed: 64)
        // 12 rows in ℝ^9 spanning a 4-dimensional subspace.
        let generators = (0..<4).map { _ in (0..<9).map { _ in standardNormal(using: &g) } }
        let rows = (0..<12).map { _ -> [Double] in
            let weights = (0..<4).map { _ in standardNormal(using: &g) }
            return (0..<9).map { k in (0..<4).reduce(0) { $0 + weights[$1] * generators[$1][k] } }
        }
        let basis = RowSpaceBasis(of: Matrix(rowArrays: rows), tolerance: 1e-10)
        XCTAssertEqual(basis.dimension, 4)
        let q = basis.vectors
        let gram = q.multiplied(by: q.transposed())
        for i in 0..<4 {
            for j in 0..<4 { XCTAssertEqual(gram[i, j], i == j ? 1 : 0, accuracy: 1e-13) }
        }
        for row in rows {
            let coordinates = q.multiplied(by: row)
            let back = q.transposed().multiplied(by: coordinates)
            for k in 0..<9 { XCTAssertEqual(back[k], row[k], accuracy: 1e-12) }
        }
        XCTAssertEqual(RowSpaceBasis(of: Matrix(rowArrays: rows), tolerance: 0).dimension, 9)
    }

    /// When every LP fails (here: a time budget spent before GLPK starts), the
    /// undecided rows are `.unknown` — never redundant, never facets.
    func testSolverFailuresAreReportedAsUnknown() throws {
        var g = SplitMix64(seed: 65)
        let net = try Network.random(layerSizes: [4, 20, 20, 3], decision: .argmax, using: &g)
        let x = (0..<4).map { _ in standardNormal(using: &g) }
        let cell = try net.cell(at: x)
        var options = FacetOptions()
        options.timeLimitSeconds = 1e-9
        let failed = try cell.facets(near: x, options: options)
        let normal = try cell.facets(near: x)
        let candidates = normal.verdicts.indices.filter { [.facetByLP, .redundant].contains(normal.verdicts[$0]) }
        XCTAssertGreaterThan(candidates.count, 10)
        for u in normal.verdicts.indices {
            if candidates.contains(u) {
                XCTAssertEqual(failed.verdicts[u], .unknown, "row \(u)")
            } else {
                XCTAssertEqual(failed.verdicts[u], normal.verdicts[u], "row \(u)")
            }
        }
        XCTAssertEqual(failed.unknownCount, candidates.count)
        // Each unknown row was tried in the warm GLPK problem and in fresh ones; one
        // more LP, the centre's (CentreProjectionTest), failed too and decided nothing.
        XCTAssertEqual(failed.linearProgramsSolved, 1 + (1 + ClarksonRedundancy.maximumRebuilds) * candidates.count)
    }

    /// ACAS Xu 1_1 at inputs spread over its domain: the reference's facet set.
    func testACASXuFacetsMatchOneLinearProgramPerRow() throws {
        let url = try sharedNetsDirectory().appendingPathComponent("acasxu/ACASXU_experimental_v2a_1_1.nnet")
        let net = try NNetFormat.read(contentsOf: url)
        let box = try XCTUnwrap(net.domain)
        var g = SplitMix64(seed: 66)
        for _ in 0..<10 {
            let x = (0..<5).map { k in box.lower[k] + Double.random(in: 0...1, using: &g) * (box.upper[k] - box.lower[k]) }
            let cell = try net.cell(at: x)
            let analysis = try cell.facets(near: x)
            let reference = try referenceClassification(cell: cell, near: x)
            XCTAssertEqual(analysis.unknownCount, 0)
            XCTAssertEqual(Set(analysis.facetRows), reference.facets)
            XCTAssertEqual(rows(analysis, .redundant), reference.redundant)
            XCTAssertGreaterThan(reference.redundant.count, 100)
        }
    }

    /// An MNIST image on the 784-10×10 MNIST network of ../shared/nets: the reference's facet set.
    func testMNISTFacetsMatchOneLinearProgramPerRow() throws {
        let nets = try sharedNetsDirectory()
        let net = try NNetFormat.read(contentsOf: nets.appendingPathComponent("mnist/mnist10x10.nnet"), decision: .argmax)
        // The first image only: parsing all 10 000 rows would dominate a debug build.
        let text = try String(contentsOf: nets.appendingPathComponent("data/mnist_test.csv"), encoding: .utf8)
        let firstLine = String(try XCTUnwrap(text.split(separator: "\n", maxSplits: 1).first))
        let x = try InputDataset.parseCSV(firstLine, labelColumn: .first, scale: 255).inputs[0]
        let cell = try net.cell(at: x)
        let analysis = try cell.facets(near: x)
        let reference = try referenceClassification(cell: cell, near: x)
        XCTAssertEqual(analysis.unknownCount, 0)
        XCTAssertEqual(Set(analysis.facetRows), reference.facets)
        XCTAssertEqual(rows(analysis, .redundant), reference.redundant)
        XCTAssertLessThanOrEqual(analysis.linearProgramDimension, 10)
    }

    // MARK: - Reference

    private struct Classification {
        var facets: Set<Int> = []
        var redundant: Set<Int> = []
    }

    private func rows(_ analysis: FacetAnalysis, _ verdict: FacetAnalysis.Verdict) -> Set<Int> {
        Set(analysis.verdicts.indices.filter { analysis.verdicts[$0] == verdict })
    }

    /// The definition of ``FacetAnalysis``, computed the slow way: for every
    /// merged row `u`, an LP over all rows in input space, `min n_u·y + b_u` with
    /// row `u` relaxed to `≥ −1`; a facet iff the minimum is below `−τ`. (One
    /// GLPK problem, re-solved warm with a new objective and bound per row, as
    /// the code before Clarkson did.)
    private func referenceClassification(cell: Cell, near x: [Double],
                                         options: FacetOptions = FacetOptions()) throws -> Classification {
        let constraints = cell.normalizedConstraints()
        let merge = CoincidentRowMerge(constraints, tolerance: options.coincidenceTolerance)
        let unique = merge.unique.map { constraints[$0] }
        let d = cell.inputDimension
        var program = LinearProgram(variableCount: d, direction: .minimize)
        program.variableBounds = Array(repeating: .free, count: d)
        program.objective = Array(repeating: 0, count: d)
        program.constraints = unique.map { .greaterOrEqual($0.normal, -$0.offset) }
        let session = try SimplexSession(program)
        var result = Classification()
        for (a, u) in unique.enumerated() {
            try session.setConstraintBounds(a, lower: -u.offset - 1, upper: nil)
            try session.setObjective(u.normal, constant: u.offset, direction: .minimize)
            let solution = session.solve(options: SolverOptions(method: .primal))
            try session.setConstraintBounds(a, lower: -u.offset, upper: nil)
            XCTAssertEqual(solution.status, .optimal, "reference LP of row \(u.row)")
            let minimum = try XCTUnwrap(solution.objectiveValue)
            if minimum < -options.violationTolerance {
                result.facets.insert(u.row)
            } else {
                result.redundant.insert(u.row)
            }
        }
        return result
    }
}
