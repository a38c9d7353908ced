/// One self-contained HTML page of a `DatasetTable` (`table --html`): the
/// command line, the model, the legend, the rows, the summary tables and the
/// figures as inline SVG. No script, no external style sheet, font or image:
/// it opens from disk in any browser, without a server.
public enum HTMLReport {
    /// The page; `commandLine` is shown as run, `figure` is `SVGPlot.render`'s document (or empty for none).
    public static func render(_ table: DatasetTable, commandLine: String, figure: String) -> String {
        var body: [String] = []
        body.append("<h1>cellcert table: \(escaped(table.model.path))</h1>")
        body.append("<pre class=\"command\">\(escaped(commandLine))</pre>")
        body.append("<p class=\"model\">" + table.titleLines.map(escaped).joined(separator: "<br>") + "</p>")

        body.append("<h2>Legend</h2>")
        body.append("<dl class=\"legend\">" + table.legend.map {
            "<dt>\(escaped($0.symbol))</dt><dd>\(escaped($0.meaning))</dd>"
        }.joined() + "</dl>")

        body.append("<h2>Summary</h2>")
        body.append("<ul>" + table.summaryLines.map { "<li>\(escaped($0))</li>" }.joined() + "</ul>")
        let accuracy = table.certifiedAccuracyColumns
        if !accuracy.rows.isEmpty {
            let title = table.certifiedAccuracyTitle
            body.append("<h3>\(escaped(title.hasSuffix(":") ? String(title.dropLast()) : title))</h3>")
            body.append(htmlTable(headers: accuracy.keys, rows: accuracy.rows.map { $0.map(DatasetTable.plainText) }, id: "certified-accuracy"))
        }
        let radius = table.radiusSummaryColumns
        if !radius.rows.isEmpty {
            body.append("<h3>Certified radius</h3>")
            body.append(htmlTable(headers: radius.keys, rows: radius.rows.map { $0.map(DatasetTable.plainText) }, id: "radius-summary"))
        }
        let epsilon = table.epsilonSummaryColumns
        if !epsilon.rows.isEmpty {
            body.append("<h3>At each ε (fractions of all inputs; certified: r₂ ≥ ε)</h3>")
            body.append(htmlTable(headers: epsilon.keys, rows: epsilon.rows.map { $0.map(DatasetTable.plainText) }, id: "epsilon-summary"))
        }

        if !figure.isEmpty {
            body.append("<h2>Figures</h2>")
            body.append("<figure>" + inlineSVG(figure) + "</figure>")
        }

        body.append("<h2>Inputs</h2>")
        let columns = table.columns(splitIntervals: false)
        body.append(htmlTable(headers: columns.map(\.key), rows: table.rows.map { row in columns.map { DatasetTable.plainText($0.cell(row)) } },
                              id: "rows"))

        let style = """
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em; color: #222; max-width: 1400px; }
            pre.command { background: #f4f4f4; padding: 0.6em; white-space: pre-wrap; word-break: break-all; }
            table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0 1.5em; }
            th, td { border-bottom: 1px solid #ddd; padding: 0.2em 0.6em; text-align: right; white-space: nowrap; }
            th { background: #f0f0f0; position: sticky; top: 0; }
            div.scroll { overflow-x: auto; }
            dl.legend { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; font-size: 0.9em; }
            dt { font-weight: bold; } dd { margin: 0; }
            figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
            """
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>cellcert table: \(escaped(table.model.path))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// A table inside a horizontally scrolling box.
    static func htmlTable(headers: [String], rows: [[String]], id: String) -> String {
        "<div class=\"scroll\"><table id=\"\(id)\"><thead><tr>" + headers.map { "<th>\(escaped($0))</th>" }.joined()
            + "</tr></thead><tbody>" + rows.map { "<tr>" + $0.map { "<td>\(escaped($0))</td>" }.joined() + "</tr>" }.joined()
            + "</tbody></table></div>"
    }

    /// The SVG document without its XML declaration, for inline use.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }

    /// `text` with `& < > "` escaped for HTML.
    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
