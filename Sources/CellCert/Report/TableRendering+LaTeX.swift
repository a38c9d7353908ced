import Foundation

/// LaTeX rendering of a table of cells, beside the text, Markdown and CSV ones.
extension TableRendering {
    /// A `tabular` with booktabs rules (`\usepackage{booktabs}`): `headers`
    /// and `rows` are LaTeX already (use `latexEscaped` for plain text);
    /// `alignment` holds one of `l`, `c`, `r` per column (default: `l` for the
    /// first column, `r` for the others).
    public static func latex(headers: [String], rows: [[String]], alignment: String? = nil) -> [String] {
        let spec = alignment ?? (headers.isEmpty ? "" : "l" + String(repeating: "r", count: headers.count - 1))
        precondition(spec.count == headers.count, "one alignment letter per column")
        return ["\\begin{tabular}{\(spec)}", "\\toprule", headers.joined(separator: " & ") + " \\\\", "\\midrule"]
            + rows.map { $0.joined(separator: " & ") + " \\\\" }
            + ["\\bottomrule", "\\end{tabular}"]
    }

    /// `text` with LaTeX's special characters escaped (`# $ % & _ { } ~ ^ \`).
    public static func latexEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "#", "$", "%", "&", "_", "{", "}": out += "\\" + String(c)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out.append(c)
            }
        }
        return out
    }

    /// `x` in LaTeX math with four significant digits: `$3.142\cdot 10^{-2}$`,
    /// `$\infty$` for `+∞`.
    public static func latexScientific(_ x: Double) -> String {
        guard x.isFinite else { return x > 0 ? "$\\infty$" : "$-\\infty$" }
        let parts = String(format: "%.3e", x).split(separator: "e")
        let exponent = Int(parts[1]) ?? 0
        return exponent == 0 ? "$\(parts[0])$" : "$\(parts[0])\\cdot 10^{\(exponent)}$"
    }
}
