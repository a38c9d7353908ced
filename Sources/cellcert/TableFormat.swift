import ArgumentParser
import CellCert

/// Formats of the experiment tables printed by `bound` and `sweep`.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, csv

    /// `rows` under `headers`, with `title` above them (not in CSV).
    func render(title: String, headers: [String], rows: [[String]]) -> String {
        let lines: [String]
        switch self {
        case .csv: lines = TableRendering.csv(headers: headers, rows: rows)
        case .markdown: lines = ["**\(title)**", ""] + TableRendering.markdown(headers: headers, rows: rows)
        case .text: lines = [title] + TableRendering.text(headers: headers, rows: rows, rightAligned: true)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
