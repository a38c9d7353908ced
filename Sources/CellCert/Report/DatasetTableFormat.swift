/// Output formats of `cellcert table` (`DatasetTable.rendered(as:)`).
public enum DatasetTableFormat: String, CaseIterable, Sendable {
    /// Aligned plain-text columns, then the summary.
    case text
    /// GitHub-flavoured Markdown tables: the rows, then the summary.
    case markdown
    /// RFC 4180 CSV of the rows only (one header line), full precision.
    case csv
    /// LaTeX `tabular`s (booktabs rules) of the rows and of the summary.
    case latex
    /// The JSON document of Docs/json-output.md ("cellcert table").
    case json
}
