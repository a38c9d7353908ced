import Foundation

/// The LaTeX rendering of a `DatasetTable`: a comment naming the model and the
/// data, a `tabular` of the rows, and the summary as a short list and two
/// `tabular`s. Needs `\usepackage{booktabs}`; include it in a `table`
/// environment or with `\input`.
extension DatasetTable {
    /// The LaTeX text (see the extension's documentation); the timing columns
    /// only with `timing` (times differ between runs and machines).
    public func latex(timing: Bool = false) -> String {
        let columns = self.columns(splitIntervals: false).filter { timing || !$0.isTiming }
        let rows = self.rows.map { row in columns.map { Self.latexText($0.cell(row)) } }
        var lines = ["% cellcert table — needs \\usepackage{booktabs}"] + titleLines.map { "% " + $0 }
        lines += TableRendering.latex(headers: columns.map(\.latex), rows: rows,
                                      alignment: String(repeating: "r", count: columns.count))
        lines += ["", "% summary"] + summaryLines.filter { timing || !$0.hasPrefix("time:") }.map { "% " + $0 }
        lines += ["\\begin{itemize}"] + latexSummaryItems(timing: timing).map { "\\item " + $0 } + ["\\end{itemize}"]
        let radius = radiusSummaryColumns
        if !radius.rows.isEmpty {
            let rows = zip(summary.radius, radius.rows).map { statistics, cells in
                [Self.latexNorm(statistics.norm)] + cells.dropFirst().map(Self.latexText)
            }
            lines += [""] + TableRendering.latex(headers: radius.latex, rows: rows)
        }
        let epsilon = epsilonSummaryColumns
        if !epsilon.rows.isEmpty {
            lines += [""] + TableRendering.latex(headers: epsilon.latex, rows: epsilon.rows.map { $0.map(Self.latexText) })
        }
        let accuracy = certifiedAccuracyColumns
        if !accuracy.rows.isEmpty {
            lines += ["", "% " + certifiedAccuracyTitle]
                + TableRendering.latex(headers: accuracy.latex, rows: accuracy.rows.map { row in
                    row.enumerated().map { k, cell in
                        if k == 1, case let .text(name) = cell, let norm = Norm(rawValue: name) { return Self.latexNorm(norm) }
                        return Self.latexText(cell)
                    }
                })
        }
        let shown = legend.filter { timing || $0.symbol != "ms" }
        lines += ["", "% legend", "\\begin{description}"] + shown.map { "\\item[\($0.latexSymbol)] \($0.latexMeaning)" } + ["\\end{description}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary's statements with LaTeX math (pdfLaTeX needs no Unicode support).
    func latexSummaryItems(timing: Bool) -> [String] {
        let s = summary
        var first = "inputs: \(s.inputs)"
        if let correct = s.correct {
            first += " (\(s.labelled) labelled), correct: \(correct) (\(Self.latexPercent(s.accuracy ?? 0)))"
        }
        var items = [first]
        if let suspicious = s.suspicious {
            items.append("suspicious ($r_2 < \\delta^*(\\eta)$ at some $\\varepsilon$, $\\eta = \(settings.eta)$): "
                         + "\(Int((suspicious * Double(s.inputs)).rounded())) (\(Self.latexPercent(suspicious)))")
        }
        guard timing else { return items }
        items.append(String(format: "time: %.3f\\,s total, %.1f\\,ms per input on one thread (%d %@)",
                            s.totalSeconds, s.meanMilliseconds, settings.threads, settings.threads == 1 ? "thread" : "threads"))
        return items
    }

    static func latexPercent(_ fraction: Double) -> String { String(format: "%.1f\\,\\%%", 100 * fraction) }

    /// `$\ell_2$`, `$\ell_\infty$`, `$\ell_1$`.
    static func latexNorm(_ norm: Norm) -> String {
        switch norm {
        case .l2: return "$\\ell_2$"
        case .linf: return "$\\ell_\\infty$"
        case .l1: return "$\\ell_1$"
        }
    }

    /// A cell in LaTeX.
    static func latexText(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return TableRendering.latexEscaped(s)
        case let .integer(i): return String(i)
        case let .length(r): return TableRendering.latexScientific(r)
        case let .probability(p): return String(format: "%.4f", p)
        case let .interval(v, lower, upper): return String(format: "%.4f {\\scriptsize [%.4f, %.4f]}", v, lower, upper)
        case let .milliseconds(ms): return String(format: "%.1f", ms)
        case let .ratio(v): return String(format: "%.4f", v)
        case .empty: return ""
        }
    }
}
