/// Plain-text, Markdown and CSV renderings of a table of strings, shared by
/// every report and experiment table.
public enum TableRendering {
    /// Columns padded to equal width, a rule under the header. Numbers read best
    /// right-aligned (`rightAligned: true`).
    public static func text(headers: [String], rows: [[String]], rightAligned: Bool = false) -> [String] {
        let all = [headers] + rows
        let widths = headers.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        var lines: [String] = []
        for (i, row) in all.enumerated() {
            let cells = row.enumerated().map { c, v in
                let pad = String(repeating: " ", count: widths[c] - v.count)
                return rightAligned ? pad + v : v + pad
            }
            lines.append(String(cells.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed()))
            if i == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines
    }

    /// A GitHub-flavoured Markdown table.
    public static func markdown(headers: [String], rows: [[String]]) -> [String] {
        ["| " + headers.joined(separator: " | ") + " |", "|" + headers.map { _ in "---" }.joined(separator: "|") + "|"]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" }
    }

    /// RFC 4180 CSV, fields quoted where needed.
    public static func csv(headers: [String], rows: [[String]]) -> [String] {
        ([headers] + rows).map { $0.map(csvField).joined(separator: ",") }
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
