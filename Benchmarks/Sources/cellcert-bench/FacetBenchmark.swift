import CellCert

/// Kernel `facets`: `facets(near:)` on the cell of one input. The cell is built
/// before the clock starts; each repetition classifies every face hyperplane anew.
enum FacetBenchmark {
    struct Output: Encodable {
        let kernel = "facets"
        let seconds: [Double]
        let rows: Int
        let hyperplanes: Int
        /// Rows classified as facets (one per merged hyperplane), 0-based cell rows.
        let facetRows: [Int]
        /// Rows per verdict (`facetByProjection`, `facetByLP`, `redundant`, `duplicate`, `unknown`, `degenerate`).
        let verdicts: [String: Int]
        let linearProgramsSolved: Int
        let unknown: Int
    }

    static func run(_ arguments: BenchArguments) throws {
        let network = try ModelLoader.load(path: try arguments.operand(0, "MODEL"))
        let inputs = try InputsFile.read(try arguments.operand(1, "INPUTS.csv"), dimension: network.inputDimension)
        let index = try arguments.integer("index", default: 0)
        guard inputs.indices.contains(index) else { throw BenchError("--index \(index): the file has \(inputs.count) inputs") }
        let x = inputs[index]
        let cell = try network.cell(at: x)
        let runs = try repeatTimed(repetitions: try arguments.integer("reps", default: 3),
                                   budgetSeconds: try arguments.number("budget", default: .infinity)) {
            try cell.facets(near: x)
        }
        let analysis = runs.last
        var counts: [String: Int] = [:]
        for verdict in analysis.verdicts { counts[verdict.rawValue, default: 0] += 1 }
        try printJSON(Output(seconds: runs.seconds, rows: cell.rowCount, hyperplanes: cell.hyperplaneCount,
                             facetRows: analysis.facetRows, verdicts: counts,
                             linearProgramsSolved: analysis.linearProgramsSolved, unknown: analysis.unknownCount))
    }
}
