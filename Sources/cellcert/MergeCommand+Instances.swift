import CellCert
import Foundation

extension MergeCommand {
    /// `merge` of the streamed shards of `verify --instances`: the result table
    /// an unsharded run prints; then, like that run, a one-line failure when
    /// some instances are `error`.
    func mergeInstanceRuns() throws {
        let tableFormat: InstanceTableFormat
        switch format {
        case .text: tableFormat = .text
        case .markdown: tableFormat = .markdown
        case .csv: tableFormat = .csv
        case .json: tableFormat = .json
        case .latex:
            throw CommandLineFailure(message: "--format latex: \(files[0]) holds verify results, rendered as text, markdown, csv or json")
        }
        if !figures.outputs.isEmpty || timing {
            throw CommandLineFailure(message: "--plot, --html and --timing render certified-radius tables; \(files[0]) holds verify results")
        }
        let table = try reportingFailures {
            try InstanceTable.merging(try files.map { (path: $0, file: try InstanceLinesFile(path: $0)) })
        }
        try writeOutput(try reportingFailures { try table.rendered(as: tableFormat) }, to: output)
        try VerifyCommand.failOnErrors(table.results, list: table.list)
    }
}
