import Foundation

/// Text, Markdown, CSV and JSON renderings of a `DatasetTable` (LaTeX is in
/// `DatasetTable+LaTeX.swift`).
extension DatasetTable {
    /// The table rendered in `format`; `timing` keeps LaTeX's timing columns
    /// (the other formats always show them).
    ///
    /// - Throws: only for JSON, if encoding fails.
    public func rendered(as format: DatasetTableFormat, timing: Bool = false) throws -> String {
        switch format {
        case .text: return text()
        case .markdown: return markdown()
        case .csv: return csv()
        case .latex: return latex(timing: timing)
        case .json: return try json()
        }
    }

    /// Pretty-printed JSON with sorted keys (Docs/json-output.md, "cellcert table").
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// CSV of the rows: one header line, one line per input, numbers in
    /// shortest round-tripping form (`inf` for an infinite radius), Monte
    /// Carlo estimate and interval bounds in separate columns. No summary.
    public func csv() -> String {
        let columns = self.columns(splitIntervals: true)
        let rows = self.rows.map { row in columns.map { Self.csvText($0.cell(row)) } }
        return TableRendering.csv(headers: columns.map(\.key), rows: rows).joined(separator: "\n") + "\n"
    }

    /// Aligned columns: a title line, the rows, then the summary.
    public func text() -> String {
        let columns = self.columns(splitIntervals: false)
        let rows = self.rows.map { row in columns.map { Self.plainText($0.cell(row)) } }
        var lines = titleLines
        lines += TableRendering.text(headers: columns.map(\.key), rows: rows, rightAligned: true)
        lines += ["", "summary"] + summaryLines.map { "  " + $0 }
        let radius = radiusSummaryColumns
        if !radius.rows.isEmpty {
            lines += ["", "certified radius:"]
                + TableRendering.text(headers: radius.keys, rows: radius.rows.map { $0.map(Self.plainText) }, rightAligned: true)
        }
        let epsilon = epsilonSummaryColumns
        if !epsilon.rows.isEmpty {
            lines += ["", "at each ε (fractions of all inputs; certified: r_l2 ≥ ε):"]
                + TableRendering.text(headers: epsilon.keys, rows: epsilon.rows.map { $0.map(Self.plainText) }, rightAligned: true)
        }
        let accuracy = certifiedAccuracyColumns
        if !accuracy.rows.isEmpty {
            lines += ["", certifiedAccuracyTitle]
                + TableRendering.text(headers: accuracy.keys, rows: accuracy.rows.map { $0.map(Self.plainText) }, rightAligned: true)
        }
        lines += ["", "legend"] + legendLines.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Markdown: a bold title, the rows table, then the summary as a list and two tables.
    public func markdown() -> String {
        let columns = self.columns(splitIntervals: false)
        let rows = self.rows.map { row in columns.map { Self.plainText($0.cell(row)) } }
        var lines = titleLines.map { "**\($0)**" }.joined(separator: "  \n").split(separator: "\n").map(String.init) + [""]
        lines += TableRendering.markdown(headers: columns.map(\.key), rows: rows)
        lines += ["", "**Summary**", ""] + summaryLines.map { "- " + $0 }
        let radius = radiusSummaryColumns
        if !radius.rows.isEmpty {
            lines += ["", "Certified radius:", ""]
                + TableRendering.markdown(headers: radius.keys, rows: radius.rows.map { $0.map(Self.plainText) })
        }
        let epsilon = epsilonSummaryColumns
        if !epsilon.rows.isEmpty {
            lines += ["", "At each ε (fractions of all inputs; certified: r_l2 ≥ ε):", ""]
                + TableRendering.markdown(headers: epsilon.keys, rows: epsilon.rows.map { $0.map(Self.plainText) })
        }
        let accuracy = certifiedAccuracyColumns
        if !accuracy.rows.isEmpty {
            lines += ["", certifiedAccuracyTitle.prefix(1).uppercased() + certifiedAccuracyTitle.dropFirst(), ""]
                + TableRendering.markdown(headers: accuracy.keys, rows: accuracy.rows.map { $0.map(Self.plainText) })
        }
        lines += ["", "**Legend**", ""] + legend.map { "- `\($0.symbol)`: \($0.meaning)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The model and data lines above the table.
    var titleLines: [String] {
        var settingsLine = "inputs \(settings.inputs): \(rows.count) \(rows.count == 1 ? "input" : "inputs")"
        if !settings.epsilons.isEmpty {
            settingsLine += ", ε = " + settings.epsilons.map(Self.epsilonText).joined(separator: ", ") + ", η = \(settings.eta)"
        }
        if let mc = settings.monteCarlo {
            settingsLine += ", Monte Carlo \(mc.samples) samples (seed \(mc.seed), confidence \(mc.confidence))"
        }
        if let domain = settings.domain {
            settingsLine += ", domain \(domain.source)"
            if let free = domain.free { settingsLine += " (free features " + free.map(String.init).joined(separator: ", ") + ", the others fixed)" }
        }
        if let b = settings.boundary {
            settingsLine += ", decision boundary R_\(b.norm.rawValue) by \(b.method.rawValue)"
            if let t = b.timeoutSeconds { settingsLine += " (timeout \(t) s per input)" }
        }
        return ["model \(model.path) (\(model.format)): d=\(model.inputDimension), layers \(model.layerSizes.map(String.init).joined(separator: "-")), decision \(model.decision), N=\(model.faceBound)",
                settingsLine]
    }

    /// The summary's counts and times, one statement per line.
    var summaryLines: [String] {
        let s = summary
        var lines: [String] = []
        var first = "inputs: \(s.inputs)"
        if let correct = s.correct {
            first += " (\(s.labelled) labelled), correct: \(correct) (\(Self.percent(s.accuracy ?? 0)))"
        }
        lines.append(first)
        if let suspicious = s.suspicious {
            lines.append("suspicious (r_l2 < δ*(η) at some ε, η = \(settings.eta)): \(Int((suspicious * Double(s.inputs)).rounded())) (\(Self.percent(suspicious)))")
        }
        lines.append(String(format: "time: %.3f s total, %.1f ms per input on one thread (%d %@)",
                            s.totalSeconds, s.meanMilliseconds, settings.threads, settings.threads == 1 ? "thread" : "threads"))
        return lines
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.1f %%", 100 * fraction) }

    /// A cell for text and Markdown: 4 significant digits.
    static func plainText(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return s
        case let .integer(i): return String(i)
        case let .length(r): return r.isFinite ? String(format: "%.4e", r) : "inf"
        case let .probability(p): return String(format: "%.4f", p)
        case let .interval(v, lower, upper): return String(format: "%.4f [%.4f, %.4f]", v, lower, upper)
        case let .milliseconds(ms): return String(format: "%.1f", ms)
        case let .ratio(v): return String(format: "%.4f", v)
        case .empty: return ""
        }
    }

    /// A cell for CSV: full precision.
    static func csvText(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return s
        case let .integer(i): return String(i)
        case let .length(r): return r.isFinite ? "\(r)" : "inf"
        case let .probability(p): return "\(p)"
        case let .interval(v, lower, upper): return "\(v) [\(lower), \(upper)]"
        case let .milliseconds(ms): return String(format: "%.3f", ms)
        case let .ratio(v): return "\(v)"
        case .empty: return ""
        }
    }
}
