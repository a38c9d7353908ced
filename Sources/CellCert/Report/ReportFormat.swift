import Foundation

/// Output formats of the certification report.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, csv, markdown
}

extension CertificationReport {
    /// The report rendered in `format`.
    public func rendered(as format: ReportFormat) throws -> String {
        switch format {
        case .json: return try jsonString()
        case .text: return textTable()
        case .csv: return csvTable()
        case .markdown: return markdownTable()
        }
    }

    /// Pretty-printed JSON with sorted keys (stable across runs).
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Column headers shared by the tabular formats.
    var columnHeaders: [String] {
        var headers = ["index", "label", "predicted", "hyperplanes", "degenerate"]
        headers += norms.map { "radius_\($0.rawValue)" }
        headers += ["binding", "facets"]
        return headers
    }

    /// One row of cells per result, shared by the tabular formats.
    var tableRows: [[String]] {
        results.map { r in
            var row = [String(r.index), r.label.map(String.init) ?? "", String(r.predictedClass),
                       String(r.cell.hyperplanes), String(r.cell.degenerate)]
            row += norms.map { n in (r.cell.radius[n.rawValue] ?? nil).map(Self.formatRadius) ?? "inf" }
            row.append(r.cell.binding.map { $0.kind == "hidden" ? "h\($0.layer).\($0.unit)" : "out.\($0.unit)" } ?? "-")
            row.append(r.cell.facets.map { $0.unknown > 0 ? "\($0.count) (+\($0.unknown)?)" : String($0.count) } ?? "")
            return row
        }
    }

    static func formatRadius(_ r: Double) -> String { String(format: "%.6e", r) }

    var modelLine: String {
        "model \(model.path) (\(model.format)): d=\(model.inputDimension), layers \(model.layerSizes.map(String.init).joined(separator: "-")), decision \(model.decision), N=\(model.faceBound)"
    }

    func textTable() -> String {
        let rows = [columnHeaders] + tableRows
        let widths = columnHeaders.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = [modelLine]
        for (i, row) in rows.enumerated() {
            lines.append(row.enumerated().map { c, v in v.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            if i == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func csvTable() -> String {
        ([columnHeaders] + tableRows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == " " }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    func markdownTable() -> String {
        var lines = ["**\(modelLine)**", "", "| " + columnHeaders.joined(separator: " | ") + " |",
                     "|" + columnHeaders.map { _ in "---" }.joined(separator: "|") + "|"]
        lines += tableRows.map { "| " + $0.joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n") + "\n"
    }
}
