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
        if hasDomainRadii { headers += norms.map { "in_domain_\($0.rawValue)" } }
        if hasRechecks { headers.append("recheck") }
        if let norm = boundaryNorm { headers += ["boundary_\(norm.rawValue)", "boundary_lower", "boundary_upper", "boundary_status", "witness_class"] }
        return headers
    }

    /// Whether the radii were re-checked exactly.
    var hasRechecks: Bool { results.contains { $0.cell.recheck != nil } }
    /// Whether any result carries domain-aware radii.
    var hasDomainRadii: Bool { results.contains { $0.cell.radiusInDomain != nil } }
    /// The norm of the decision-boundary columns, when any result has one.
    var boundaryNorm: Norm? { results.lazy.compactMap { $0.decisionBoundary?.norm }.first }

    /// One row of cells per result, shared by the tabular formats.
    var tableRows: [[String]] {
        results.map { r in
            var row = [String(r.index), r.label.map(String.init) ?? "", String(r.predictedClass),
                       String(r.cell.hyperplanes), String(r.cell.degenerate)]
            row += norms.map { n in r.cell.radius[n].map(Self.formatFiniteRadius) ?? "-" }
            row.append(r.cell.binding?.readableName ?? "-")
            row.append(r.cell.facets.map { $0.unknown > 0 ? "\($0.count) (+\($0.unknown)?)" : String($0.count) } ?? "")
            if hasDomainRadii {
                row += norms.map { n in
                    guard let radii = r.cell.radiusInDomain else { return "-" }
                    return radii[n].map(Self.formatFiniteRadius) ?? "-"
                }
            }
            if hasRechecks {
                let failed = norms.filter { r.cell.recheck?[$0]?.holds == false }
                row.append(r.cell.recheck == nil ? "-" : failed.isEmpty ? "exact" : "FAILED " + failed.map(\.rawValue).joined(separator: " "))
            }
            if boundaryNorm != nil {
                let b = r.decisionBoundary
                row += [b.map { $0.distance.map(Self.formatRadius) ?? ($0.status == .exact ? "inf" : "-") } ?? "-",
                        b.map { $0.lower.map(Self.formatRadius) ?? "inf" } ?? "-",
                        b.map { $0.upper.map(Self.formatRadius) ?? "inf" } ?? "-",
                        b?.status.rawValue ?? "-",
                        b?.witness.map { String($0.predictedClass) } ?? "-"]
            }
            return row
        }
    }

    static func formatRadius(_ r: Double) -> String { String(format: "%.6e", r) }
    /// A radius, `inf` when infinite.
    static func formatFiniteRadius(_ r: Double) -> String { r.isFinite ? formatRadius(r) : "inf" }
    static func formatProbability(_ p: Double) -> String { String(format: "%.6f", p) }

    /// Whether any result carries probabilistic bounds.
    var hasBounds: Bool { results.contains { $0.bounds != nil } }

    /// Headers of the bounds table: one row per input and `ε`.
    var boundsHeaders: [String] {
        ["index", "epsilon", "radius_l2", "deltaStar", "epsilonStar", "suspicious", "paper", "perHyperplane", "exactCap", "facets", "gaussian",
         "mc_robustness", "mc_lower", "mc_upper", "mc_leftCell"]
    }

    /// The bounds beside the radius and the Monte Carlo estimate, one row per input and `ε`.
    var boundsRows: [[String]] {
        results.flatMap { r -> [[String]] in
            guard let bounds = r.bounds, let thresholds = r.thresholds else { return [] }
            let radius = r.cell.radius[.l2].map(Self.formatFiniteRadius) ?? "-"
            return bounds.enumerated().map { k, b in
                let star = thresholds.deltaStar[k]
                let mc = r.monteCarlo?.first { $0.epsilon == b.epsilon }
                return [String(r.index), "\(b.epsilon)", radius, Self.formatRadius(star),
                        thresholds.epsilonStar.map(Self.formatRadius) ?? "inf",
                        b.suspicious ? "yes" : "no",
                        Self.formatProbability(b.paper), Self.formatProbability(b.perHyperplane),
                        Self.formatProbability(b.exactCap), b.facets.map(Self.formatProbability) ?? "",
                        b.gaussian.map(Self.formatProbability) ?? "",
                        mc.map { Self.formatProbability($0.robustness) } ?? "", mc.map { Self.formatProbability($0.lower) } ?? "",
                        mc.map { Self.formatProbability($0.upper) } ?? "", mc.map { "\($0.leftCell)/\($0.samples)" } ?? ""]
            }
        }
    }

    var modelLine: String {
        "model \(model.path) (\(model.format)): d=\(model.inputDimension), layers \(model.layerSizes.map(String.init).joined(separator: "-")), decision \(model.decision), N=\(model.faceBound)"
    }

    func textTable() -> String {
        var lines = [modelLine] + TableRendering.text(headers: columnHeaders, rows: tableRows)
        if hasBounds {
            let eta = results.compactMap { $0.thresholds?.eta }.first ?? 0
            lines += ["", "robustness lower bounds on ρ(x, ε) (η = \(eta) for δ*):"] + TableRendering.text(headers: boundsHeaders, rows: boundsRows)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV: one row per input; with bounds, one row per input and `ε` (the input's columns repeated).
    func csvTable() -> String {
        guard hasBounds else {
            return TableRendering.csv(headers: columnHeaders, rows: tableRows).joined(separator: "\n") + "\n"
        }
        let byIndex = Dictionary(tableRows.map { ($0[0], $0) }, uniquingKeysWith: { a, _ in a })
        let header = columnHeaders + boundsHeaders.dropFirst()
        let rows = boundsRows.map { b in (byIndex[b[0]] ?? []) + b.dropFirst() }
        return TableRendering.csv(headers: header, rows: rows).joined(separator: "\n") + "\n"
    }

    func markdownTable() -> String {
        var lines = ["**\(modelLine)**", ""] + TableRendering.markdown(headers: columnHeaders, rows: tableRows)
        if hasBounds {
            lines += [""] + TableRendering.markdown(headers: boundsHeaders, rows: boundsRows)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
