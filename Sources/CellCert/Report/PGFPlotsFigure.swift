import Foundation

/// The figures of a `DatasetTable` as PGFPlots code, so that a LaTeX paper
/// typesets them in its own fonts: one `tikzpicture` per panel, the same
/// panels and data as `SVGPlot` (certified accuracy against `ε`, radius
/// histograms, bounds and Monte Carlo per input). Needs
/// `\usepackage{pgfplots}` and `\pgfplotsset{compat=1.16}` (or later); include
/// the file with `\input`. Text is pdfLaTeX-safe (no Unicode).
public enum PGFPlotsFigure {
    /// The PGFPlots code of `table` with the panels of `options`; the panel
    /// height follows the aspect ratio of `options`.
    public static func render(_ table: DatasetTable, options: FigureOptions = FigureOptions()) -> String {
        let ratio = options.panelHeight / options.panelWidth
        var lines = ["% cellcert table figures — needs \\usepackage{pgfplots} and \\pgfplotsset{compat=1.16}",
                     "% model \(table.model.path), \(table.rows.count) inputs"]
        let panels = options.panels(for: table)
        if panels.isEmpty { lines.append("% no inputs: no figure") }
        for panel in panels {
            switch panel {
            case .accuracy: lines += accuracy(table, ratio: ratio)
            case .histograms:
                for norm in SVGPlot.histogramNorms(table.settings.norms) { lines += histogram(table, norm: norm, ratio: ratio) }
            case .bounds:
                for (k, epsilon) in table.settings.epsilons.enumerated() { lines += bounds(table, index: k, epsilon: epsilon, ratio: ratio) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `x` for a coordinate list: full precision, no exponent PGF cannot read.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        return String(format: "%.10g", x)
    }

    static func coordinates(_ points: [(Double, Double)]) -> String {
        points.map { "(\(number($0.0)),\(number($0.1)))" }.joined(separator: " ")
    }

    static func axis(_ options: [String], ratio: Double) -> String {
        "\\begin{axis}[" + (["width=\\linewidth", "height=\(String(format: "%.3f", ratio))\\linewidth",
                             "legend cell align=left", "legend style={font=\\footnotesize}", "tick label style={font=\\footnotesize}"]
                            + options).joined(separator: ", ") + "]"
    }

    static func latexNorm(_ norm: Norm) -> String {
        switch norm {
        case .l2: return "\\ell_2"
        case .linf: return "\\ell_\\infty"
        case .l1: return "\\ell_1"
        }
    }

    static func latexSubscript(_ norm: Norm) -> String {
        switch norm {
        case .l2: return "2"
        case .linf: return "\\infty"
        case .l1: return "1"
        }
    }

    // MARK: - Panels

    static func accuracy(_ table: DatasetTable, ratio: Double) -> [String] {
        guard let norm = table.accuracyNorm else { return [] }
        let end = table.accuracyAxisEnd
        let p = latexSubscript(norm)
        let styles: [CertifiedAccuracyCurve.Source: (style: String, mark: String, label: String)] = [
            .cellRadius: ("blue, very thick", "mark=*", "cell radius $r_{\(p)} \\ge \\varepsilon$"),
            .domainRadius: ("orange, thick, dashed", "mark=square", "in-domain radius $r^D_{\(p)} \\ge \\varepsilon$"),
            .boundary: ("green!60!black, thin", "mark=triangle*", "decision boundary $R_{\(p)} \\ge \\varepsilon$"),
            .boundaryUpper: ("violet, thin, densely dotted", "", "no witness $< \\varepsilon$ (upper bound)")]
        var lines = ["", "% certified accuracy against epsilon", "\\begin{tikzpicture}",
                     axis(["xlabel={$\\varepsilon$, radius of the $\(latexNorm(norm))$ ball}",
                           "ylabel={certified accuracy}", "xmin=0", "xmax=\(number(end))", "ymin=0", "ymax=1.02",
                           "legend pos=north east"], ratio: ratio)]
        for curve in table.accuracyCurves {
            let style = styles[curve.source]!
            lines.append("\\addplot[\(style.style), mark=none] coordinates {\(coordinates(curve.steps(upTo: end).map { ($0.epsilon, $0.value) }))};")
            lines.append("\\addlegendentry{\(style.label)}")
            let marks = table.settings.epsilons.filter { $0 <= end }
            if !style.mark.isEmpty, !marks.isEmpty {
                lines.append("\\addplot[only marks, \(style.style.split(separator: ",")[0]), \(style.mark), forget plot] coordinates {"
                             + coordinates(marks.map { ($0, curve.value(at: $0)) }) + "};")
            }
        }
        return lines + ["\\end{axis}", "\\end{tikzpicture}"]
    }

    static func histogram(_ table: DatasetTable, norm: Norm, ratio: Double) -> [String] {
        let values = table.rows.compactMap { $0.radius[norm] }.filter { $0.isFinite && $0 > 0 }
        let left = table.rows.count - values.count
        guard let low = values.min(), let high = values.max() else {
            return ["", "% histogram of the \(norm.rawValue) radii: no finite positive radius"]
        }
        let useLog = values.count >= 2 && high / low > 50
        let count = min(30, max(6, Int((1.5 * Double(values.count).squareRoot()).rounded(.up))))
        let (a, b) = useLog ? (log10(low).rounded(.down), max(log10(high).rounded(.up), log10(low).rounded(.down) + 1))
                            : (0.0, high * 1.0001)
        let width = (b - a) / Double(count)
        var bins = [Int](repeating: 0, count: count)
        for v in values {
            let t = ((useLog ? log10(v) : v) - a) / width
            bins[min(count - 1, max(0, Int(t)))] += 1
        }
        let edge = { (k: Int) -> Double in useLog ? pow(10, a + Double(k) * width) : a + Double(k) * width }
        let points = (0...count).map { k in (edge(k), Double(k < count ? bins[k] : 0)) }
        let p = latexSubscript(norm)
        var lines = ["", "% histogram of the certified \(norm.rawValue) radii", "\\begin{tikzpicture}",
                     axis(["xlabel={$r_{\(p)}$, certified $\(latexNorm(norm))$ radius}", "ylabel={inputs}", "ymin=0"]
                          + (useLog ? ["xmode=log"] : ["xmin=0"]), ratio: ratio),
                     "\\addplot[ybar interval, fill=\(norm == .linf ? "orange" : "blue")!60, draw=white] coordinates {\(coordinates(points))};",
                     "\\addlegendentry{\(values.count) inputs\(left > 0 ? ", \(left) with $r = 0$ or $\\infty$ not shown" : "")}"]
        if norm == .l2 {
            for epsilon in table.settings.epsilons where epsilon >= edge(0) && epsilon <= edge(count) {
                lines.append("\\draw[gray, dashed] (axis cs:\(number(epsilon)),0) -- (axis cs:\(number(epsilon)),\(bins.max() ?? 1)) "
                             + "node[above, font=\\scriptsize] {$\\varepsilon = \(number(epsilon))$};")
            }
        }
        return lines + ["\\end{axis}", "\\end{tikzpicture}"]
    }

    static func bounds(_ table: DatasetTable, index k: Int, epsilon: Double, ratio: Double) -> [String] {
        let rows = table.rows.sorted { ($0.radius[.l2] ?? 0, $0.index) < ($1.radius[.l2] ?? 0, $1.index) }
        let ranked = rows.enumerated().compactMap { rank, row in row.bounds.indices.contains(k) ? (Double(rank + 1), row) : nil }
        var lines = ["", "% epsilon = \(number(epsilon)): bounds on rho(x, epsilon) per input, sorted by r_2", "\\begin{tikzpicture}",
                     axis(["xlabel={inputs sorted by the certified $\\ell_2$ radius $r_2$}",
                           "ylabel={$\\rho(x, \\varepsilon)$: bound or estimate}", "ymin=-0.04", "ymax=1.04",
                           "title={$\\varepsilon = \(number(epsilon))$}", "legend pos=south east"], ratio: ratio),
                     "\\addplot[only marks, mark=square*, orange, mark size=1.8pt] coordinates {"
                         + coordinates(ranked.map { ($0.0, $0.1.bounds[k].paper) }) + "};",
                     "\\addlegendentry{paper (Thm 4.2)}",
                     "\\addplot[only marks, mark=*, blue, mark size=1.5pt] coordinates {"
                         + coordinates(ranked.map { ($0.0, $0.1.bounds[k].exactCap) }) + "};",
                     "\\addlegendentry{exact cap}"]
        let estimates = ranked.compactMap { rank, row in row.monteCarlo?.first { $0.epsilon == epsilon }.map { (rank, $0) } }
        if !estimates.isEmpty {
            lines.append("\\addplot[only marks, mark=diamond, green!50!black, error bars/.cd, y dir=both, y explicit] coordinates {"
                         + estimates.map { rank, e in
                             "(\(number(rank)),\(number(e.robustness))) += (0,\(number(e.upper - e.robustness))) -= (0,\(number(e.robustness - e.lower)))"
                         }.joined(separator: " ") + "};")
            lines.append("\\addlegendentry{Monte Carlo estimate and interval}")
        }
        return lines + ["\\end{axis}", "\\end{tikzpicture}"]
    }
}
